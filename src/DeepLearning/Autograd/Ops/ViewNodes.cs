using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DeepLearning.Devices;

namespace DeepLearning.Autograd.Ops;

/// <summary>Reshape (and Squeeze, Unsqueeze, Flatten): a view when the data is contiguous, else a copy.
/// VJP: the gradient reshaped back.</summary>
internal sealed class ReshapeNode(Shape inputShape) : Node
{
    public override string Name => "Reshape";

    public static Tensor Record(Tensor x, Tensor y)
    {
        if (!Node.ShouldRecord(x)) return y;
        return new ReshapeNode(x.Shape).Attach(y, x);
    }

    protected internal override void Backward(Tensor g) => PassGrad(0, g.Reshape(inputShape));
}

/// <summary>Permute (and Transpose): a view with reordered axes. VJP: the gradient permuted back.</summary>
internal sealed class PermuteNode(int[] inverse) : Node
{
    public override string Name => "Permute";

    public static Tensor Record(Tensor x, Tensor y, ReadOnlySpan<int> perm)
    {
        if (!Node.ShouldRecord(x)) return y;
        var inverse = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++) inverse[perm[i]] = i;
        return new PermuteNode(inverse).Attach(y, x);
    }

    protected internal override void Backward(Tensor g) => PassGrad(0, g.Permute(inverse));
}

/// <summary>Expand (broadcast_to): a view with stride 0 on stretched axes. VJP: the gradient summed back
/// (done by <see cref="Node.PassGrad"/>).</summary>
internal sealed class ExpandNode : Node
{
    public override string Name => "Expand";

    public static Tensor Record(Tensor x, Tensor y) => Node.ShouldRecord(x) ? new ExpandNode().Attach(y, x) : y;

    protected internal override void Backward(Tensor g) => PassGrad(0, g);
}

/// <summary>A sub-view (slicing, Narrow, Select): VJP writes the gradient into the same region of zeros.</summary>
internal sealed class SliceNode(SliceSpec spec) : Node
{
    public override string Name => "Slice";

    public static Tensor Apply(Tensor x, SliceSpec spec)
    {
        var v = spec.ApplyTo(x.View);
        var y = new Tensor(v.Storage, v.Offset, v.Shape, v.Strides);
        return Node.ShouldRecord(x) ? new SliceNode(spec).Attach(y, x) : y;
    }

    protected internal override void Backward(Tensor g)
    {
        var input = GetInput(0);
        var dense = Tensor.Zeros(input.Shape, input.DType, input.Device);
        input.Device.Copy(g.View, spec.ApplyTo(dense.View));
        PassGrad(0, dense);
    }
}

/// <summary>A dense copy (Contiguous, Clone). VJP: identity.</summary>
internal sealed class CopyNode : Node
{
    public override string Name => "Copy";

    public static Tensor Apply(Tensor x)
    {
        var y = x.EmptyLike(x.Shape);
        x.Device.Copy(x.View, y.View);
        return Node.ShouldRecord(x) ? new CopyNode().Attach(y, x) : y;
    }

    protected internal override void Backward(Tensor g) => PassGrad(0, g);
}

/// <summary>A dtype conversion. Between floating types the gradient converts back; to or from int32 it stops.</summary>
internal sealed class CastNode(DType from) : Node
{
    public override string Name => "Cast";

    public static Tensor Apply(Tensor x, DType dtype)
    {
        var y = Tensor.Empty(x.Shape, dtype, x.Device);
        x.Device.Copy(x.View, y.View);
        if (!Node.ShouldRecord(x) || !dtype.IsFloating()) return y;
        return new CastNode(x.DType).Attach(y, x);
    }

    protected internal override void Backward(Tensor g) => PassGrad(0, g.Cast(from));
}

/// <summary>A copy onto another device (through the host). VJP: the gradient copied back.</summary>
internal sealed class ToDeviceNode(Device source) : Node
{
    public override string Name => "To";

    public static Tensor Apply(Tensor x, Device target)
    {
        var y = Tensor.Empty(x.Shape, x.DType, target);
        switch (x.DType)
        {
            case DType.Float32: Move<float>(x, y); break;
            case DType.Float64: Move<double>(x, y); break;
            default: Move<int>(x, y); break;
        }
        return Node.ShouldRecord(x) ? new ToDeviceNode(x.Device).Attach(y, x) : y;
    }

    /// <summary>Copies through the target device's staging buffer, so repeated transfers allocate no managed array
    /// per call.</summary>
    private static void Move<T>(Tensor x, Tensor y) where T : unmanaged
    {
        int bytes = checked(x.ElementCount * Unsafe.SizeOf<T>());
        var staging = y.Device.TakeStaging(bytes);
        try
        {
            var host = MemoryMarshal.Cast<byte, T>(staging.AsSpan(0, bytes));
            x.Device.Download<T>(x.View, host);
            y.Device.Upload<T>(host, y.View);
        }
        finally
        {
            y.Device.ReturnStaging(staging);
        }
    }

    protected internal override void Backward(Tensor g) => PassGrad(0, g.To(source));
}
