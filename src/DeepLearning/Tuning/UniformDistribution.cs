using System.Globalization;

namespace DeepLearning.Tuning;

/// <summary>A real number uniform on [min, max] (Keras Tuner's <c>hp.Float</c> with linear sampling). Quantile:
/// <c>min + u·(max − min)</c>.</summary>
public sealed class UniformDistribution : ContinuousDistribution
{
    /// <summary>The interval [min, max].</summary>
    /// <exception cref="ArgumentOutOfRangeException">min ≥ max, or a bound is not finite.</exception>
    public UniformDistribution(double min, double max)
    {
        CheckRange("Uniform", min, max);
        Min = min;
        Max = max;
    }

    /// <inheritdoc />
    public override double Min { get; }

    /// <inheritdoc />
    public override double Max { get; }

    /// <inheritdoc />
    protected override object QuantileCore(double u) => Clamp(Min + u * (Max - Min));

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Uniform({Min:G6}, {Max:G6})");
}
