namespace DeepLearning.Autograd.Ops;

/// <summary>
/// Gather along an axis (tf.gather): y = x.shape[:axis] + indices.shape + x.shape[axis+1:], with
/// y[…, j…, …] = x[…, indices[j…], …]. VJP: scatter-add of the gradient into zeros (repeated indices sum).
/// </summary>
internal sealed class GatherNode(int axis, Tensor flatIndices) : Node
{
    public override string Name => "Gather";

    public static Tensor Apply(Tensor x, Tensor indices, int axis)
    {
        OpChecks.Int32("Gather", indices, "indices");
        OpChecks.SameDevice("Gather", x, indices);
        int a = x.Shape.NormalizeAxis(axis, "Gather");
        if (x.Rank - 1 + indices.Rank > Shape.MaxRank)
            throw new ArgumentException($"Gather: the result of gathering {indices.Shape} from {x.Shape} would exceed rank {Shape.MaxRank}.");
        var flat = indices.Reshape(indices.ElementCount);
        var y = x.EmptyLike(x.Shape.With(a, flat.ElementCount));
        x.Device.Gather(x.View, a, flat.View, y.View);
        Span<int> dims = stackalloc int[Shape.MaxRank];
        int r = 0;
        for (int i = 0; i < a; i++) dims[r++] = x.Shape[i];
        for (int i = 0; i < indices.Rank; i++) dims[r++] = indices.Shape[i];
        for (int i = a + 1; i < x.Rank; i++) dims[r++] = x.Shape[i];
        var result = y.Reshape(new Shape(dims[..r]));
        if (!Node.ShouldRecord(x)) return result;
        return new GatherNode(a, flat).Attach(result, x);
    }

    protected internal override void Backward(Tensor g)
    {
        var input = GetInput(0);
        var dense = Tensor.Zeros(input.Shape, input.DType, input.Device);
        var g2 = g.Reshape(input.Shape.With(axis, flatIndices.ElementCount));
        input.Device.ScatterAdd(g2.View, axis, flatIndices.View, dense.View);
        PassGrad(0, dense);
    }
}

/// <summary>y = x with src added at indices along an axis: y[…, indices[j], …] += src[…, j, …]. VJP: x gets g,
/// src gets g gathered at the indices.</summary>
internal sealed class ScatterAddNode(int axis, Tensor indices) : Node
{
    public override string Name => "ScatterAdd";

    public static Tensor Apply(Tensor x, int axis, Tensor indices, Tensor src)
    {
        OpChecks.Int32("ScatterAdd", indices, "indices");
        OpChecks.SameDeviceAndDType("ScatterAdd", x, src);
        int a = x.Shape.NormalizeAxis(axis, "ScatterAdd");
        if (indices.Rank != 1)
            throw new ArgumentException($"ScatterAdd: indices must have rank 1; got shape {indices.Shape}.");
        if (src.Shape != x.Shape.With(a, indices.Shape[0]))
            throw new ArgumentException($"ScatterAdd: src of shape {src.Shape} must have shape {x.Shape.With(a, indices.Shape[0])} (x {x.Shape} with axis {a} of size {indices.Shape[0]}).");
        var y = x.EmptyLike(x.Shape);
        x.Device.Copy(x.View, y.View);
        x.Device.ScatterAdd(src.View, a, indices.View, y.View);
        if (!Node.ShouldRecord(x, src)) return y;
        return new ScatterAddNode(a, indices).Attach(y, x, src);
    }

    protected internal override void Backward(Tensor g)
    {
        PassGrad(0, g);
        if (NeedsGrad(1)) PassGrad(1, g.Gather(indices, axis));
    }
}

/// <summary>Constant padding: y has x in its interior and <c>value</c> around it. VJP: the interior of g.</summary>
internal sealed class PadNode(SliceSpec interior) : Node
{
    public override string Name => "Pad";

    public static Tensor Apply(Tensor x, ReadOnlySpan<(int Before, int After)> widths, double value)
    {
        if (widths.Length != x.Rank)
            throw new ArgumentException($"Pad: {widths.Length} (before, after) pairs given for a tensor of rank {x.Rank} (shape {x.Shape}).");
        Span<int> dims = stackalloc int[Shape.MaxRank];
        var axes = new AxisSlice[x.Rank];
        for (int i = 0; i < x.Rank; i++)
        {
            var (before, after) = widths[i];
            if (before < 0 || after < 0)
                throw new ArgumentException($"Pad: widths must be ≥ 0; axis {i} has ({before}, {after}).");
            dims[i] = x.Shape[i] + before + after;
            axes[i] = new AxisSlice(before, x.Shape[i], 1, false);
        }
        var spec = new SliceSpec(axes, []);
        var y = Tensor.Full(new Shape(dims[..x.Rank]), value, x.DType, x.Device);
        x.Device.Copy(x.View, spec.ApplyTo(y.View));
        if (!Node.ShouldRecord(x)) return y;
        return new PadNode(spec).Attach(y, x);
    }

    protected internal override void Backward(Tensor g)
    {
        var v = interior.ApplyTo(g.View);
        PassGrad(0, new Tensor(v.Storage, v.Offset, v.Shape, v.Strides));
    }
}
