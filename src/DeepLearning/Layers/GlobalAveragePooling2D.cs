namespace DeepLearning.Layers;

/// <summary>
/// Global average pooling over space (Keras's GlobalAveragePooling2D): (batch, H, W, C) → (batch, C),
/// y[c] = (1/(H·W)) Σ_{i, j} x[i, j, c]; with keepDims (batch, 1, 1, C). Source: keras.layers.GlobalAveragePooling2D.
/// </summary>
public sealed class GlobalAveragePooling2D : GlobalPooling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="keepDims">Keep the spatial axes with size 1: (batch, 1, 1, C).</param>
    /// <param name="name">Layer name.</param>
    public GlobalAveragePooling2D(bool keepDims = false, string? name = null) : base(2, keepDims, name) { }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context) => input.Mean(Axes, KeepDims);

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig config)
    {
        LayerArgs.ChannelsLast(config);
        return new GlobalAveragePooling2D(config.GetBool("keepdims", false), config.GetString("name")) { Trainable = config.GetBool("trainable", true) };
    }
}
