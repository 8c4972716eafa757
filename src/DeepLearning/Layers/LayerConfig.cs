using DeepLearning.Activations;

namespace DeepLearning.Layers;

/// <summary>
/// A layer's constructor arguments as plain data (numbers, strings, booleans, integer and number arrays, nested
/// configs): what <see cref="Layer.GetConfig"/> returns and a layer's static <c>FromConfig</c> reads back. Model
/// files store it as JSON; nothing in it names a CLR type.
/// </summary>
public sealed class LayerConfig
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    /// <summary>The entries in insertion order (enumerating them counts as reading every one).</summary>
    public IEnumerable<KeyValuePair<string, object?>> Entries
    {
        get
        {
            _read.UnionWith(_values.Keys);
            return _values;
        }
    }

    /// <summary>Sets an entry (null, bool, int, long, double, string, int[], double[], string[] or a nested config).</summary>
    /// <exception cref="ArgumentException">The value has an unsupported type.</exception>
    public LayerConfig Set(string key, object? value)
    {
        _values[key] = value switch
        {
            null or bool or int or long or double or string or int[] or double[] or string[] or LayerConfig or LayerConfig[] => value,
            float f => (double)f,
            Shape s => s.ToArray(),
            ActivationFunction a => a.Parameter is double p ? new LayerConfig().Set("name", a.Name).Set("parameter", p) : a.Name,
            _ => throw new ArgumentException($"LayerConfig: entry '{key}' has unsupported type {value.GetType().Name}."),
        };
        return this;
    }

    /// <summary>True when the entry exists.</summary>
    public bool Contains(string key) => TryRead(key, out _);

    /// <summary>A raw entry.</summary>
    /// <exception cref="InvalidDataException">The entry is missing.</exception>
    public object? this[string key] => TryRead(key, out var v) ? v
        : throw new InvalidDataException($"LayerConfig: missing entry '{key}'.");

    /// <summary>An integer entry (or the default when absent).</summary>
    public int GetInt(string key, int? fallback = null) => Get(key, fallback, v => v switch
    {
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        double d when d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue => (int)d,
        _ => null,
    });

    /// <summary>A number entry.</summary>
    public double GetDouble(string key, double? fallback = null) => Get(key, fallback, v => v switch
    {
        double d => d,
        int i => i,
        long l => l,
        _ => null,
    });

    /// <summary>A boolean entry.</summary>
    public bool GetBool(string key, bool? fallback = null) => Get(key, fallback, v => v as bool?);

    /// <summary>A string entry.</summary>
    public string GetString(string key, string? fallback = null) =>
        TryRead(key, out var v) ? v as string ?? throw Bad(key, "a string") : fallback ?? throw Missing(key);

    /// <summary>An optional string entry.</summary>
    public string? GetOptionalString(string key) => TryRead(key, out var v) ? v as string : null;

    /// <summary>An integer-array entry.</summary>
    public int[] GetInts(string key, int[]? fallback = null) =>
        TryRead(key, out var v) ? v switch
        {
            int[] a => a,
            double[] d when d.All(x => x == Math.Floor(x)) => Array.ConvertAll(d, x => (int)x),
            _ => throw Bad(key, "an integer array"),
        } : fallback ?? throw Missing(key);

    /// <summary>A nested config entry, or null.</summary>
    public LayerConfig? GetConfig(string key) => TryRead(key, out var v) ? v as LayerConfig : null;

    /// <summary>An activation stored by <see cref="Set"/>.</summary>
    public ActivationFunction? GetActivation(string key) => TryRead(key, out var v) ? v switch
    {
        null => null,
        string s => ActivationFunction.FromName(s),
        LayerConfig c => ActivationFunction.FromConfig(c.GetString("name"), c.GetDouble("parameter")),
        _ => throw Bad(key, "an activation"),
    } : null;

    private T Get<T>(string key, T? fallback, Func<object?, T?> convert) where T : struct =>
        TryRead(key, out var v) ? convert(v) ?? throw Bad(key, typeof(T).Name) : fallback ?? throw Missing(key);

    private bool TryRead(string key, out object? value)
    {
        if (!_values.TryGetValue(key, out value)) return false;
        _read.Add(key);
        return true;
    }

    /// <summary>The keys no getter has asked for, with their path ("kernel_initializer.seeed" for a key of a nested
    /// configuration that was read): after a layer is rebuilt from a file, these are keys it does not know.</summary>
    internal IEnumerable<string> UnreadKeys(string prefix = "")
    {
        foreach (var (key, value) in _values)
        {
            if (!_read.Contains(key))
            {
                yield return prefix + key;
                continue;
            }
            switch (value)
            {
                case LayerConfig nested:
                    foreach (var k in nested.UnreadKeys($"{prefix}{key}.")) yield return k;
                    break;
                case LayerConfig[] list:
                    for (int i = 0; i < list.Length; i++)
                        foreach (var k in list[i].UnreadKeys($"{prefix}{key}[{i}].")) yield return k;
                    break;
            }
        }
    }

    private static InvalidDataException Missing(string key) => new($"LayerConfig: missing entry '{key}'.");

    private static InvalidDataException Bad(string key, string what) => new($"LayerConfig: entry '{key}' is not {what}.");
}
