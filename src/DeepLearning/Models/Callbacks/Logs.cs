namespace DeepLearning.Models.Callbacks;

/// <summary>Named numbers reported to callbacks: "loss", metric names, "val_"-prefixed validation values,
/// "learning_rate". Enumerates in insertion order.</summary>
public sealed class Logs : Dictionary<string, double>
{
    /// <summary>Empty logs.</summary>
    public Logs() : base(StringComparer.Ordinal) { }

    /// <summary>A copy of other logs.</summary>
    public Logs(IEnumerable<KeyValuePair<string, double>> values) : base(values, StringComparer.Ordinal) { }

    /// <summary>The value, or null when absent.</summary>
    public double? Get(string key) => TryGetValue(key, out var v) ? v : null;

    /// <inheritdoc />
    public override string ToString() => string.Join(" - ", this.Select(kv => $"{kv.Key}: {kv.Value.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)}"));
}
