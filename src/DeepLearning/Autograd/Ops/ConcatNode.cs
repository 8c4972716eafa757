namespace DeepLearning.Autograd.Ops;

/// <summary>Concatenation along an axis: each input is copied into its slab of the output. VJP: each input gets
/// its slab of the gradient (a view, no copy).</summary>
internal sealed class ConcatNode(int axis, int[] sizes) : Node
{
    public override string Name => "Concat";

    public static Tensor Apply(Tensor[] tensors, int axis)
    {
        if (tensors.Length == 0) throw new ArgumentException("Concat: needs at least one tensor.", nameof(tensors));
        var first = tensors[0];
        int a = first.Shape.NormalizeAxis(axis, "Concat");
        int total = 0;
        var sizes = new int[tensors.Length];
        for (int t = 0; t < tensors.Length; t++)
        {
            var x = tensors[t];
            OpChecks.SameDeviceAndDType("Concat", first, x);
            if (x.Rank != first.Rank)
                throw new ArgumentException($"Concat: tensor {t} has shape {x.Shape}, rank differs from {first.Shape}.");
            for (int i = 0; i < x.Rank; i++)
                if (i != a && x.Shape[i] != first.Shape[i])
                    throw new ArgumentException($"Concat: tensor {t} has shape {x.Shape}, which differs from {first.Shape} outside axis {a}.");
            sizes[t] = x.Shape[a];
            total += sizes[t];
        }
        var y = first.EmptyLike(first.Shape.With(a, total));
        var yv = y.View;
        int offset = 0;
        for (int t = 0; t < tensors.Length; t++)
        {
            first.Device.Copy(tensors[t].View, SliceSpec.Narrow(y.Shape, a, offset, sizes[t]).ApplyTo(yv));
            offset += sizes[t];
        }
        if (!Node.ShouldRecord(tensors)) return y;
        return new ConcatNode(a, sizes).Attach(y, (Tensor[])tensors.Clone());
    }

    protected internal override void Backward(Tensor g)
    {
        int offset = 0;
        for (int t = 0; t < sizes.Length; t++)
        {
            if (NeedsGrad(t)) PassGrad(t, g.Narrow(axis, offset, sizes[t]));
            offset += sizes[t];
        }
    }
}
