namespace DeepLearning.Layers;

/// <summary>
/// Flattens each sample (Keras's Flatten): (batch, d₁, …, dₖ) → (batch, d₁·…·dₖ) in row-major (C) order, so NHWC
/// features are ordered (h, w, c) as in Keras; (batch,) → (batch, 1). A view when the input is contiguous. No weights.
/// SEEDS: 14×14×64 → 12,544. Source: keras.layers.Flatten.
/// </summary>
public sealed class Flatten : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">Layer name.</param>
    public Flatten(string? name = null) : base(name) { }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        int features = 1;
        for (int i = 1; i < input.Rank; i++) features *= input.Shape[i];
        return input.Reshape(input.Shape[0], features);
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("data_format", "channels_last");

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig config)
    {
        LayerArgs.ChannelsLast(config);
        return new Flatten(config.GetString("name")) { Trainable = config.GetBool("trainable", true) };
    }
}
