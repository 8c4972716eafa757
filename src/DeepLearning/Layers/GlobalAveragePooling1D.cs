namespace DeepLearning.Layers;

/// <summary>
/// Global average pooling over time (Keras's GlobalAveragePooling1D): (batch, steps, C) → (batch, C), y[c] =
/// mean_t x[t, c]. With a mask (batch, steps) of 1/0 (from Embedding(maskZero) or Masking) only the valid steps count:
/// y[c] = Σ_t m[t]·x[t, c] / Σ_t m[t], as Keras (a fully masked sequence gives 0/0 = NaN there too). The output
/// carries no mask. Source: keras.layers.GlobalAveragePooling1D.
/// </summary>
public sealed class GlobalAveragePooling1D : GlobalPooling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="keepDims">Keep the steps axis with size 1: (batch, 1, C).</param>
    /// <param name="name">Layer name.</param>
    public GlobalAveragePooling1D(bool keepDims = false, string? name = null) : base(1, keepDims, name) { }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        if (context.Mask is not { } mask) return input.Mean(1, KeepDims);
        if (mask.Rank != 2 || mask.Shape[0] != input.Shape[0] || mask.Shape[1] != input.Shape[1])
            throw new ArgumentException($"{LayerArgs.Describe(this)}: the mask {mask.Shape} does not match the input {input.Shape} (expected ({input.Shape[0]}, {input.Shape[1]})).");
        var m = mask.Cast(input.DType).Unsqueeze(-1);
        return (input * m).Sum(1, KeepDims) / m.Sum(1, KeepDims);
    }

    /// <inheritdoc />
    protected override Tensor? ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks) => null;

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig config)
    {
        LayerArgs.ChannelsLast(config);
        return new GlobalAveragePooling1D(config.GetBool("keepdims", false), config.GetString("name")) { Trainable = config.GetBool("trainable", true) };
    }
}
