namespace DeepLearning.Layers;

/// <summary>
/// Applies a layer to every time step (Keras's TimeDistributed): for an input (batch, time, …) the output is
/// (batch, time, …′) with y[:, t] = layer(x[:, t]), the same weights at every step. The time axis is folded into the
/// batch, so the wrapped layer runs once on (batch·time, …) and the result is unfolded: one large call instead of
/// one per step.
/// </summary>
/// <remarks>
/// <para>The wrapped layer is built for the per-step shape (…), so its parameters are counted once
/// (TimeDistributed(Dense(8)) on (batch, 10, 16): 136). A mask (batch, time, …) is folded the same way for the
/// wrapped layer and passed on unchanged.</para>
/// <para>Folding equals Keras's per-step loop for every layer whose result for one sample does not depend on the
/// others; in training mode a BatchNormalization inside normalises over batch·time rows rather than per step.</para>
/// </remarks>
public sealed class TimeDistributed : Layer
{
    /// <summary>Wraps <paramref name="layer"/>.</summary>
    /// <param name="layer">The layer applied at every step.</param>
    /// <param name="name">Layer name.</param>
    public TimeDistributed(Layer layer, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(layer);
        WrappedLayer = Track(layer);
    }

    /// <summary>The layer applied at every step.</summary>
    public Layer WrappedLayer { get; }

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        if (inputShape.Rank < 2)
            throw new ArgumentException($"{Name}: TimeDistributed expects inputs of rank ≥ 3 (batch, time, …); got (None, {string.Join(", ", inputShape)}).");
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        if (input.Rank < 3)
            throw new ArgumentException($"{Name}: TimeDistributed expects inputs of rank ≥ 3 (batch, time, …); got {input.Shape}.");
        int batch = input.Shape[0], steps = input.Shape[1];
        var dims = input.Shape.ToArray();
        var folded = input.Reshape([batch * steps, .. dims[2..]]);
        Tensor? foldedMask = null;
        if (context.Mask is { } mask)
        {
            if (mask.Rank < 2 || mask.Shape[0] != batch || mask.Shape[1] != steps)
                throw new ArgumentException($"{Name}: the mask of shape {mask.Shape} must start with (batch, time) = ({batch}, {steps}) for inputs of shape {input.Shape}.");
            var m = mask.Shape.ToArray();
            foldedMask = mask.Reshape([batch * steps, .. m[2..]]);
        }
        var y = WrappedLayer.Invoke([folded], context.Training, [foldedMask]);
        if (y.Count != 1)
            throw new ArgumentException($"{Name}: the wrapped layer {WrappedLayer} returned {y.Count} outputs; TimeDistributed needs one.");
        var outDims = y[0].Shape.ToArray();
        return y[0].Reshape([batch, steps, .. outDims[1..]]);
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("layer", NestedLayerConfig.Write(WrappedLayer));

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>.</summary>
    /// <exception cref="InvalidDataException">The wrapped layer cannot be read.</exception>
    public static Layer FromConfig(LayerConfig c) =>
        new TimeDistributed(NestedLayerConfig.Read(c.GetConfig("layer"), "TimeDistributed"), c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
}
