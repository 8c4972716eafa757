namespace DeepLearning.Autograd.Ops;

/// <summary>
/// Matrix product with NumPy semantics: 1-D operands are promoted (a to a row, b to a column) and the promoted
/// axis removed from the result; batch axes broadcast. VJP: ∂a = g·bᵀ, ∂b = aᵀ·g (transposes are free views that
/// the GEMM reads with its transpose flags), summed back over broadcast batch axes.
/// </summary>
internal sealed class MatMulNode(Shape outputShape) : Node
{
    public override string Name => "MatMul";

    public static Tensor Apply(Tensor a, Tensor b)
    {
        OpChecks.SameDeviceAndDType("MatMul", a, b);
        OpChecks.Floating("MatMul", a);
        if (a.Rank == 0 || b.Rank == 0)
            throw new ArgumentException($"MatMul: operands must have rank ≥ 1; got shapes {a.Shape} and {b.Shape} (use * for scalars).");
        var a2 = a.Rank == 1 ? a.Unsqueeze(0) : a;
        var b2 = b.Rank == 1 ? b.Unsqueeze(-1) : b;
        int m = a2.Shape[-2], k = a2.Shape[-1], kb = b2.Shape[-2], n = b2.Shape[-1];
        if (k != kb)
            throw new ArgumentException($"MatMul: inner dimensions differ: {a.Shape} · {b.Shape} ({k} vs {kb}).");
        var batchA = BatchOf(a2.Shape);
        var batchB = BatchOf(b2.Shape);
        if (!Shape.TryBroadcast(batchA, batchB, out var batch))
            throw new ArgumentException($"MatMul: batch dimensions {batchA} and {batchB} of {a.Shape} · {b.Shape} cannot be broadcast together.");
        var full = Append(batch, m, n);
        var y = a.EmptyLike(full);
        a.Device.MatMul(a2.BroadcastView(Append(batch, m, k)), b2.BroadcastView(Append(batch, k, n)), y.View);
        Tensor result = y;
        if (a.Rank == 1 || b.Rank == 1)
        {
            Span<int> dims = stackalloc int[Shape.MaxRank];
            batch.CopyTo(dims);
            int r = batch.Rank;
            if (a.Rank != 1) dims[r++] = m;
            if (b.Rank != 1) dims[r++] = n;
            result = y.Detach().Reshape(new Shape(dims[..r]));
        }
        if (!Node.ShouldRecord(a, b)) return result;
        var node = new MatMulNode(full);
        node.Save(a2);
        node.Save(b2);
        return node.Attach(result, a, b);
    }

    private static Shape BatchOf(Shape s)
    {
        Span<int> d = stackalloc int[Shape.MaxRank];
        s.CopyTo(d);
        return new Shape(d[..(s.Rank - 2)]);
    }

    private static Shape Append(Shape batch, int rows, int cols)
    {
        Span<int> d = stackalloc int[Shape.MaxRank];
        batch.CopyTo(d);
        d[batch.Rank] = rows;
        d[batch.Rank + 1] = cols;
        return new Shape(d[..(batch.Rank + 2)]);
    }

    private static Tensor ToInput(Tensor gradient, Shape promoted, Shape input) =>
        BackwardEngine.SumToShape(gradient, promoted, "MatMul").Reshape(input);

    protected internal override void Backward(Tensor g)
    {
        Tensor a2 = GetSaved(0), b2 = GetSaved(1);
        var g2 = g.Shape == outputShape ? g : g.Reshape(outputShape);
        // Gradients come in the broadcast batch shape of the promoted operands; sum them to the promoted shape,
        // then drop a promoted axis of a 1-D operand.
        // A leaf's gradient (a dense layer's kernel) takes its product straight from the GEMM.
        if (NeedsGrad(0) && !BackwardEngine.TryAccumulateProduct(GetInput(0), g2, b2.Transpose(-2, -1)))
            PassGrad(0, ToInput(g2.MatMul(b2.Transpose(-2, -1)), a2.Shape, GetInput(0).Shape));
        if (NeedsGrad(1) && !BackwardEngine.TryAccumulateProduct(GetInput(1), a2.Transpose(-2, -1), g2))
            PassGrad(1, ToInput(a2.Transpose(-2, -1).MatMul(g2), b2.Shape, GetInput(1).Shape));
    }
}
