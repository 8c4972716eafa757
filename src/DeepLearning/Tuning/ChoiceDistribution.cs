namespace DeepLearning.Tuning;

/// <summary>One of a list of values, each equally likely (Keras Tuner's <c>hp.Choice</c>, scikit-learn's list in a
/// parameter grid). Quantile: <c>values[min(⌊u·n⌋, n − 1)]</c>.</summary>
public sealed class ChoiceDistribution : Distribution
{
    private readonly object[] _values;

    /// <summary>A choice among <paramref name="values"/> (kept in the given order; that is the grid order).</summary>
    /// <exception cref="ArgumentException">No value, or a null value.</exception>
    public ChoiceDistribution(IReadOnlyList<object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("Choice: at least one value is needed.", nameof(values));
        for (int i = 0; i < values.Count; i++)
            if (values[i] is null) throw new ArgumentException($"Choice: value {i} is null.", nameof(values));
        _values = [.. values];
    }

    /// <summary>The values, in order.</summary>
    public IReadOnlyList<object> Values => _values;

    /// <inheritdoc />
    public override IReadOnlyList<object>? GridValues => _values;

    /// <inheritdoc />
    protected override object QuantileCore(double u) => _values[Math.Min((int)(u * _values.Length), _values.Length - 1)];

    /// <inheritdoc />
    public override string ToString() => $"Choice({string.Join(", ", _values.Select(HyperParameters.Format))})";
}
