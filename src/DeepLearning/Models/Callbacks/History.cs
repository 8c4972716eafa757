using System.Globalization;
using System.Text;
using DeepLearning.Serialization;

namespace DeepLearning.Models.Callbacks;

/// <summary>The record of a Fit: the logs of every epoch (Keras's History). <c>history["val_loss"]</c> is the
/// validation-loss curve.</summary>
public sealed class History : Callback
{
    private readonly List<int> _epochs = [];
    private readonly Dictionary<string, List<double>> _values = new(StringComparer.Ordinal);

    /// <summary>The epoch numbers (0-based) recorded.</summary>
    public IReadOnlyList<int> Epochs => _epochs;

    /// <summary>The names of the recorded values, in first-seen order.</summary>
    public IReadOnlyList<string> Keys => [.. _values.Keys];

    /// <summary>One value per epoch for a key ("loss", "accuracy", "val_loss", …).</summary>
    /// <exception cref="KeyNotFoundException">The key was never logged; the message lists the keys.</exception>
    public IReadOnlyList<double> this[string key] => _values.TryGetValue(key, out var v) ? v
        : throw new KeyNotFoundException($"History: no '{key}' values. Keys: {string.Join(", ", _values.Keys)}.");

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        _epochs.Add(epoch);
        foreach (var (key, value) in logs)
        {
            if (!_values.TryGetValue(key, out var list))
            {
                list = [.. Enumerable.Repeat(double.NaN, _epochs.Count - 1)];
                _values[key] = list;
            }
            list.Add(value);
        }
        foreach (var list in _values.Values)
            if (list.Count < _epochs.Count) list.Add(double.NaN);
    }

    /// <summary>The history as CSV: an "epoch" column and one per key.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder("epoch");
        foreach (var k in _values.Keys) sb.Append(',').Append(k);
        sb.Append('\n');
        for (int i = 0; i < _epochs.Count; i++)
        {
            sb.Append(_epochs[i].ToString(CultureInfo.InvariantCulture));
            foreach (var list in _values.Values) sb.Append(',').Append(list[i].ToString("R", CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Writes <see cref="ToCsv"/> to a file atomically (temporary file, flush, rename).</summary>
    public void SaveCsv(string path) => AtomicFile.WriteAllText(path, ToCsv());
}
