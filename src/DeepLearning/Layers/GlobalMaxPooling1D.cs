namespace DeepLearning.Layers;

/// <summary>
/// Global max pooling over time (Keras's GlobalMaxPooling1D): (batch, steps, C) → (batch, C), y[c] = max_t x[t, c]
/// (NaN propagates; the gradient is shared among tied maxima, as TensorFlow's reduce_max). Masks are ignored, as in
/// Keras. Source: keras.layers.GlobalMaxPooling1D.
/// </summary>
public sealed class GlobalMaxPooling1D : GlobalPooling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="keepDims">Keep the steps axis with size 1: (batch, 1, C).</param>
    /// <param name="name">Layer name.</param>
    public GlobalMaxPooling1D(bool keepDims = false, string? name = null) : base(1, keepDims, name) { }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context) => input.Max(1, KeepDims);

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig config)
    {
        LayerArgs.ChannelsLast(config);
        return new GlobalMaxPooling1D(config.GetBool("keepdims", false), config.GetString("name")) { Trainable = config.GetBool("trainable", true) };
    }
}
