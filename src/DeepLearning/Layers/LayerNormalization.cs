using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// Layer normalization (Ba, Kiros and Hinton 2016; Keras 3's LayerNormalization): each sample is standardised over
/// the normalised <see cref="Axes"/> (default the last), y = γ·(x − μ)/√(σ² + ε) + β, with μ and the biased σ² taken
/// per sample over those axes (Keras's <c>ops.layer_normalization</c>; the same as PyTorch's
/// <c>F.layer_norm</c> over trailing axes). γ (ones) and β (zeros) have the shape of the normalised axes:
/// parameters 2·Π dims, all trainable. Same in training and inference; masks pass through.
/// </summary>
/// <remarks>Keras's default ε is 10⁻³ (PyTorch's 10⁻⁵).</remarks>
public sealed class LayerNormalization : AffineNormalization
{
    private readonly int[] _axes;
    private int[] _sampleAxes = [];
    private Shape _paramShape;

    /// <summary>Normalises over one axis (default the last).</summary>
    /// <param name="axis">The axis, batch axis counted (−1: the last).</param>
    /// <param name="epsilon">ε ≥ 0 added to the variance.</param>
    /// <param name="center">Whether to add β.</param>
    /// <param name="scale">Whether to multiply by γ.</param>
    /// <param name="betaInitializer">Initial β (zeros).</param>
    /// <param name="gammaInitializer">Initial γ (ones).</param>
    /// <param name="betaRegularizer">Penalty on β.</param>
    /// <param name="gammaRegularizer">Penalty on γ.</param>
    /// <param name="betaConstraint">Projection of β.</param>
    /// <param name="gammaConstraint">Projection of γ.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">ε negative or not finite.</exception>
    public LayerNormalization(int axis = -1, double epsilon = 1e-3, bool center = true, bool scale = true,
        Initializer? betaInitializer = null, Initializer? gammaInitializer = null, Regularizer? betaRegularizer = null,
        Regularizer? gammaRegularizer = null, Constraint? betaConstraint = null, Constraint? gammaConstraint = null, string? name = null)
        : this([axis], epsilon, center, scale, betaInitializer, gammaInitializer, betaRegularizer, gammaRegularizer, betaConstraint, gammaConstraint, name) { }

    /// <summary>Normalises over several axes jointly (e.g. [1, 2, 3] for a whole NHWC image).</summary>
    /// <param name="axes">The axes, batch axis counted; at least one, no duplicates, not the batch axis.</param>
    /// <param name="epsilon">ε ≥ 0 added to the variance.</param>
    /// <param name="center">Whether to add β.</param>
    /// <param name="scale">Whether to multiply by γ.</param>
    /// <param name="betaInitializer">Initial β (zeros).</param>
    /// <param name="gammaInitializer">Initial γ (ones).</param>
    /// <param name="betaRegularizer">Penalty on β.</param>
    /// <param name="gammaRegularizer">Penalty on γ.</param>
    /// <param name="betaConstraint">Projection of β.</param>
    /// <param name="gammaConstraint">Projection of γ.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentException">No axes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">ε negative or not finite.</exception>
    public LayerNormalization(int[] axes, double epsilon = 1e-3, bool center = true, bool scale = true,
        Initializer? betaInitializer = null, Initializer? gammaInitializer = null, Regularizer? betaRegularizer = null,
        Regularizer? gammaRegularizer = null, Constraint? betaConstraint = null, Constraint? gammaConstraint = null, string? name = null)
        : base(epsilon, center, scale, betaInitializer, gammaInitializer, betaRegularizer, gammaRegularizer, betaConstraint,
            gammaConstraint, name)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length == 0) throw new ArgumentException("LayerNormalization: needs at least one axis.", nameof(axes));
        ArgumentChecks.NonNegative("LayerNormalization", nameof(epsilon), epsilon);
        _axes = axes.ToArray();
    }

    /// <summary>The normalised axes as given (batch axis counted).</summary>
    public IReadOnlyList<int> Axes => _axes;

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        var sample = _axes.Select(a => LayerChecks.SampleAxis(Name, "axis", a, inputShape)).ToArray();
        if (sample.Distinct().Count() != sample.Length)
            throw new ArgumentException($"{Name}: duplicate axes [{string.Join(", ", _axes)}] for inputs of shape {LayerChecks.NoneShape(inputShape)}.");
        Array.Sort(sample);
        _sampleAxes = sample;
        _paramShape = new Shape(sample.Select(a => inputShape[a]).ToArray());
        AddGammaAndBeta(_paramShape);
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        LayerChecks.RequireFloating(Name, input);
        var built = BuiltInputShapes![0];
        bool ok = input.Rank == built.Rank + 1;
        for (int i = 0; ok && i < _sampleAxes.Length; i++) ok = input.Shape[_sampleAxes[i] + 1] == built[_sampleAxes[i]];
        if (!ok)
            throw new ArgumentException($"{Name}: built for inputs of shape {LayerChecks.NoneShape(built)} normalised over axes [{string.Join(", ", _axes)}]; called with shape {input.Shape}.");
        var full = _sampleAxes.Select(a => a + 1).ToArray();
        if (IsTrailing(full, input.Rank))
        {
            // Trailing axes: work on (M, K), a free reshape, where the broadcasts of γ and β are cheapest.
            int k = _paramShape.ElementCount;
            var y2 = input.Reshape(-1, k).Standardize([1], Epsilon);
            if (Gamma is not null) y2 *= Gamma.Reshape(k);
            if (Beta is not null) y2 += Beta.Reshape(k);
            return y2.Reshape(input.Shape);
        }
        var y = input.Standardize(full, Epsilon);
        if (Gamma is not null) y *= Broadcastable(Gamma, input.Rank, full);
        if (Beta is not null) y += Broadcastable(Beta, input.Rank, full);
        return y;
    }

    /// <summary>γ or β reshaped to broadcast against the input; a no-op when the axes are the trailing ones.</summary>
    private static bool IsTrailing(int[] axes, int rank)
    {
        bool trailing = true;
        for (int i = 0; i < axes.Length; i++) trailing &= axes[i] == rank - axes.Length + i;
        return trailing;
    }

    private static Tensor Broadcastable(Tensor p, int rank, int[] axes)
    {
        if (IsTrailing(axes, rank)) return p;
        var dims = new int[rank];
        Array.Fill(dims, 1);
        for (int i = 0; i < axes.Length; i++) dims[axes[i]] = p.Shape[i];
        return p.Reshape(dims);
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => AffineConfig(base.GetConfig().Set("axis", _axes.Length == 1 ? _axes[0] : _axes.ToArray()));

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/> (initializers by name; regularizers and constraints
    /// are read back by the model loader, which sets them before the layer is built).</summary>
    public static Layer FromConfig(LayerConfig c)
    {
        int[] axes = c.Contains("axis") && c["axis"] is int[] or double[] ? c.GetInts("axis") : [c.GetInt("axis", -1)];
        return new LayerNormalization(axes, c.GetDouble("epsilon", 1e-3), c.GetBool("center", true), c.GetBool("scale", true),
            BetaInitializerFrom(c), GammaInitializerFrom(c),
            name: c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
    }
}
