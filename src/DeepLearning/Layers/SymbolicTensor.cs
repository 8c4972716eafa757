namespace DeepLearning.Layers;

/// <summary>
/// A placeholder in a functional model: the per-sample shape and dtype of a value that a layer will produce, and
/// the node (layer, output index, inputs) that produces it. Obtained from an <see cref="Input"/> and from calling a
/// layer on symbolic tensors; a functional <c>Model</c> is defined by its input and output symbolic tensors.
/// </summary>
public sealed class SymbolicTensor
{
    internal SymbolicTensor(Shape shape, DType dtype, Layer layer, int outputIndex, SymbolicTensor[] inputs, int maskRank = -1)
    {
        Shape = shape;
        DType = dtype;
        Layer = layer;
        OutputIndex = outputIndex;
        Inputs = inputs;
        MaskRank = maskRank;
    }

    /// <summary>The per-sample shape (the batch axis is implicit, shown as None).</summary>
    public Shape Shape { get; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>The layer that produces the value.</summary>
    public Layer Layer { get; }

    /// <summary>Which of the layer's outputs this is.</summary>
    public int OutputIndex { get; }

    /// <summary>The symbolic inputs the layer was called on (empty for an <see cref="Input"/>).</summary>
    public IReadOnlyList<SymbolicTensor> Inputs { get; }

    /// <summary>True when the value carries a mask.</summary>
    public bool HasMask => MaskRank >= 0;

    /// <summary>The per-sample rank of the mask (−1 without one).</summary>
    internal int MaskRank { get; }

    /// <summary>The shape with the batch axis shown as None, as Keras's summary prints it: <c>(None, 28, 28, 1)</c>.</summary>
    public string ShapeText => Shape.Rank == 0 ? "(None,)" : $"(None, {string.Join(", ", Shape)})";

    /// <inheritdoc />
    public override string ToString() => $"SymbolicTensor(shape={ShapeText}, dtype={DType.ToNumPyName()}, layer={Layer.Name})";
}
