namespace DeepLearning.Layers;

/// <summary>
/// Global max pooling over space (Keras's GlobalMaxPooling2D): (batch, H, W, C) → (batch, C), y[c] = max_{i, j}
/// x[i, j, c] (NaN propagates; the gradient is shared among tied maxima); with keepDims (batch, 1, 1, C).
/// Source: keras.layers.GlobalMaxPooling2D.
/// </summary>
public sealed class GlobalMaxPooling2D : GlobalPooling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="keepDims">Keep the spatial axes with size 1: (batch, 1, 1, C).</param>
    /// <param name="name">Layer name.</param>
    public GlobalMaxPooling2D(bool keepDims = false, string? name = null) : base(2, keepDims, name) { }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context) => input.Max(Axes, KeepDims);

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig config)
    {
        LayerArgs.ChannelsLast(config);
        return new GlobalMaxPooling2D(config.GetBool("keepdims", false), config.GetString("name")) { Trainable = config.GetBool("trainable", true) };
    }
}
