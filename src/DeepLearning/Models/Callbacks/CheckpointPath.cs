using System.Globalization;
using System.Text;

namespace DeepLearning.Models.Callbacks;

/// <summary>
/// A checkpoint file-name pattern with Keras's placeholders (Python's <c>str.format</c> on epoch and logs):
/// <c>{name}</c> or <c>{name:spec}</c>, where name is "epoch" (1-based, as Keras), "batch" (1-based, batch-level
/// saving) or a log key such as "val_loss"; "{{" and "}}" are literal braces. Specs in Python's form are understood:
/// an optional "0" (zero padding) and width, an optional ".precision", and a type d (integer), f (fixed), e
/// (exponent, as Python: "1.50e-03"), g or % — so "{epoch:02d}-{val_loss:.3f}" gives "07-0.123". Any other spec is
/// used as a .NET format string ("{val_loss:F3}", "{epoch:D3}"). Numbers use the invariant culture.
/// </summary>
internal sealed class CheckpointPath
{
    private readonly List<(string? Literal, string? Key, string? Spec)> _parts = [];

    /// <exception cref="ArgumentException">Unbalanced braces or an empty placeholder.</exception>
    public CheckpointPath(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Pattern = pattern;
        var literal = new StringBuilder();
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '{' && i + 1 < pattern.Length && pattern[i + 1] == '{') { literal.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < pattern.Length && pattern[i + 1] == '}') { literal.Append('}'); i++; continue; }
            if (c == '}') throw new ArgumentException($"ModelCheckpoint: unmatched '}}' at position {i} of the file path pattern '{pattern}'; write '}}}}' for a literal brace.", nameof(pattern));
            if (c != '{') { literal.Append(c); continue; }
            int close = pattern.IndexOf('}', i + 1);
            if (close < 0) throw new ArgumentException($"ModelCheckpoint: unmatched '{{' at position {i} of the file path pattern '{pattern}'; write '{{{{' for a literal brace.", nameof(pattern));
            string inner = pattern[(i + 1)..close];
            int colon = inner.IndexOf(':');
            string key = colon < 0 ? inner : inner[..colon];
            if (key.Length == 0) throw new ArgumentException($"ModelCheckpoint: an empty placeholder in the file path pattern '{pattern}'.", nameof(pattern));
            if (literal.Length > 0) { _parts.Add((literal.ToString(), null, null)); literal.Clear(); }
            _parts.Add((null, key, colon < 0 ? null : inner[(colon + 1)..]));
            i = close;
        }
        if (literal.Length > 0) _parts.Add((literal.ToString(), null, null));
    }

    public string Pattern { get; }

    /// <summary>True when the pattern has no placeholder (every save overwrites the same file).</summary>
    public bool IsFixed => _parts.All(p => p.Key is null);

    /// <summary>The file name for an epoch (0-based; shown 1-based), an optional batch (0-based) and the logs.</summary>
    /// <exception cref="InvalidOperationException">A placeholder names a value the logs do not have.</exception>
    public string Format(int epoch, int? batch, Logs logs)
    {
        var sb = new StringBuilder();
        foreach (var (literal, key, spec) in _parts)
        {
            if (literal is not null) { sb.Append(literal); continue; }
            if (key == "epoch") sb.Append(FormatNumber(epoch + 1, isInteger: true, spec));
            else if (key == "batch" && batch is int b) sb.Append(FormatNumber(b + 1, isInteger: true, spec));
            else if (logs.TryGetValue(key!, out double v)) sb.Append(FormatNumber(v, isInteger: false, spec));
            else
                throw new InvalidOperationException($"ModelCheckpoint: the file path pattern '{Pattern}' uses {{{key}}}, which is not available. " +
                    $"Available: epoch{(batch is null ? "" : ", batch")}{(logs.Count > 0 ? ", " + string.Join(", ", logs.Keys) : "")}.");
        }
        return sb.ToString();
    }

    internal static string FormatNumber(double value, bool isInteger, string? spec)
    {
        var inv = CultureInfo.InvariantCulture;
        if (string.IsNullOrEmpty(spec)) return isInteger ? ((long)value).ToString(inv) : value.ToString("R", inv);
        if (!TryParsePythonSpec(spec, out bool zero, out int width, out int? precision, out char type))
            return isInteger ? ((long)value).ToString(spec, inv) : value.ToString(spec, inv);
        string text = type switch
        {
            'd' => Math.Round(value).ToString("0", inv),
            'f' or 'F' => value.ToString("F" + (precision ?? 6).ToString(inv), inv),
            'e' or 'E' => PythonExponent(value, precision ?? 6, type),
            'g' or 'G' => value.ToString("G" + Math.Max(1, precision ?? 6).ToString(inv), inv),
            '%' => (value * 100).ToString("F" + (precision ?? 6).ToString(inv), inv) + "%",
            _ => isInteger && precision is null ? ((long)value).ToString(inv) : precision is int p ? value.ToString("F" + p.ToString(inv), inv) : value.ToString("R", inv),
        };
        if (text.Length >= width) return text;
        if (!zero) return text.PadLeft(width);
        bool negative = text.StartsWith('-');
        return negative ? "-" + text[1..].PadLeft(width - 1, '0') : text.PadLeft(width, '0');
    }

    /// <summary>[0][width][.precision][type] with type one of d f F e E g G % (or none).</summary>
    private static bool TryParsePythonSpec(string spec, out bool zero, out int width, out int? precision, out char type)
    {
        zero = false;
        width = 0;
        precision = null;
        type = '\0';
        int i = 0;
        if (i < spec.Length && spec[i] == '0') { zero = true; i++; }
        int start = i;
        while (i < spec.Length && char.IsAsciiDigit(spec[i])) i++;
        if (i > start && !int.TryParse(spec.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out width)) return false;
        if (i < spec.Length && spec[i] == '.')
        {
            int p0 = ++i;
            while (i < spec.Length && char.IsAsciiDigit(spec[i])) i++;
            if (i == p0 || !int.TryParse(spec.AsSpan(p0, i - p0), NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p > 50) return false;
            precision = p;
        }
        if (i < spec.Length)
        {
            if ("dfFeEgG%".IndexOf(spec[i]) < 0) return false;
            type = spec[i++];
        }
        return i == spec.Length && width <= 256;
    }

    private static string PythonExponent(double value, int precision, char type)
    {
        string format = (precision > 0 ? "0." + new string('0', precision) : "0") + (type == 'E' ? "E+00" : "e+00");
        return value.ToString(format, CultureInfo.InvariantCulture);
    }
}
