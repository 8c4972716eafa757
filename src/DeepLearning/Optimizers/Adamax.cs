using DeepLearning.Schedules;

namespace DeepLearning.Optimizers;

/// <summary>
/// Adamax, the infinity-norm variant of Adam (Kingma &amp; Ba 2015, §7.1), as Keras 3
/// (keras/src/optimizers/adamax.py): defaults lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7.
/// </summary>
/// <remarks>
/// Slots "momentum" m and "norm" u, starting at 0; at step t: m ← β₁m + (1 − β₁)g; u ← max(β₂u, |g|);
/// θ ← θ − η·m/((1 − β₁ᵗ)(u + ε)).
/// </remarks>
public sealed class Adamax : AdaptiveMomentOptimizer
{
    private static readonly string[] Slots = ["momentum", "norm"];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η: a number or a schedule (default 0.001).</param>
    /// <param name="beta1">β₁ in [0, 1) (default 0.9).</param>
    /// <param name="beta2">β₂ in [0, 1) (default 0.999).</param>
    /// <param name="epsilon">ε &gt; 0 (default 1e-7).</param>
    /// <param name="weightDecay">Decoupled weight decay (see <see cref="Optimizer.WeightDecay"/>).</param>
    /// <param name="clipNorm">See <see cref="Optimizer.ClipNorm"/>.</param>
    /// <param name="clipValue">See <see cref="Optimizer.ClipValue"/>.</param>
    /// <param name="globalClipNorm">See <see cref="Optimizer.GlobalClipNorm"/>.</param>
    /// <param name="name">Name used in messages.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    /// <exception cref="ArgumentException">More than one clipping option is set.</exception>
    public Adamax(LearningRateSchedule? learningRate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7,
        double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null, string? name = null)
        : base(learningRate, beta1, beta2, epsilon, weightDecay, clipNorm, clipValue, globalClipNorm, name)
    {
    }

    /// <summary>["momentum", "norm"].</summary>
    public override IReadOnlyList<string> SlotNames => Slots;

    /// <summary>m ← β₁m + (1 − β₁)g; u ← max(β₂u, |g|); θ ← θ − η·m/((1 − β₁ᵗ)(u + ε)).</summary>
    protected override void UpdateParameter(Tensor parameter, Tensor gradient, ReadOnlySpan<Tensor> slots, in UpdateContext context)
    {
        var m = slots[0];
        var u = slots[1];
        m.MulInPlace(Beta1).AddInPlace(gradient, 1 - Beta1);
        u.MulInPlace(Beta2).Assign(Tensor.Maximum(u, gradient.Abs()));
        var denominator = u + Epsilon;
        double scale = -context.LearningRate / (1 - Math.Pow(Beta1, context.Step));
        parameter.AddInPlace((m / denominator).MulInPlace(scale));
    }
}
