using DeepLearning.Schedules;

namespace DeepLearning.Optimizers;

/// <summary>
/// The base of the Adam family (<see cref="Adam"/>, <see cref="AdamW"/>, <see cref="Adamax"/>, <see cref="Nadam"/>):
/// adaptive moment estimation with β₁, the decay of the first moment m, β₂, the decay of the second moment v (Adamax:
/// of the infinity norm u), and ε in the denominator; Keras 3's defaults lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7 are the
/// derived optimizers' parameter defaults. Its constructor is not accessible outside the library.
/// </summary>
public abstract class AdaptiveMomentOptimizer : Optimizer
{
    /// <summary>Checks and stores β₁, β₂ and ε after the options every optimizer shares (default learning rate 0.001).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    /// <exception cref="ArgumentException">More than one clipping option is set.</exception>
    private protected AdaptiveMomentOptimizer(LearningRateSchedule? learningRate, double beta1, double beta2, double epsilon,
        double? weightDecay, double? clipNorm, double? clipValue, double? globalClipNorm, string? name)
        : base(learningRate, 0.001, weightDecay, clipNorm, clipValue, globalClipNorm, name)
    {
        Beta1 = OptimizerChecks.UnitInterval(Name, nameof(beta1), beta1);
        Beta2 = OptimizerChecks.UnitInterval(Name, nameof(beta2), beta2);
        Epsilon = ArgumentChecks.Positive(Name, nameof(epsilon), epsilon);
    }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }
}
