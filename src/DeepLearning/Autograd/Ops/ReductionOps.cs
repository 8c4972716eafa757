using DeepLearning.Devices;

namespace DeepLearning.Autograd.Ops;

/// <summary>The shapes of a reduction: with size 1 on reduced axes (keep-dims) and without them.</summary>
internal readonly record struct ReductionShapes(Shape Kept, Shape Dropped, long Count, int[] Axes)
{
    public static ReductionShapes Resolve(string op, Shape shape, ReadOnlySpan<int> axes, bool allAxes)
    {
        Span<bool> mask = stackalloc bool[Shape.MaxRank];
        if (allAxes) mask[..shape.Rank].Fill(true);
        else OpChecks.AxesMask(op, shape, axes, mask);
        Span<int> kept = stackalloc int[Shape.MaxRank];
        Span<int> dropped = stackalloc int[Shape.MaxRank];
        int nd = 0, nr = 0;
        long count = 1;
        for (int i = 0; i < shape.Rank; i++)
        {
            kept[i] = mask[i] ? 1 : shape[i];
            if (mask[i])
            {
                count *= shape[i];
                nr++;
            }
            else dropped[nd++] = shape[i];
        }
        var reduced = new int[nr];
        for (int i = 0, j = 0; i < shape.Rank; i++)
            if (mask[i]) reduced[j++] = i;
        return new ReductionShapes(new Shape(kept[..shape.Rank]), new Shape(dropped[..nd]), count, reduced);
    }
}

/// <summary>
/// Sum, Mean, Max and Min over a set of axes. The device reduces into the keep-dims shape (size 1 on reduced
/// axes), which is reshaped away unless keepDims. VJPs: Sum broadcasts g back; Mean broadcasts g/n; Max and Min
/// share g equally among the elements equal to the extreme (as TensorFlow and PyTorch do).
/// </summary>
internal sealed class ReduceNode(ReduceOp op, ReductionShapes shapes) : Node
{
    public override string Name => op.ToString();

    public static Tensor Apply(ReduceOp op, Tensor x, ReadOnlySpan<int> axes, bool allAxes, bool keepDims)
    {
        string name = op.ToString();
        var xv = x.View;
        if (op == ReduceOp.Mean) OpChecks.Floating(name, x);
        var shapes = ReductionShapes.Resolve(name, x.Shape, axes, allAxes);
        if (shapes.Count == 0 && op is ReduceOp.Max or ReduceOp.Min)
            throw new ArgumentException($"{name}: cannot reduce an empty axis (shape {x.Shape}); the result has no identity.");
        var y = x.EmptyLike(shapes.Kept);
        x.Device.Reduce(op, xv, y.View);
        if (Node.ShouldRecord(x))
        {
            var node = new ReduceNode(op, shapes);
            if (op is ReduceOp.Max or ReduceOp.Min)
            {
                node.Save(x);
                node.Save(y);
            }
            node.Attach(y, x);
        }
        return keepDims ? y : y.Reshape(shapes.Dropped);
    }

    protected internal override void Backward(Tensor g)
    {
        var input = GetInput(0);
        switch (op)
        {
            case ReduceOp.Sum:
                PassGrad(0, g.Expand(input.Shape));
                break;
            case ReduceOp.Mean:
                PassGrad(0, (g * (1.0 / shapes.Count)).Expand(input.Shape));
                break;
            default:
            {
                Tensor x = GetSaved(0), y = GetSaved(1);
                var hits = x.Eq(y);
                PassGrad(0, hits * (g / hits.Sum(shapes.Axes, keepDims: true)));
                break;
            }
        }
    }
}

/// <summary>The Euclidean norm √Σx² over axes, with the subgradient 0 at the origin (where x/‖x‖ is undefined).</summary>
internal sealed class L2NormNode : Node
{
    public override string Name => "Norm";

    public static Tensor Apply(Tensor x, ReadOnlySpan<int> axes, bool allAxes, bool keepDims)
    {
        OpChecks.Floating("Norm", x);
        var shapes = ReductionShapes.Resolve("Norm", x.Shape, axes, allAxes);
        Tensor y;
        using (GradMode.Disable()) y = UnaryNode.Forward(UnaryOp.Sqrt, x.Square().Sum(shapes.Axes, keepDims: true));
        if (Node.ShouldRecord(x))
        {
            var node = new L2NormNode();
            node.Save(x);
            node.Save(y);
            node.Attach(y, x);
        }
        return keepDims ? y : y.Reshape(shapes.Dropped);
    }

    protected internal override void Backward(Tensor g)
    {
        Tensor x = GetSaved(0), y = GetSaved(1);
        var safe = Tensor.Where(y.Eq(0.0), Tensor.OnesLike(y), y);
        PassGrad(0, x * (g / safe));
    }
}
