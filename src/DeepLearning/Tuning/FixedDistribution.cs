namespace DeepLearning.Tuning;

/// <summary>A hyperparameter that always takes one value (Keras Tuner's <c>hp.Fixed</c>): it appears in every
/// trial's <see cref="HyperParameters"/> and in the results table without being searched.</summary>
public sealed class FixedDistribution : Distribution
{
    /// <summary>The constant <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentNullException">value is null.</exception>
    public FixedDistribution(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
        _grid = [value];
    }

    private readonly object[] _grid;

    /// <summary>The value.</summary>
    public object Value { get; }

    /// <inheritdoc />
    public override IReadOnlyList<object>? GridValues => _grid;

    /// <inheritdoc />
    protected override object QuantileCore(double u) => Value;

    /// <inheritdoc />
    public override string ToString() => $"Fixed({HyperParameters.Format(Value)})";
}
