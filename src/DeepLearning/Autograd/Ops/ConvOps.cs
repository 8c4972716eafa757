using DeepLearning.Devices;

namespace DeepLearning.Autograd.Ops;

/// <summary>
/// The convolution and pooling ops as the public <see cref="Tensor"/> methods and the layers call them: argument
/// checks, padding resolution and the 1-D and depthwise forms composed from the 2-D nodes. <c>who</c> names the op or
/// the layer in error messages.
/// </summary>
internal static class ConvOps
{
    private static void Rank(string who, Tensor x, int rank, string layout)
    {
        if (x.Rank != rank)
            throw new ArgumentException($"{who}: the input must have rank {rank} {layout}; got shape {x.Shape}.");
    }

    public static Tensor Conv2D(string who, Tensor x, Tensor kernel, (int H, int W) strides, Padding padding, (int H, int W) dilation, int groups) =>
        Conv2DNode.Apply(who, x, kernel, strides, Conv2DPads(who, x, kernel, strides, padding, dilation), dilation, groups);

    /// <summary>The pads of a 2-D convolution, after the checks of its arguments.</summary>
    private static Pads2D Conv2DPads(string who, Tensor x, Tensor kernel, (int H, int W) strides, Padding padding, (int H, int W) dilation)
    {
        ConvShapes.Positive(who, "strides", strides);
        ConvShapes.Positive(who, "dilation", dilation);
        Rank(who, x, 4, "(batch, height, width, channels)");
        if (kernel.Rank != 4)
            throw new ArgumentException($"{who}: the kernel must have rank 4 (kh, kw, channels/groups, filters); got {kernel.Shape} for input {x.Shape}.");
        return ConvShapes.Resolve(who, padding, x.Shape[1], x.Shape[2], (kernel.Shape[0], kernel.Shape[1]), strides, dilation);
    }

    /// <summary>
    /// A convolution layer's forward pass, f(x ⋆ kernel + bias), pooled by <paramref name="pool"/> when given, as one
    /// <see cref="IFusedKernels.Conv2DBiasActivation"/> (or <see cref="IFusedKernels.Conv2DBiasActivationPool"/>) call
    /// of the device; while gradients are recorded through an operand, the unpooled op is recorded as one node
    /// (<see cref="Conv2DBiasActivationNode"/>). Null when that does not apply — gradients are recorded and a pool is
    /// asked for, the device has no fused kernels (or they are off), or the activation is not one of
    /// <see cref="FusedActivation"/> — and the caller composes the ops instead. Same checks and errors as
    /// <see cref="Conv2D"/>.
    /// </summary>
    public static Tensor? FusedConv2D(string who, Tensor x, Tensor kernel, Tensor? bias, (int H, int W) strides, Padding padding,
        (int H, int W) dilation, int groups, string activation, PoolSpec? pool = null)
    {
        bool record = Node.ShouldRecord(x, kernel) || (bias is not null && Node.ShouldRecord(bias));
        if (record && pool is not null) return null;
        if (x.Device.FusedKernels is not { } fused || RecurrentKernels.FromName(activation) is not { } f) return null;
        if (bias is not null && (bias.Rank != 1 || !ReferenceEquals(bias.Device, x.Device) || bias.DType != x.DType)) return null;
        var pads = Conv2DPads(who, x, kernel, strides, padding, dilation);
        var g = ConvShapes.Conv2D(who, x.Shape, kernel.Shape, strides, pads, dilation, groups);
        if (bias is not null && bias.Shape[0] != g.OutChannels) return null;
        var (xc, kc) = ConvKernels.Operands(who, x, kernel);
        Tensor? bc;
        using (Tensor.NoGrad()) bc = bias?.Detach().Contiguous();
        var bv = bc?.View ?? default;
        if (record) return Conv2DBiasActivationNode.Apply(fused, x, kernel, bias, xc, kc, bv, g, f);
        if (pool is not { } p)
        {
            var y = xc.EmptyLike([g.Batch, g.OutHeight, g.OutWidth, g.OutChannels]);
            fused.Conv2DBiasActivation(xc.View, kc.View, bv, y.View, g, f);
            return y;
        }
        var pg = ConvShapes.Pool2D(p.Who, [g.Batch, g.OutHeight, g.OutWidth, g.OutChannels], p.Size, p.Strides, p.Padding);
        var pooled = xc.EmptyLike([pg.Batch, pg.OutHeight, pg.OutWidth, pg.Channels]);
        fused.Conv2DBiasActivationPool(xc.View, kc.View, bv, pooled.View, g, f, p.Kind, pg);
        return pooled;
    }

    public static Tensor Conv1D(string who, Tensor x, Tensor kernel, int stride, Padding padding, int dilation, int groups)
    {
        ConvShapes.Positive(who, "stride", (stride, stride));
        ConvShapes.Positive(who, "dilation", (dilation, dilation));
        Rank(who, x, 3, "(batch, steps, channels)");
        if (kernel.Rank != 3)
            throw new ArgumentException($"{who}: the kernel must have rank 3 (kernel size, channels/groups, filters); got {kernel.Shape} for input {x.Shape}.");
        var (before, after, length) = ConvShapes.Axis(x.Shape[1], kernel.Shape[0], stride, dilation, padding);
        if (length < 1)
            throw new ArgumentException($"{who}: the window of {ConvShapes.Effective(kernel.Shape[0], dilation)} steps (kernel {kernel.Shape[0]}, dilation {dilation}) is longer than the {x.Shape[1]} steps of the input {x.Shape} with {padding} padding.");
        return Conv2DNode.Apply(who, x.Unsqueeze(1), kernel.Unsqueeze(0), (1, stride), new Pads2D(0, 0, before, after), (1, dilation), groups).Squeeze(1);
    }

    public static Tensor Depthwise(string who, Tensor x, Tensor kernel, (int H, int W) strides, Padding padding, (int H, int W) dilation)
    {
        Rank(who, x, 4, "(batch, height, width, channels)");
        if (kernel.Rank != 4)
            throw new ArgumentException($"{who}: the kernel must have rank 4 (kh, kw, channels, depth multiplier); got {kernel.Shape} for input {x.Shape}.");
        if (kernel.Shape[2] != x.Shape[3])
            throw new ArgumentException($"{who}: the kernel {kernel.Shape} is for {kernel.Shape[2]} channels, but the input {x.Shape} has {x.Shape[3]}.");
        var k = kernel.Shape;
        return Conv2D(who, x, kernel.Reshape(k[0], k[1], 1, k[2] * k[3]), strides, padding, dilation, x.Shape[3]);
    }

    public static Tensor Pool2D(string who, PoolKind kind, Tensor x, (int H, int W) pool, (int H, int W) strides, Padding padding) =>
        Pool2DNode.Apply(who, kind, x, pool, strides, padding);

    public static Tensor Pool1D(string who, PoolKind kind, Tensor x, int pool, int stride, Padding padding)
    {
        Rank(who, x, 3, "(batch, steps, channels)");
        ConvShapes.Positive(who, "pool size", (pool, pool));
        ConvShapes.Positive(who, "stride", (stride, stride));
        if (padding == Padding.Valid && pool > x.Shape[1])
            throw new ArgumentException($"{who}: the pool window of {pool} steps is longer than the {x.Shape[1]} steps of the input {x.Shape} with Valid padding.");
        return Pool2DNode.Apply(who, kind, x.Unsqueeze(1), (1, pool), (1, stride), padding).Squeeze(1);
    }
}

/// <summary>A pooling step applied to a convolution's output by <see cref="ConvOps.FusedConv2D"/>: the pooling layer's
/// name for messages, its kind, window, strides and padding.</summary>
internal readonly record struct PoolSpec(string Who, PoolKind Kind, (int H, int W) Size, (int H, int W) Strides, Padding Padding);
