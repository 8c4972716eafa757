namespace DeepLearning.Layers;

/// <summary>
/// Element-wise minimum of its inputs (Keras's Minimum). Inputs share the batch size
/// and broadcast per sample. With masks, a masked-out value never wins (Keras 3's masked merge); the output mask is
/// the OR of the input masks. Gradient: to the smaller input (to the earlier one on ties, as TensorFlow).
/// </summary>
public sealed class Minimum : Merge
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">Layer name.</param>
    public Minimum(string? name = null) : base(name) { }

    /// <inheritdoc />
    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks) =>
        MaskedFold(inputs, masks, Tensor.Minimum);

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c) => WithBase(new Minimum(c.GetString("name")), c);
}
