namespace DeepLearning.Layers;

/// <summary>
/// A placeholder in a functional model: the per-sample shape and dtype of a value that a layer will produce, and
/// the node (layer, output index, inputs) that produces it. Obtained from an <see cref="Input"/> and from calling a
/// layer on symbolic tensors; a functional <c>Model</c> is defined by its input and output symbolic tensors.
/// </summary>
public sealed class SymbolicTensor
{
    internal SymbolicTensor(Shape shape, DType dtype, SymbolicNode node, int outputIndex, int maskRank = -1)
    {
        Shape = shape;
        DType = dtype;
        Node = node;
        OutputIndex = outputIndex;
        MaskRank = maskRank;
    }

    /// <summary>The layer call that produces this value.</summary>
    internal SymbolicNode Node { get; }

    /// <summary>The per-sample shape (the batch axis is implicit, shown as None).</summary>
    public Shape Shape { get; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>The layer that produces the value.</summary>
    public Layer Layer => Node.Layer;

    /// <summary>Which of the layer's outputs this is.</summary>
    public int OutputIndex { get; }

    /// <summary>The symbolic inputs the layer was called on (empty for an <see cref="Input"/>).</summary>
    public IReadOnlyList<SymbolicTensor> Inputs => Node.Inputs;

    /// <summary>True when the value carries a mask.</summary>
    public bool HasMask => MaskRank >= 0;

    /// <summary>The per-sample rank of the mask (−1 without one).</summary>
    internal int MaskRank { get; }

    /// <summary>The shape with the batch axis shown as None, as Keras's summary prints it: <c>(None, 28, 28, 1)</c>.</summary>
    public string ShapeText => Shape.Rank == 0 ? "(None,)" : $"(None, {string.Join(", ", Shape)})";

    /// <inheritdoc />
    public override string ToString() => $"SymbolicTensor(shape={ShapeText}, dtype={DType.ToNumPyName()}, layer={Layer.Name})";
}

/// <summary>One call of a layer in a functional graph: the layer, its symbolic inputs and the outputs it produced.
/// A layer called twice (a shared layer) has two nodes.</summary>
internal sealed class SymbolicNode(Layer layer, SymbolicTensor[] inputs)
{
    public Layer Layer { get; } = layer;

    public SymbolicTensor[] Inputs { get; } = inputs;

    public SymbolicTensor[] Outputs { get; set; } = [];

    /// <summary>The index of this call among the layer's calls (Keras's node index in "layer[node][tensor]").</summary>
    public int Index { get; set; }
}
