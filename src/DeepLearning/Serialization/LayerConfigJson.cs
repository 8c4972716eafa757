using System.Globalization;
using System.Text.Json;
using DeepLearning.Layers;

namespace DeepLearning.Serialization;

/// <summary>
/// <see cref="LayerConfig"/> ⇄ JSON. Values map to JSON as: null, bool, string; int and long as integers; double as
/// a number that always shows a decimal point or an exponent ("1.0", "1E+20"), so an integer and a double read
/// back as what they were (a non-finite double is written <c>{"__double__": "NaN"}</c>, JSON having no NaN);
/// arrays of int, double and string; nested configs as objects and arrays of them. Reading maps an integer to int
/// (long beyond int's range), an array of integers to int[], an array with any decimal number to double[], and an
/// empty array to int[].
/// </summary>
internal static class LayerConfigJson
{
    private const string DoubleTag = "__double__";

    public static void Write(Utf8JsonWriter w, LayerConfig config)
    {
        w.WriteStartObject();
        foreach (var (key, value) in config.Entries)
        {
            w.WritePropertyName(key);
            WriteValue(w, value);
        }
        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case double d: WriteDouble(w, d); break;
            case string s: w.WriteStringValue(s); break;
            case int[] a:
                w.WriteStartArray();
                foreach (var x in a) w.WriteNumberValue(x);
                w.WriteEndArray();
                break;
            case double[] a:
                w.WriteStartArray();
                foreach (var x in a) WriteDouble(w, x);
                w.WriteEndArray();
                break;
            case string[] a:
                w.WriteStartArray();
                foreach (var x in a) w.WriteStringValue(x);
                w.WriteEndArray();
                break;
            case LayerConfig c: Write(w, c); break;
            case LayerConfig[] a:
                w.WriteStartArray();
                foreach (var x in a) Write(w, x);
                w.WriteEndArray();
                break;
            default: throw new ArgumentException($"LayerConfig: unsupported value type {value.GetType().Name}.");
        }
    }

    public static void WriteDouble(Utf8JsonWriter w, double d)
    {
        if (!double.IsFinite(d))
        {
            w.WriteStartObject();
            w.WriteString(DoubleTag, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            w.WriteEndObject();
            return;
        }
        string text = d.ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOfAny(['.', 'E', 'e']) < 0) text += ".0";
        w.WriteRawValue(text, skipInputValidation: true);
    }

    /// <summary>Reads a config object; <paramref name="where"/> prefixes messages.</summary>
    /// <exception cref="InvalidDataException">A value has no LayerConfig equivalent.</exception>
    public static LayerConfig Read(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{where}: a layer configuration must be a JSON object.");
        var config = new LayerConfig();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in element.EnumerateObject())
        {
            if (!seen.Add(p.Name)) throw new InvalidDataException($"{where}: the configuration has '{p.Name}' twice.");
            config.Set(p.Name, ReadValue(p.Value, $"{where}, entry '{p.Name}'"));
        }
        return config;
    }

    private static object? ReadValue(JsonElement e, string where)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Null: return null;
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.String: return e.GetString();
            case JsonValueKind.Number: return ReadNumber(e, where);
            case JsonValueKind.Object:
                if (TryReadTaggedDouble(e, out double tagged)) return tagged;
                return Read(e, where);
            case JsonValueKind.Array: return ReadArray(e, where);
            default: throw new InvalidDataException($"{where}: unsupported JSON value.");
        }
    }

    private static object ReadNumber(JsonElement e, string where)
    {
        if (IsIntegerText(e))
        {
            if (e.TryGetInt32(out int i)) return i;
            if (e.TryGetInt64(out long l)) return l;
        }
        if (e.TryGetDouble(out double d) && double.IsFinite(d)) return d;
        throw new InvalidDataException($"{where}: the number {e.GetRawText()} is out of range.");
    }

    private static bool IsIntegerText(JsonElement e) => e.GetRawText().AsSpan().IndexOfAny('.', 'e', 'E') < 0;

    private static bool TryReadTaggedDouble(JsonElement e, out double value)
    {
        value = 0;
        using var it = e.EnumerateObject();
        if (!it.MoveNext() || it.Current.Name != DoubleTag) return false;
        var p = it.Current;
        if (it.MoveNext()) return false;
        value = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => 0,
        } : 0;
        return p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is "NaN" or "Infinity" or "-Infinity";
    }

    private static object ReadArray(JsonElement e, string where)
    {
        int n = e.GetArrayLength();
        if (n == 0) return Array.Empty<int>();
        var first = e[0].ValueKind;
        switch (first)
        {
            case JsonValueKind.Number:
                {
                    bool allInt = true;
                    foreach (var x in e.EnumerateArray())
                    {
                        if (x.ValueKind != JsonValueKind.Number && !(x.ValueKind == JsonValueKind.Object && TryReadTaggedDouble(x, out _)))
                            throw new InvalidDataException($"{where}: an array mixes numbers with other values.");
                        if (x.ValueKind != JsonValueKind.Number || !IsIntegerText(x) || !x.TryGetInt32(out _)) allInt = false;
                    }
                    if (allInt)
                    {
                        var ints = new int[n];
                        int k = 0;
                        foreach (var x in e.EnumerateArray()) ints[k++] = x.GetInt32();
                        return ints;
                    }
                    var doubles = new double[n];
                    int j = 0;
                    foreach (var x in e.EnumerateArray())
                    {
                        if (x.ValueKind == JsonValueKind.Object) TryReadTaggedDouble(x, out doubles[j]);
                        else if (!x.TryGetDouble(out doubles[j]) || !double.IsFinite(doubles[j]))
                            throw new InvalidDataException($"{where}: the number {x.GetRawText()} is out of range.");
                        j++;
                    }
                    return doubles;
                }
            case JsonValueKind.String:
                {
                    var strings = new string[n];
                    int k = 0;
                    foreach (var x in e.EnumerateArray())
                        strings[k++] = x.ValueKind == JsonValueKind.String ? x.GetString()! : throw new InvalidDataException($"{where}: an array mixes strings with other values.");
                    return strings;
                }
            case JsonValueKind.Object:
                {
                    if (TryReadTaggedDouble(e[0], out _)) goto case JsonValueKind.Number;
                    var configs = new LayerConfig[n];
                    int k = 0;
                    foreach (var x in e.EnumerateArray())
                    {
                        configs[k] = Read(x, $"{where}[{k}]");
                        k++;
                    }
                    return configs;
                }
            default:
                throw new InvalidDataException($"{where}: arrays may hold numbers, strings or objects, not {first}.");
        }
    }
}
