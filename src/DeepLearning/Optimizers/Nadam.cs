using DeepLearning.Schedules;

namespace DeepLearning.Optimizers;

/// <summary>
/// Nadam: Adam with Nesterov momentum (Dozat 2016), with the momentum schedule of Keras 3
/// (keras/src/optimizers/nadam.py): defaults lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7.
/// </summary>
/// <remarks>
/// <para>Momentum schedule μₜ = β₁·(1 − ½·0.96ᵗ), and the running product Πₜ = μ₁·μ₂·…·μₜ (an optimizer-level
/// number, "u_product" in the saved state, advanced once per step that has gradients).</para>
/// <para>Slots "momentum" m and "velocity" v: m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
/// m̂ = μₜ₊₁·m/(1 − Πₜ·μₜ₊₁) + (1 − μₜ)·g/(1 − Πₜ); v̂ = v/(1 − β₂ᵗ); θ ← θ − η·m̂/(√v̂ + ε).</para>
/// <para>Keras keeps Πₜ in the variables' dtype; here it is a double.</para>
/// </remarks>
public sealed class Nadam : AdaptiveMomentOptimizer
{
    private const string ProductName = "u_product";
    private static readonly string[] Slots = ["momentum", "velocity"];
    private double _uProduct = 1;

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
    public Nadam(LearningRateSchedule? learningRate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7,
        double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null, string? name = null)
        : base(learningRate, beta1, beta2, epsilon, weightDecay, clipNorm, clipValue, globalClipNorm, name)
    {
    }

    /// <summary>["momentum", "velocity"].</summary>
    public override IReadOnlyList<string> SlotNames => Slots;

    /// <summary>μₜ = β₁(1 − ½·0.96ᵗ).</summary>
    private double Mu(double t) => Beta1 * (1 - 0.5 * Math.Pow(0.96, t));

    /// <summary>Πₜ ← Πₜ₋₁·μₜ.</summary>
    protected override void BeginStep(in UpdateContext context) => _uProduct *= Mu(context.Step);

    /// <summary>m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; θ ← θ − η·m̂/(√(v/(1 − β₂ᵗ)) + ε) with m̂ as in the remarks.</summary>
    protected override void UpdateParameter(Tensor parameter, Tensor gradient, ReadOnlySpan<Tensor> slots, in UpdateContext context)
    {
        var m = slots[0];
        var v = slots[1];
        double t = context.Step;
        double muT = Mu(t), muNext = Mu(t + 1);
        double productNext = _uProduct * muNext;
        m.MulInPlace(Beta1).AddInPlace(gradient, 1 - Beta1);
        v.MulInPlace(Beta2).AddInPlace(gradient.Square().MulInPlace(1 - Beta2));
        var mHat = m * (muNext / (1 - productNext));
        mHat.AddInPlace(gradient, (1 - muT) / (1 - _uProduct));
        var denominator = v.Sqrt().MulInPlace(1 / Math.Sqrt(1 - Math.Pow(Beta2, t)));
        denominator.AddInPlace(Constant(Epsilon, denominator));
        parameter.AddInPlace((mHat / denominator).MulInPlace(-context.LearningRate));
    }

    /// <inheritdoc />
    protected override bool IsScalarName(string name) => name == ProductName;

    /// <inheritdoc />
    protected override void ExportScalars(IDictionary<string, double> scalars) => scalars[ProductName] = _uProduct;

    /// <summary>Restores Πₜ; a state without it gets the product over its iterations (as if each step had gradients).</summary>
    protected override void ImportScalars(IReadOnlyDictionary<string, double> scalars, long iterations)
    {
        if (scalars.TryGetValue(ProductName, out double product))
        {
            _uProduct = product;
            return;
        }
        _uProduct = 1;
        for (long i = 1; i <= iterations; i++) _uProduct *= Mu(i);
    }
}
