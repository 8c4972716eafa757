using System.Globalization;

namespace DeepLearning.Tuning;

/// <summary>
/// A number β in [min, max] ⊂ [0, 1) whose complement 1 − β is log-uniform on [1 − max, 1 − min], for momentum-like
/// parameters whose effect depends on 1/(1 − β) (Ng, notes S1 "Hyperparameter Tuning": for β ∈ [0.9, 0.999] sample
/// r uniform in [−3, −1] and take β = 1 − 10ʳ). Quantile, increasing in u:
/// <c>β = 1 − 10^(log₁₀(1 − min) + u·(log₁₀(1 − max) − log₁₀(1 − min)))</c>.
/// </summary>
public sealed class OneMinusLogUniformDistribution : ContinuousDistribution
{
    private readonly double _logHigh, _logLow;

    /// <summary>The interval [min, max] with 0 ≤ min &lt; max &lt; 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">min &lt; 0, max ≥ 1, or min ≥ max.</exception>
    public OneMinusLogUniformDistribution(double min, double max)
    {
        CheckRange("OneMinusLogUniform", min, max);
        if (!(min >= 0) || !(max < 1))
            throw new ArgumentOutOfRangeException(nameof(max), $"OneMinusLogUniform: need 0 ≤ min < max < 1 (1 − β must be positive); got min {min}, max {max}.");
        Min = min;
        Max = max;
        _logHigh = Math.Log10(1 - min);
        _logLow = Math.Log10(1 - max);
    }

    /// <inheritdoc />
    public override double Min { get; }

    /// <inheritdoc />
    public override double Max { get; }

    /// <inheritdoc />
    protected override object QuantileCore(double u) =>
        u == 0 ? Min : u == 1 ? Max : Clamp(1 - Math.Pow(10, _logHigh + u * (_logLow - _logHigh)));

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"OneMinusLogUniform({Min:G6}, {Max:G6})");
}
