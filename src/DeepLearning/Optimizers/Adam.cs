using DeepLearning.Schedules;

namespace DeepLearning.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba 2015) with optional AMSGrad (Reddi et al. 2018), as Keras 3
/// (keras/src/optimizers/adam.py): defaults lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7.
/// </summary>
/// <remarks>
/// <para>Slots "momentum" m and "velocity" v (and "velocity_hat" v̂ with AMSGrad), all starting at 0; at step
/// t = 1, 2, …: m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; with AMSGrad v̂ ← max(v̂, v) and v̂ replaces v below;
/// α = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ); θ ← θ − α·m/(√v + ε).</para>
/// <para>This is the paper's "efficient" form (end of its §2): the bias corrections m̂ = m/(1 − β₁ᵗ),
/// v̂ = v/(1 − β₂ᵗ) are folded into α, and ε is outside the root ("ε̂" of the paper). It equals
/// θ − η·m̂/(√v̂ + ε/√(1 − β₂ᵗ)) — Ng's W − αV̂/(√Ŝ + ε) up to where ε sits. Géron's signs in the course notes
/// (S0 §3.3.4) and S3's missing t are errata; S2's form has no bias correction.</para>
/// </remarks>
public class Adam : AdaptiveMomentOptimizer
{
    private static readonly string[] Slots = ["momentum", "velocity"];
    private static readonly string[] AmsGradSlots = ["momentum", "velocity", "velocity_hat"];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η: a number or a schedule (default 0.001).</param>
    /// <param name="beta1">β₁ in [0, 1) (default 0.9).</param>
    /// <param name="beta2">β₂ in [0, 1) (default 0.999).</param>
    /// <param name="epsilon">ε &gt; 0 (default 1e-7).</param>
    /// <param name="amsgrad">Use the AMSGrad variant (a running maximum of v).</param>
    /// <param name="weightDecay">Decoupled weight decay (see <see cref="Optimizer.WeightDecay"/>; <see cref="AdamW"/>
    /// sets it by default).</param>
    /// <param name="clipNorm">See <see cref="Optimizer.ClipNorm"/>.</param>
    /// <param name="clipValue">See <see cref="Optimizer.ClipValue"/>.</param>
    /// <param name="globalClipNorm">See <see cref="Optimizer.GlobalClipNorm"/>.</param>
    /// <param name="name">Name used in messages.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    /// <exception cref="ArgumentException">More than one clipping option is set.</exception>
    // Adam is open for derivation (AdamW, Nadam, user variants) while its base AdaptiveMomentOptimizer is not:
    // exposing the protected members of the optimizer base through Adam is intended (RS0022).
#pragma warning disable RS0022
    public Adam(LearningRateSchedule? learningRate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7,
        bool amsgrad = false, double? weightDecay = null, double? clipNorm = null, double? clipValue = null,
        double? globalClipNorm = null, string? name = null)
        : base(learningRate, beta1, beta2, epsilon, weightDecay, clipNorm, clipValue, globalClipNorm, name)
    {
        AmsGrad = amsgrad;
    }
#pragma warning restore RS0022

    /// <summary>Whether AMSGrad is used.</summary>
    public bool AmsGrad { get; }

    /// <summary>"momentum", "velocity", and "velocity_hat" with AMSGrad.</summary>
    public override IReadOnlyList<string> SlotNames => AmsGrad ? AmsGradSlots : Slots;

    /// <summary>m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; [v̂ ← max(v̂, v)]; θ ← θ − η√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m/(√v + ε).</summary>
    protected override void UpdateParameter(Tensor parameter, Tensor gradient, ReadOnlySpan<Tensor> slots, in UpdateContext context)
    {
        var m = slots[0];
        var v = slots[1];
        double t = context.Step;
        double alpha = context.LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t));
        if (!AmsGrad && FusedUpdates.TryAdam(parameter, gradient, m, v, alpha, Beta1, Beta2, Epsilon)) return;
        m.MulInPlace(Beta1).AddInPlace(gradient, 1 - Beta1);
        v.MulInPlace(Beta2).AddInPlace(gradient.Square().MulInPlace(1 - Beta2));
        if (AmsGrad)
        {
            var vHat = slots[2];
            vHat.Assign(Tensor.Maximum(vHat, v));
            v = vHat;
        }
        var denominator = v.Sqrt();
        denominator.AddInPlace(Constant(Epsilon, denominator));
        parameter.AddInPlace((m / denominator).MulInPlace(-alpha));
    }
}
