using DeepLearning.Devices;

namespace DeepLearning.Autograd.Ops;

/// <summary>
/// 2-D max or average pooling on NHWC tensors, see <see cref="Pool2DGeometry"/>. VJP: max routes each output
/// gradient to the first maximal cell of its window (row-major order; a NaN counts as maximal), average spreads it
/// evenly over the window's cells inside the input. Overlapping windows add up.
/// </summary>
internal sealed class Pool2DNode(PoolKind kind, Pool2DGeometry geometry) : Node
{
    public override string Name => kind == PoolKind.Max ? "MaxPool2D" : "AvgPool2D";

    public static Tensor Apply(string op, PoolKind kind, Tensor x, (int H, int W) pool, (int H, int W) strides, Padding padding)
    {
        OpChecks.Floating(op, x);
        var g = ConvShapes.Pool2D(op, x.Shape, pool, strides, padding);
        Tensor xc;
        using (Tensor.NoGrad()) xc = x.Detach().Contiguous();
        var y = x.EmptyLike([g.Batch, g.OutHeight, g.OutWidth, g.Channels]);
        x.Device.Pool2D(kind, xc.View, y.View, g);
        if (!Node.ShouldRecord(x)) return y;
        var node = new Pool2DNode(kind, g);
        node.Save(xc);
        return node.Attach(y, x);
    }

    protected internal override void Backward(Tensor g)
    {
        var x = GetSaved(0);
        var dy = g.Contiguous();
        var dx = x.EmptyLike(x.Shape);
        x.Device.Pool2DBackward(kind, x.View, dy.View, dx.View, geometry);
        PassGrad(0, dx);
    }
}
