namespace DeepLearning.Tuning;

/// <summary>An integer among min, min + step, …, up to max inclusive, each equally likely (Keras Tuner's
/// <c>hp.Int(name, min_value, max_value, step)</c>, whose max is inclusive too). With n = ⌊(max − min)/step⌋ + 1
/// values, the quantile is <c>min + step·min(⌊u·n⌋, n − 1)</c>; values are <see cref="int"/>.</summary>
public sealed class IntRangeDistribution : Distribution
{
    private readonly object[] _values;

    /// <summary>The range min … max (inclusive) in steps of <paramref name="step"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">min ≥ max, or step &lt; 1.</exception>
    public IntRangeDistribution(int min, int max, int step = 1)
    {
        if (min >= max)
            throw new ArgumentOutOfRangeException(nameof(min), $"IntRange: need min < max; got min {min}, max {max} (use Distribution.Fixed for a single value).");
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, $"IntRange({min}, {max}): step must be ≥ 1.");
        Min = min;
        Max = max;
        Step = step;
        long count = ((long)max - min) / step + 1;
        if (count > 1_000_000)
            throw new ArgumentOutOfRangeException(nameof(step), $"IntRange({min}, {max}, {step}): {count} values; use at most 1,000,000 (a larger step).");
        _values = new object[count];
        for (int i = 0; i < count; i++) _values[i] = (int)(min + (long)i * step);
    }

    /// <summary>The smallest value.</summary>
    public int Min { get; }

    /// <summary>The upper bound (inclusive when reached by the steps).</summary>
    public int Max { get; }

    /// <summary>The spacing of the values.</summary>
    public int Step { get; }

    /// <inheritdoc />
    public override IReadOnlyList<object>? GridValues => _values;

    /// <inheritdoc />
    protected override object QuantileCore(double u) => _values[Math.Min((int)(u * _values.Length), _values.Length - 1)];

    /// <inheritdoc />
    public override string ToString() => Step == 1 ? $"IntRange({Min}, {Max})" : $"IntRange({Min}, {Max}, step {Step})";
}
