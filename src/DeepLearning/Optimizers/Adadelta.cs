using DeepLearning.Schedules;

namespace DeepLearning.Optimizers;

/// <summary>
/// Adadelta (Zeiler 2012), as Keras 3 (keras/src/optimizers/adadelta.py): defaults lr 0.001, ρ 0.95, ε 1e-7.
/// </summary>
/// <remarks>
/// Slots "accumulated_grad" E[g²] and "accumulated_delta_var" E[Δ²], starting at 0:
/// E[g²] ← ρE[g²] + (1 − ρ)g²; Δ = −√(E[Δ²] + ε)·g/√(E[g²] + ε); E[Δ²] ← ρE[Δ²] + (1 − ρ)Δ²; θ ← θ + η·Δ.
/// The paper has no learning rate (η = 1); Keras's default 0.001 makes steps 1000 times smaller, so pass
/// <c>learningRate: 1.0</c> for the paper's method.
/// </remarks>
public sealed class Adadelta : Optimizer
{
    private static readonly string[] Slots = ["accumulated_grad", "accumulated_delta_var"];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η: a number or a schedule (default 0.001).</param>
    /// <param name="rho">ρ in [0, 1) (default 0.95).</param>
    /// <param name="epsilon">ε &gt; 0 (default 1e-7).</param>
    /// <param name="weightDecay">Decoupled weight decay (see <see cref="Optimizer.WeightDecay"/>).</param>
    /// <param name="clipNorm">See <see cref="Optimizer.ClipNorm"/>.</param>
    /// <param name="clipValue">See <see cref="Optimizer.ClipValue"/>.</param>
    /// <param name="globalClipNorm">See <see cref="Optimizer.GlobalClipNorm"/>.</param>
    /// <param name="name">Name used in messages.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    /// <exception cref="ArgumentException">More than one clipping option is set.</exception>
    public Adadelta(LearningRateSchedule? learningRate = null, double rho = 0.95, double epsilon = 1e-7, double? weightDecay = null,
        double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null, string? name = null)
        : base(learningRate, 0.001, weightDecay, clipNorm, clipValue, globalClipNorm, name)
    {
        Rho = OptimizerChecks.UnitInterval(Name, nameof(rho), rho);
        Epsilon = ArgumentChecks.Positive(Name, nameof(epsilon), epsilon);
    }

    /// <summary>ρ.</summary>
    public double Rho { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>["accumulated_grad", "accumulated_delta_var"].</summary>
    public override IReadOnlyList<string> SlotNames => Slots;

    /// <summary>E[g²] ← ρE[g²] + (1 − ρ)g²; Δ = −√(E[Δ²] + ε)·g/√(E[g²] + ε); E[Δ²] ← ρE[Δ²] + (1 − ρ)Δ²; θ ← θ + ηΔ.</summary>
    protected override void UpdateParameter(Tensor parameter, Tensor gradient, ReadOnlySpan<Tensor> slots, in UpdateContext context)
    {
        var accumulatedGrad = slots[0];
        var accumulatedDelta = slots[1];
        accumulatedGrad.MulInPlace(Rho).AddInPlace(gradient.Square().MulInPlace(1 - Rho));
        // −Δ, kept positive: √(E[Δ²] + ε)·g/√(E[g²] + ε).
        var negDelta = (accumulatedDelta + Epsilon).Sqrt() * gradient / (accumulatedGrad + Epsilon).Sqrt();
        accumulatedDelta.MulInPlace(Rho).AddInPlace(negDelta.Square().MulInPlace(1 - Rho));
        parameter.AddInPlace(negDelta.MulInPlace(-context.LearningRate));
    }
}
