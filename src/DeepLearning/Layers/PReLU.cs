using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// Parametric ReLU (He et al. 2015; Keras's PReLU layer): f(x) = x for x ≥ 0, α·x below, computed as
/// relu(x) − α·relu(−x) as in Keras, with α learned. α has the per-sample input shape, except that the
/// <see cref="SharedAxes"/> get size 1 (e.g. shared axes [1, 2] on NHWC maps give one α per channel: (1, 1, C)).
/// Parameters: the element count of α, all trainable; α starts at 0 (a plain ReLU). Masks pass through.
/// </summary>
public sealed class PReLU : Layer
{
    private readonly int[] _sharedAxes;
    private Tensor? _alpha;

    /// <summary>Creates the layer.</summary>
    /// <param name="alphaInitializer">Initial α (zeros, as Keras).</param>
    /// <param name="alphaRegularizer">Penalty on α.</param>
    /// <param name="alphaConstraint">Projection of α after each step.</param>
    /// <param name="sharedAxes">Axes (batch axis counted, so ≥ 1) along which α is shared; null: none.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A shared axis below 1 (Keras counts the batch axis as 0).</exception>
    public PReLU(Initializer? alphaInitializer = null, Regularizer? alphaRegularizer = null, Constraint? alphaConstraint = null,
        int[]? sharedAxes = null, string? name = null) : base(name)
    {
        if (sharedAxes is not null && sharedAxes.Any(a => a < 1))
            throw new ArgumentOutOfRangeException(nameof(sharedAxes), $"PReLU: shared axes count the batch axis as 0 and must be ≥ 1; got [{string.Join(", ", sharedAxes)}].");
        AlphaInitializer = alphaInitializer ?? Initializer.Zeros;
        AlphaRegularizer = alphaRegularizer;
        AlphaConstraint = alphaConstraint;
        _sharedAxes = sharedAxes?.ToArray() ?? [];
    }

    /// <summary>Initial α.</summary>
    public Initializer AlphaInitializer { get; }

    /// <summary>Penalty on α.</summary>
    public Regularizer? AlphaRegularizer { get; internal set; }

    /// <summary>Projection of α.</summary>
    public Constraint? AlphaConstraint { get; internal set; }

    /// <summary>Axes along which α is shared (batch axis counted).</summary>
    public IReadOnlyList<int> SharedAxes => _sharedAxes;

    /// <summary>α, the per-sample input shape with shared axes of size 1; null before the first call.</summary>
    public Tensor? Alpha => _alpha;

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        if (inputShape.Rank == 0)
            throw new ArgumentException($"{Name}: PReLU needs inputs of rank ≥ 2 (batch, features, …); got per-sample shape {inputShape}.");
        var dims = inputShape.ToArray();
        foreach (int a in _sharedAxes)
        {
            if (a > dims.Length)
                throw new ArgumentException($"{Name}: shared axis {a} is out of range for inputs of shape {LayerChecks.NoneShape(inputShape)}.");
            dims[a - 1] = 1;
        }
        _alpha = AddWeight("alpha", new Shape(dims), AlphaInitializer, regularizer: AlphaRegularizer, constraint: AlphaConstraint);
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        LayerChecks.RequireFloating(Name, input);
        var built = BuiltInputShapes![0];
        bool ok = input.Rank == built.Rank + 1;
        for (int i = 0; ok && i < built.Rank; i++) ok = _sharedAxes.Contains(i + 1) || input.Shape[i + 1] == built[i];
        if (!ok)
            throw new ArgumentException($"{Name}: built for inputs of shape {LayerChecks.NoneShape(built)}; called with shape {input.Shape}.");
        return input.Relu() - _alpha! * (-input).Relu();
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("alpha_initializer", AlphaInitializer.Name).Set("shared_axes", _sharedAxes.Length == 0 ? null : _sharedAxes.ToArray());

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/> (the initializer by name; regularizer and constraint
    /// are read back by the model loader, which sets them before the layer is built).</summary>
    public static Layer FromConfig(LayerConfig c) => new PReLU(Initializer.FromName(c.GetString("alpha_initializer", "zeros")),
        sharedAxes: c.Contains("shared_axes") && c["shared_axes"] is not null ? c.GetInts("shared_axes") : null,
        name: c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
}
