using DeepLearning.Schedules;

namespace DeepLearning.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum and Nesterov momentum, in the velocity form of Keras 3
/// (keras/src/optimizers/sgd.py) and cs231n; defaults lr 0.01, momentum 0.
/// </summary>
/// <remarks>
/// <para>Without momentum: θ ← θ − η·g.</para>
/// <para>With momentum β (slot "momentum", m₀ = 0): m ← β·m − η·g; θ ← θ + m (Polyak's heavy ball; Géron's
/// m = βm − η∇, θ = θ + m).</para>
/// <para>Nesterov: m ← β·m − η·g; θ ← θ + β·m − η·g with the new m (Keras's form: Bengio et al. 2013's
/// reformulation of Sutskever et al. 2013, where the stored θ is already the look-ahead point, so g is evaluated at
/// θ; Géron's m = βm − η∇(θ + βm) and cs231n's <c>x_ahead</c> are the same method in the unshifted variable).
/// Nesterov without momentum is plain SGD, as in Keras.</para>
/// <para>The exponentially-weighted form of momentum (Ng; course notes S1/S3): v ← β·v + (1 − β)·g; θ ← θ − α·v is
/// the same optimizer: with m = −α·v it is the velocity form above with η = α·(1 − β). So the EMA form with
/// learning rate α is <c>new SGD(learningRate: α * (1 - β), momentum: β)</c>, and its v is −m/α.</para>
/// </remarks>
public sealed class SGD : Optimizer
{
    private static readonly string[] MomentumSlots = ["momentum"];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η: a number or a schedule (default 0.01).</param>
    /// <param name="momentum">β in [0, 1) (default 0: no momentum slot).</param>
    /// <param name="nesterov">Use Nesterov momentum.</param>
    /// <param name="weightDecay">Decoupled weight decay (see <see cref="Optimizer.WeightDecay"/>).</param>
    /// <param name="clipNorm">See <see cref="Optimizer.ClipNorm"/>.</param>
    /// <param name="clipValue">See <see cref="Optimizer.ClipValue"/>.</param>
    /// <param name="globalClipNorm">See <see cref="Optimizer.GlobalClipNorm"/>.</param>
    /// <param name="name">Name used in messages.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    /// <exception cref="ArgumentException">More than one clipping option is set.</exception>
    public SGD(LearningRateSchedule? learningRate = null, double momentum = 0, bool nesterov = false, double? weightDecay = null,
        double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null, string? name = null)
        : base(learningRate, 0.01, weightDecay, clipNorm, clipValue, globalClipNorm, name)
    {
        Momentum = OptimizerChecks.UnitInterval(Name, nameof(momentum), momentum);
        Nesterov = nesterov;
    }

    /// <summary>β.</summary>
    public double Momentum { get; }

    /// <summary>Whether the update uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <summary>["momentum"] when β ≠ 0, else none.</summary>
    public override IReadOnlyList<string> SlotNames => Momentum != 0 ? MomentumSlots : [];

    /// <summary>θ ← θ − ηg; or m ← βm − ηg, θ ← θ + m; or (Nesterov) θ ← θ + βm − ηg.</summary>
    protected override void UpdateParameter(Tensor parameter, Tensor gradient, ReadOnlySpan<Tensor> slots, in UpdateContext context)
    {
        double lr = context.LearningRate;
        if (Momentum == 0)
        {
            parameter.AddInPlace(gradient, -lr);
            return;
        }
        var m = slots[0];
        if (FusedUpdates.TrySgdMomentum(parameter, gradient, m, lr, Momentum, Nesterov)) return;
        var step = gradient * -lr;
        m.MulInPlace(Momentum).AddInPlace(step);
        if (Nesterov)
        {
            parameter.AddInPlace(m, Momentum);
            parameter.AddInPlace(step);
        }
        else parameter.AddInPlace(m);
    }
}
