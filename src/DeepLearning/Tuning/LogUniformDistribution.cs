using System.Globalization;

namespace DeepLearning.Tuning;

/// <summary>
/// A positive real number sampled on a log scale: <c>10^(log₁₀ min + u·(log₁₀ max − log₁₀ min))</c>, so every decade
/// of [min, max] is equally likely (Bergstra &amp; Bengio 2012; Keras Tuner's <c>hp.Float(sampling="log")</c>;
/// scipy's <c>loguniform</c>). Ng's learning-rate recipe <c>r = −4·np.random.rand(); α = 10ʳ</c> (notes S1) is
/// <c>LogUniform(1e-4, 1)</c>: the exponent is uniform on [−4, 0].
/// </summary>
public sealed class LogUniformDistribution : ContinuousDistribution
{
    private readonly double _logMin, _logMax;

    /// <summary>The interval [min, max], 0 &lt; min &lt; max.</summary>
    /// <exception cref="ArgumentOutOfRangeException">min ≤ 0, min ≥ max, or a bound is not finite.</exception>
    public LogUniformDistribution(double min, double max)
    {
        if (!(min > 0))
            throw new ArgumentOutOfRangeException(nameof(min), min, $"LogUniform: the bounds must be positive (a logarithm is taken); got min {min}, max {max}.");
        CheckRange("LogUniform", min, max);
        Min = min;
        Max = max;
        _logMin = Math.Log10(min);
        _logMax = Math.Log10(max);
    }

    /// <inheritdoc />
    public override double Min { get; }

    /// <inheritdoc />
    public override double Max { get; }

    /// <inheritdoc />
    protected override object QuantileCore(double u) =>
        u == 0 ? Min : u == 1 ? Max : Clamp(Math.Pow(10, _logMin + u * (_logMax - _logMin)));

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"LogUniform({Min:G6}, {Max:G6})");
}
