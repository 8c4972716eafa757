namespace DeepLearning.Tuning;

/// <summary>A distribution over an interval of real numbers. A grid search needs it discretised explicitly with
/// <see cref="Discretize"/>.</summary>
public abstract class ContinuousDistribution : Distribution
{
    /// <summary>The smallest value.</summary>
    public abstract double Min { get; }

    /// <summary>The largest value.</summary>
    public abstract double Max { get; }

    /// <summary>Always null: a continuous distribution has no finite list of values.</summary>
    public override IReadOnlyList<object>? GridValues => null;

    /// <summary>The value at probability u, as a double.</summary>
    public double QuantileDouble(double u) => (double)Quantile(u);

    /// <summary>A choice among <paramref name="count"/> values equally spaced in probability:
    /// <c>Quantile(i / (count − 1))</c> for i = 0 … count − 1, so both bounds are included and a log-uniform range
    /// becomes a geometric grid (e.g. <c>LogUniform(1e-4, 1).Discretize(5)</c> = 1e-4, 1e-3, 1e-2, 1e-1, 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">count &lt; 2.</exception>
    public ChoiceDistribution Discretize(int count)
    {
        if (count < 2)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"{this}.Discretize: need at least 2 values.");
        var values = new object[count];
        for (int i = 0; i < count; i++) values[i] = QuantileCore((double)i / (count - 1));
        return new ChoiceDistribution(values);
    }

    /// <summary>Checks that min &lt; max and both are finite.</summary>
    private protected static void CheckRange(string kind, double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
            throw new ArgumentOutOfRangeException(nameof(min), $"{kind}: the bounds must be finite; got min {min}, max {max}.");
        if (!(min < max))
            throw new ArgumentOutOfRangeException(nameof(min), $"{kind}: need min < max; got min {min}, max {max} (use Distribution.Fixed for a single value).");
    }

    /// <summary>Keeps a value computed through logarithms inside [min, max] despite rounding.</summary>
    private protected double Clamp(double v) => Math.Min(Math.Max(v, Min), Max);
}
