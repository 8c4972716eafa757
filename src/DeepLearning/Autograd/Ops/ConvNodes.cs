using DeepLearning.Devices;

namespace DeepLearning.Autograd.Ops;

/// <summary>The convolution device kernels applied to tensors (no graph): contiguous operands in, a new tensor out.</summary>
internal static class ConvKernels
{
    /// <summary>y = x ⋆ kernel, shape (N, OH, OW, OC).</summary>
    public static Tensor Forward(Tensor x, Tensor kernel, in Conv2DGeometry g)
    {
        var y = x.EmptyLike([g.Batch, g.OutHeight, g.OutWidth, g.OutChannels]);
        x.Device.Conv2D(x.View, kernel.View, y.View, g);
        return y;
    }

    /// <summary>∂L/∂x of y = x ⋆ kernel given dy: shape (N, H, W, C).</summary>
    public static Tensor BackwardInput(Tensor dy, Tensor kernel, in Conv2DGeometry g)
    {
        var dx = dy.EmptyLike([g.Batch, g.InHeight, g.InWidth, g.InChannels]);
        dy.Device.Conv2DBackwardInput(dy.View, kernel.View, dx.View, g);
        return dx;
    }

    /// <summary>∂L/∂kernel of y = x ⋆ kernel given dy: shape (KH, KW, C/groups, OC).</summary>
    public static Tensor BackwardKernel(Tensor x, Tensor dy, in Conv2DGeometry g)
    {
        var dk = x.EmptyLike([g.KernelHeight, g.KernelWidth, g.GroupInChannels, g.OutChannels]);
        x.Device.Conv2DBackwardKernel(x.View, dy.View, dk.View, g);
        return dk;
    }

    /// <summary>y = f(x ⋆ kernel + bias) from the core kernels (conv, broadcast add, activation): the composition
    /// <see cref="IFusedKernels.Conv2DBiasActivation"/> replaces. A bias view without storage means no bias.</summary>
    public static void ComposeBiasActivation(Device device, in StridedView x, in StridedView kernel, in StridedView bias, in StridedView y,
        in Conv2DGeometry g, FusedActivation activation)
    {
        device.Conv2D(x, kernel, y, g);
        if (bias.Storage is not null)
        {
            var spread = new StridedView(bias.Storage, bias.Offset, y.Shape, new Strides(0, 0, 0, bias.Strides[0]));
            device.Binary(BinaryOp.Add, y, spread, y);
        }
        RecurrentKernels.Activate(device, activation, y, y);
    }

    /// <summary>pool(f(x ⋆ kernel + bias)) from the core kernels, through a temporary conv output: the composition
    /// <see cref="IFusedKernels.Conv2DBiasActivationPool"/> replaces.</summary>
    public static void ComposeBiasActivationPool(Device device, in StridedView x, in StridedView kernel, in StridedView bias, in StridedView y,
        in Conv2DGeometry g, FusedActivation activation, PoolKind kind, in Pool2DGeometry pool)
    {
        using var scope = TensorScope.Begin();
        var conv = Tensor.Empty([g.Batch, g.OutHeight, g.OutWidth, g.OutChannels], y.DType, device);
        ComposeBiasActivation(device, x, kernel, bias, conv.View, g, activation);
        device.Pool2D(kind, conv.View, y, pool);
    }

    /// <summary>The operands of a convolution op, checked and made contiguous (outside the graph: the node
    /// records the original tensors).</summary>
    public static (Tensor X, Tensor Kernel) Operands(string op, Tensor x, Tensor kernel)
    {
        OpChecks.SameDeviceAndDType(op, x, kernel);
        OpChecks.Floating(op, x);
        using var noGrad = Tensor.NoGrad();
        return (x.Detach().Contiguous(), kernel.Detach().Contiguous());
    }
}

/// <summary>
/// 2-D convolution (cross-correlation, as Keras's <c>ops.conv</c> and PyTorch's <c>conv2d</c>) on NHWC tensors, see
/// <see cref="Conv2DGeometry"/>. VJP: ∂x = dy ⋆ᵀ kernel (the device's backward-input kernel, a transposed
/// convolution), ∂kernel = Σ over batch and positions of x-patch ⊗ dy.
/// </summary>
internal sealed class Conv2DNode(Conv2DGeometry geometry) : Node
{
    public override string Name => "Conv2D";

    public static Tensor Apply(string op, Tensor x, Tensor kernel, (int H, int W) strides, Pads2D pads, (int H, int W) dilation, int groups)
    {
        var g = ConvShapes.Conv2D(op, x.Shape, kernel.Shape, strides, pads, dilation, groups);
        var (xc, kc) = ConvKernels.Operands(op, x, kernel);
        var y = ConvKernels.Forward(xc, kc, g);
        if (!Node.ShouldRecord(x, kernel)) return y;
        var node = new Conv2DNode(g);
        node.Save(xc);
        node.Save(kc);
        return node.Attach(y, x, kernel);
    }

    protected internal override void Backward(Tensor g)
    {
        var dy = g.Contiguous();
        if (NeedsGrad(0)) PassGrad(0, ConvKernels.BackwardInput(dy, GetSaved(1), geometry));
        if (NeedsGrad(1)) PassGrad(1, ConvKernels.BackwardKernel(GetSaved(0), dy, geometry));
    }
}

/// <summary>
/// 2-D transposed convolution: the adjoint (input gradient) of the convolution described by the geometry, so
/// y (N, OH, OW, Cout) = x (N, H, W, Cin) ⋆ᵀ kernel (KH, KW, Cout, Cin). VJP: ∂x = dy ⋆ kernel (a convolution),
/// ∂kernel = the convolution's kernel gradient with dy in the role of its input and x in the role of its output gradient.
/// </summary>
internal sealed class Conv2DTransposeNode(Conv2DGeometry geometry) : Node
{
    public override string Name => "Conv2DTranspose";

    public static Tensor Apply(string op, Tensor x, Tensor kernel, (int H, int W) strides, Padding padding, (int H, int W)? outputPadding, (int H, int W) dilation)
    {
        var g = ConvShapes.Conv2DTranspose(op, x.Shape, kernel.Shape, strides, padding, outputPadding, dilation);
        var (xc, kc) = ConvKernels.Operands(op, x, kernel);
        var y = ConvKernels.BackwardInput(xc, kc, g);
        if (!Node.ShouldRecord(x, kernel)) return y;
        var node = new Conv2DTransposeNode(g);
        node.Save(xc);
        node.Save(kc);
        return node.Attach(y, x, kernel);
    }

    protected internal override void Backward(Tensor g)
    {
        var dy = g.Contiguous();
        if (NeedsGrad(0)) PassGrad(0, ConvKernels.Forward(dy, GetSaved(1), geometry));
        if (NeedsGrad(1)) PassGrad(1, ConvKernels.BackwardKernel(dy, GetSaved(0), geometry));
    }
}
