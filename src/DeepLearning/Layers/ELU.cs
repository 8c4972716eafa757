namespace DeepLearning.Layers;

/// <summary>
/// Exponential linear unit (Clevert et al. 2015; Keras's ELU layer): f(x) = x for x &gt; 0, α·(eˣ − 1) otherwise,
/// α = 1 by default. Element-wise; no weights; masks pass through.
/// </summary>
public sealed class ELU : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="alpha">α, the saturation level −α for x → −∞.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">α not finite.</exception>
    public ELU(double alpha = 1.0, string? name = null) : base(name)
    {
        if (!double.IsFinite(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"ELU: alpha must be finite; got {alpha}.");
        Alpha = alpha;
    }

    /// <summary>α.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        LayerChecks.RequireFloating(Name, input);
        return input.Elu(Alpha);
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("alpha", Alpha);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c) => new ELU(c.GetDouble("alpha", 1.0), c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
}
