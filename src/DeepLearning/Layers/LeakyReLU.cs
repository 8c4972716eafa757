namespace DeepLearning.Layers;

/// <summary>
/// Leaky ReLU (Maas et al. 2013; Keras's LeakyReLU layer): f(x) = x for x ≥ 0, negative_slope·x below, with Keras's
/// default slope 0.3 (the activation function <c>keras.activations.leaky_relu</c> defaults to 0.2, the notes' S3 to
/// 0.01). Element-wise; no weights; masks pass through.
/// </summary>
public sealed class LeakyReLU : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="negativeSlope">Slope ≥ 0 for x &lt; 0.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative or non-finite slope.</exception>
    public LeakyReLU(double negativeSlope = 0.3, string? name = null) : base(name)
    {
        if (!(negativeSlope >= 0) || !double.IsFinite(negativeSlope))
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, $"LeakyReLU: negative_slope must be finite and ≥ 0; got {negativeSlope}.");
        NegativeSlope = negativeSlope;
    }

    /// <summary>The slope for x &lt; 0.</summary>
    public double NegativeSlope { get; }

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        LayerChecks.RequireFloating(Name, input);
        return input.LeakyRelu(NegativeSlope);
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("negative_slope", NegativeSlope);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c) =>
        new LeakyReLU(c.GetDouble("negative_slope", 0.3), c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
}
