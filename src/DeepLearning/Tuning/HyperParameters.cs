using System.Collections;
using System.Globalization;

namespace DeepLearning.Tuning;

/// <summary>
/// The values of one trial's hyperparameters, by name, in the order of the <see cref="SearchSpace"/> (Keras Tuner's
/// <c>HyperParameters</c> as the builder receives it). Read them with typed getters:
/// <c>hp.GetInt("n_hidden")</c>, <c>hp.GetDouble("learning_rate")</c>, <c>hp.Get&lt;string&gt;("activation")</c>;
/// the overloads with a default return it when the name is absent, as the keyword defaults of a Keras
/// <c>build_model(n_hidden=1, n_neurons=30, learning_rate=1e-3)</c> do. Equality is by names and values.
/// </summary>
public sealed class HyperParameters : IReadOnlyDictionary<string, object>, IEquatable<HyperParameters>
{
    private readonly string[] _names;
    private readonly object[] _values;
    private readonly Dictionary<string, int> _index;

    /// <summary>Values by name (in the given order).</summary>
    /// <exception cref="ArgumentException">A name is empty or repeated, or a value is null.</exception>
    public HyperParameters(IEnumerable<KeyValuePair<string, object>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var pairs = values.ToArray();
        _names = new string[pairs.Length];
        _values = new object[pairs.Length];
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < pairs.Length; i++)
        {
            var (name, value) = pairs[i];
            if (string.IsNullOrEmpty(name)) throw new ArgumentException($"HyperParameters: entry {i} has an empty name.", nameof(values));
            if (value is null) throw new ArgumentException($"HyperParameters: '{name}' has a null value.", nameof(values));
            if (!_index.TryAdd(name, i)) throw new ArgumentException($"HyperParameters: the name '{name}' appears twice.", nameof(values));
            _names[i] = name;
            _values[i] = value;
        }
    }

    /// <summary>No hyperparameters (every getter with a default returns the default).</summary>
    public static HyperParameters Empty { get; } = new([]);

    /// <summary>The number of hyperparameters.</summary>
    public int Count => _names.Length;

    /// <summary>The names, in order.</summary>
    public IEnumerable<string> Keys => _names;

    /// <summary>The values, in order.</summary>
    public IEnumerable<object> Values => _values;

    /// <summary>The value of a hyperparameter, as stored (int for <see cref="IntRangeDistribution"/>, double for the
    /// continuous distributions, the given object for Choice and Fixed).</summary>
    /// <exception cref="KeyNotFoundException">No such name; the message lists the names.</exception>
    public object this[string key] => _index.TryGetValue(key, out int i) ? _values[i] : throw Missing(key);

    /// <summary>True when the name is present.</summary>
    public bool ContainsKey(string key) => _index.ContainsKey(key);

    /// <summary>The value, if the name is present.</summary>
    public bool TryGetValue(string key, out object value)
    {
        if (_index.TryGetValue(key, out int i)) { value = _values[i]; return true; }
        value = null!;
        return false;
    }

    /// <summary>The value converted to <typeparamref name="T"/>: the stored value when it is a T; for numeric types a
    /// numeric value converted when exact (an int read as double, 3.0 read as int, but never 2.5 read as int).</summary>
    /// <exception cref="KeyNotFoundException">No such name; the message lists the names.</exception>
    /// <exception cref="ArgumentException">The value cannot be read as a T; the message names it, its value and type.</exception>
    public T Get<T>(string name) => Convert<T>(name, this[name]);

    /// <summary>As <see cref="Get{T}(string)"/>, or <paramref name="defaultValue"/> when the name is absent.</summary>
    /// <exception cref="ArgumentException">The value cannot be read as a T.</exception>
    public T Get<T>(string name, T defaultValue) => TryGetValue(name, out var v) ? Convert<T>(name, v) : defaultValue;

    /// <summary>The value as a double (ints and other numbers are converted).</summary>
    /// <exception cref="KeyNotFoundException">No such name.</exception>
    /// <exception cref="ArgumentException">The value is not a number.</exception>
    public double GetDouble(string name) => Get<double>(name);

    /// <summary>The value as a double, or <paramref name="defaultValue"/> when absent.</summary>
    /// <exception cref="ArgumentException">The value is not a number.</exception>
    public double GetDouble(string name, double defaultValue) => Get(name, defaultValue);

    /// <summary>The value as an int (a double is accepted only when it is a whole number in range).</summary>
    /// <exception cref="KeyNotFoundException">No such name.</exception>
    /// <exception cref="ArgumentException">The value is not a whole number.</exception>
    public int GetInt(string name) => Get<int>(name);

    /// <summary>The value as an int, or <paramref name="defaultValue"/> when absent.</summary>
    /// <exception cref="ArgumentException">The value is not a whole number.</exception>
    public int GetInt(string name, int defaultValue) => Get(name, defaultValue);

    /// <summary>The value as a string.</summary>
    /// <exception cref="KeyNotFoundException">No such name.</exception>
    /// <exception cref="ArgumentException">The value is not a string.</exception>
    public string GetString(string name) => Get<string>(name);

    /// <summary>The value as a bool.</summary>
    /// <exception cref="KeyNotFoundException">No such name.</exception>
    /// <exception cref="ArgumentException">The value is not a bool.</exception>
    public bool GetBool(string name) => Get<bool>(name);

    /// <summary>A copy with one value added or replaced (at the end when new).</summary>
    /// <exception cref="ArgumentException">The name is empty or the value null.</exception>
    public HyperParameters With(string name, object value)
    {
        var pairs = _names.Select((n, i) => new KeyValuePair<string, object>(n, n == name ? value : _values[i])).ToList();
        if (!_index.ContainsKey(name)) pairs.Add(new(name, value));
        return new HyperParameters(pairs);
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        for (int i = 0; i < _names.Length; i++) yield return new(_names[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Same names in the same order with equal values.</summary>
    public bool Equals(HyperParameters? other)
    {
        if (other is null || other._names.Length != _names.Length) return false;
        for (int i = 0; i < _names.Length; i++)
            if (_names[i] != other._names[i] || !_values[i].Equals(other._values[i])) return false;
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as HyperParameters);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (int i = 0; i < _names.Length; i++)
        {
            hash.Add(_names[i], StringComparer.Ordinal);
            hash.Add(_values[i]);
        }
        return hash.ToHashCode();
    }

    /// <summary>"name=value, …" with doubles to 6 significant digits.</summary>
    public override string ToString() => string.Join(", ", _names.Select((n, i) => $"{n}={Format(_values[i])}"));

    /// <summary>A value as text: doubles and floats to 6 significant digits, everything in the invariant culture.</summary>
    internal static string Format(object value) => value switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        string s => s,
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>A value as text that reads back exactly (doubles round-trip), for CSV.</summary>
    internal static string FormatExact(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        _ => Format(value),
    };

    private KeyNotFoundException Missing(string name) =>
        new($"HyperParameters: no '{name}'. Names: {(_names.Length == 0 ? "(none)" : string.Join(", ", _names))}.");

    private static T Convert<T>(string name, object value)
    {
        if (value is T t) return t;
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (IsNumeric(value.GetType()) && IsNumeric(target))
        {
            double d = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
            bool integral = Type.GetTypeCode(target) is not (TypeCode.Double or TypeCode.Single or TypeCode.Decimal);
            if (!integral || (d == Math.Floor(d) && FitsIn(target, d)))
                return (T)System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }
        throw new ArgumentException(
            $"HyperParameters: '{name}' is {Format(value)} ({value.GetType().Name}); it cannot be read as {typeof(T).Name}.", nameof(name));
    }

    private static bool IsNumeric(Type type) => Type.GetTypeCode(type) is >= TypeCode.SByte and <= TypeCode.Decimal;

    private static bool FitsIn(Type integral, double d) => Type.GetTypeCode(integral) switch
    {
        TypeCode.SByte => d is >= sbyte.MinValue and <= sbyte.MaxValue,
        TypeCode.Byte => d is >= byte.MinValue and <= byte.MaxValue,
        TypeCode.Int16 => d is >= short.MinValue and <= short.MaxValue,
        TypeCode.UInt16 => d is >= ushort.MinValue and <= ushort.MaxValue,
        TypeCode.Int32 => d is >= int.MinValue and <= int.MaxValue,
        TypeCode.UInt32 => d is >= uint.MinValue and <= uint.MaxValue,
        TypeCode.Int64 => d >= long.MinValue && d < 9.2233720368547758e18,
        _ => d >= 0 && d < 1.8446744073709552e19,
    };
}
