namespace DeepLearning.Layers;

/// <summary>
/// Returns its input unchanged, y = x, the same tensor (Keras's Identity): a placeholder where an architecture
/// expects a layer (e.g. a skip branch without projection). Masks pass through; no weights. Not to be confused with
/// the <see cref="Initializers.IdentityInitializer"/> initializer.
/// </summary>
public sealed class Identity : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">Layer name.</param>
    public Identity(string? name = null) : base(name) { }

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context) => input;

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c) => new Identity(c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
}
