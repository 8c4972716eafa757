using DeepLearning.Schedules;

namespace DeepLearning.Optimizers;

/// <summary>
/// RMSprop (Hinton, Coursera lecture 6e, 2012), with optional momentum and the centered variant (Graves 2013), as
/// Keras 3 (keras/src/optimizers/rmsprop.py): defaults lr 0.001, ρ 0.9, momentum 0, ε 1e-7.
/// </summary>
/// <remarks>
/// <para>Slot "velocity" s (the mean square): s ← ρ·s + (1 − ρ)·g².</para>
/// <para>Centered (slot "average_gradient" a): a ← ρ·a + (1 − ρ)·g, and the denominator is √(s − a² + ε);
/// otherwise √(s + ε). The increment is Δ = η·g/√(s + ε) (or the centered form).</para>
/// <para>Without momentum θ ← θ − Δ; with momentum β (slot "momentum" p): p ← β·p + Δ; θ ← θ − p.</para>
/// <para>ε is inside the square root, as Keras 3 computes it (<c>ops.sqrt(velocity + epsilon)</c>) and as Géron
/// writes θ − η∇⊘√(s + ε); Ng, cs231n and PyTorch put it outside (√s + ε) — the two differ only where s is tiny.</para>
/// </remarks>
public sealed class RMSprop : Optimizer
{
    private readonly string[] _slotNames;
    private readonly int _momentumSlot = -1, _averageSlot = -1;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η: a number or a schedule (default 0.001).</param>
    /// <param name="rho">ρ in [0, 1) (default 0.9): the decay of the mean square.</param>
    /// <param name="momentum">β in [0, 1) (default 0: no momentum slot).</param>
    /// <param name="epsilon">ε &gt; 0 (default 1e-7).</param>
    /// <param name="centered">Divide by the estimated variance s − a² instead of the mean square.</param>
    /// <param name="weightDecay">Decoupled weight decay (see <see cref="Optimizer.WeightDecay"/>).</param>
    /// <param name="clipNorm">See <see cref="Optimizer.ClipNorm"/>.</param>
    /// <param name="clipValue">See <see cref="Optimizer.ClipValue"/>.</param>
    /// <param name="globalClipNorm">See <see cref="Optimizer.GlobalClipNorm"/>.</param>
    /// <param name="name">Name used in messages.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    /// <exception cref="ArgumentException">More than one clipping option is set.</exception>
    public RMSprop(LearningRateSchedule? learningRate = null, double rho = 0.9, double momentum = 0, double epsilon = 1e-7,
        bool centered = false, double? weightDecay = null, double? clipNorm = null, double? clipValue = null,
        double? globalClipNorm = null, string? name = null)
        : base(learningRate, 0.001, weightDecay, clipNorm, clipValue, globalClipNorm, name)
    {
        Rho = OptimizerChecks.UnitInterval(Name, nameof(rho), rho);
        Momentum = OptimizerChecks.UnitInterval(Name, nameof(momentum), momentum);
        Epsilon = ArgumentChecks.Positive(Name, nameof(epsilon), epsilon);
        Centered = centered;
        var names = new List<string> { "velocity" };
        if (Momentum > 0)
        {
            _momentumSlot = names.Count;
            names.Add("momentum");
        }
        if (centered)
        {
            _averageSlot = names.Count;
            names.Add("average_gradient");
        }
        _slotNames = [.. names];
    }

    /// <summary>ρ.</summary>
    public double Rho { get; }

    /// <summary>β.</summary>
    public double Momentum { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the centered variant is used.</summary>
    public bool Centered { get; }

    /// <summary>"velocity", then "momentum" when β &gt; 0, then "average_gradient" when centered.</summary>
    public override IReadOnlyList<string> SlotNames => _slotNames;

    /// <summary>s ← ρs + (1 − ρ)g²; [a ← ρa + (1 − ρ)g]; Δ = ηg/√(s [− a²] + ε); θ ← θ − Δ, or p ← βp + Δ, θ ← θ − p.</summary>
    protected override void UpdateParameter(Tensor parameter, Tensor gradient, ReadOnlySpan<Tensor> slots, in UpdateContext context)
    {
        var s = slots[0];
        var g2 = gradient.Square().MulInPlace(1 - Rho);
        s.MulInPlace(Rho).AddInPlace(g2);
        Tensor denominator;
        if (_averageSlot >= 0)
        {
            var a = slots[_averageSlot];
            a.MulInPlace(Rho).AddInPlace(gradient, 1 - Rho);
            denominator = s - a.Square();
            denominator.AddInPlace(Constant(Epsilon, denominator));
        }
        else denominator = s + Epsilon;
        var increment = gradient / denominator.Sqrt();
        if (_momentumSlot >= 0)
        {
            var p = slots[_momentumSlot];
            p.MulInPlace(Momentum).AddInPlace(increment.MulInPlace(context.LearningRate));
            parameter.AddInPlace(p, -1);
        }
        else parameter.AddInPlace(increment.MulInPlace(-context.LearningRate));
    }
}
