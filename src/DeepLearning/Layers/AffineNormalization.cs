using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// The base of <see cref="BatchNormalization"/> and <see cref="LayerNormalization"/>: after standardising, the learned
/// affine map y = γ·x̂ + β (Keras's <c>center</c> and <c>scale</c>), with ε, the initializers (γ ones, β zeros),
/// regularizers and constraints of γ and β, and their creation at build time. Its constructor is not accessible
/// outside the library.
/// </summary>
public abstract class AffineNormalization : Layer
{
    private Tensor? _gamma, _beta;

    /// <summary>Stores the options (each layer validates ε itself, after its own earlier checks).</summary>
    private protected AffineNormalization(double epsilon, bool center, bool scale, Initializer? betaInitializer,
        Initializer? gammaInitializer, Regularizer? betaRegularizer, Regularizer? gammaRegularizer, Constraint? betaConstraint,
        Constraint? gammaConstraint, string? name) : base(name)
    {
        Epsilon = epsilon;
        Center = center;
        Scale = scale;
        BetaInitializer = betaInitializer ?? Initializer.Zeros;
        GammaInitializer = gammaInitializer ?? Initializer.Ones;
        BetaRegularizer = betaRegularizer;
        GammaRegularizer = gammaRegularizer;
        BetaConstraint = betaConstraint;
        GammaConstraint = gammaConstraint;
    }

    /// <summary>ε added to the variance.</summary>
    public double Epsilon { get; }

    /// <summary>Whether β is added.</summary>
    public bool Center { get; }

    /// <summary>Whether γ multiplies.</summary>
    public bool Scale { get; }

    /// <summary>Initial β.</summary>
    public Initializer BetaInitializer { get; }

    /// <summary>Initial γ.</summary>
    public Initializer GammaInitializer { get; }

    /// <summary>Penalty on β.</summary>
    public Regularizer? BetaRegularizer { get; internal set; }

    /// <summary>Penalty on γ.</summary>
    public Regularizer? GammaRegularizer { get; internal set; }

    /// <summary>Projection of β.</summary>
    public Constraint? BetaConstraint { get; internal set; }

    /// <summary>Projection of γ.</summary>
    public Constraint? GammaConstraint { get; internal set; }

    /// <summary>γ, shaped as the normalised features (BatchNormalization: (C); LayerNormalization: the normalised axes);
    /// null before the first call or without <see cref="Scale"/>.</summary>
    public Tensor? Gamma => _gamma;

    /// <summary>β, shaped as γ; null before the first call or without <see cref="Center"/>.</summary>
    public Tensor? Beta => _beta;

    /// <summary>Creates γ (with <see cref="Scale"/>) and then β (with <see cref="Center"/>), both of shape
    /// <paramref name="shape"/>, in Keras's order.</summary>
    private protected void AddGammaAndBeta(Shape shape)
    {
        if (Scale) _gamma = AddWeight("gamma", shape, GammaInitializer, regularizer: GammaRegularizer, constraint: GammaConstraint);
        if (Center) _beta = AddWeight("beta", shape, BetaInitializer, regularizer: BetaRegularizer, constraint: BetaConstraint);
    }

    /// <summary>Adds the entries shared by both layers, in this order: epsilon, center, scale, beta_initializer,
    /// gamma_initializer.</summary>
    private protected LayerConfig AffineConfig(LayerConfig c) => c
        .Set("epsilon", Epsilon).Set("center", Center).Set("scale", Scale)
        .Set("beta_initializer", BetaInitializer.Name).Set("gamma_initializer", GammaInitializer.Name);

    /// <summary>The β initializer a configuration names (default zeros).</summary>
    private protected static Initializer BetaInitializerFrom(LayerConfig c) => Initializer.FromName(c.GetString("beta_initializer", "zeros"));

    /// <summary>The γ initializer a configuration names (default ones).</summary>
    private protected static Initializer GammaInitializerFrom(LayerConfig c) => Initializer.FromName(c.GetString("gamma_initializer", "ones"));
}
