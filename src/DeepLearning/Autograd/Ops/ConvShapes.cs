using DeepLearning.Devices;

namespace DeepLearning.Autograd.Ops;

/// <summary>Explicit zero padding of a 2-D window op, in cells before and after each spatial axis.</summary>
internal readonly record struct Pads2D(int Top, int Bottom, int Left, int Right);

/// <summary>
/// The one place where convolution and pooling geometry is computed and validated (Keras's
/// <c>compute_conv_output_shape</c>, <c>compute_conv_transpose_output_shape</c> and <c>compute_pooling_output_shape</c>).
/// Every message names the op or layer (<c>who</c>) and the shapes involved.
/// </summary>
internal static class ConvShapes
{
    /// <summary>A shape as messages show it: with "None" for the batch axis when the caller is a layer being built.</summary>
    public static string Text(Shape x, bool symbolicBatch) =>
        !symbolicBatch || x.Rank == 0 ? x.ToString() : "(None" + string.Concat(x.ToArray().Skip(1).Select(d => ", " + d)) + ")";

    /// <summary>The dilated window length d·(k − 1) + 1.</summary>
    public static int Effective(int kernel, int dilation) => dilation * (kernel - 1) + 1;

    /// <summary>Padding before and after, and the output length, of one spatial axis (see <see cref="Padding"/>);
    /// the output is ≤ 0 when the window does not fit.</summary>
    public static (int Before, int After, int Output) Axis(int n, int kernel, int stride, int dilation, Padding padding)
    {
        int k = Effective(kernel, dilation);
        switch (padding)
        {
            case Padding.Same:
            {
                int output = (n + stride - 1) / stride;
                int total = Math.Max((output - 1) * stride + k - n, 0);
                return (total / 2, total - total / 2, output);
            }
            case Padding.Causal:
                return (k - 1, 0, (n - 1) / stride + 1);
            default:
                return (0, 0, n >= k ? (n - k) / stride + 1 : 0);
        }
    }

    /// <summary>Output length of one axis with explicit padding: ⌊(n + before + after − k')/s⌋ + 1 (≤ 0 if it does not fit).</summary>
    public static int Output(int n, int before, int after, int kernel, int stride, int dilation)
    {
        int span = n + before + after, k = Effective(kernel, dilation);
        return span >= k ? (span - k) / stride + 1 : 0;
    }

    /// <summary>The pads of a padding mode for a 2-D window op on an (H, W) input.</summary>
    public static Pads2D Resolve(string who, Padding padding, int h, int w, (int H, int W) kernel, (int H, int W) strides, (int H, int W) dilation)
    {
        if (padding == Padding.Causal)
            throw new ArgumentException($"{who}: padding Causal exists only for 1-D convolutions; use Valid or Same.");
        var (top, bottom, _) = Axis(h, kernel.H, strides.H, dilation.H, padding);
        var (left, right, _) = Axis(w, kernel.W, strides.W, dilation.W, padding);
        return new Pads2D(top, bottom, left, right);
    }

    public static void Positive(string who, string what, (int H, int W) value)
    {
        if (value.H < 1 || value.W < 1)
            throw new ArgumentOutOfRangeException(what, $"{who}: {what} must be positive; got ({value.H}, {value.W}).");
    }

    public static void NonNegative(string who, Pads2D pads)
    {
        if (pads.Top < 0 || pads.Bottom < 0 || pads.Left < 0 || pads.Right < 0)
            throw new ArgumentOutOfRangeException(nameof(pads), $"{who}: padding must be ≥ 0; got (top {pads.Top}, bottom {pads.Bottom}, left {pads.Left}, right {pads.Right}).");
    }

    /// <summary>Geometry of y = x ⋆ kernel: x (N, H, W, C), kernel (KH, KW, C/groups, OC).</summary>
    public static Conv2DGeometry Conv2D(string who, Shape x, Shape kernel, (int H, int W) strides, Pads2D pads, (int H, int W) dilation, int groups,
        bool symbolicBatch = false)
    {
        string xs = Text(x, symbolicBatch);
        if (x.Rank != 4)
            throw new ArgumentException($"{who}: the input must have rank 4 (batch, height, width, channels); got shape {xs}.");
        if (kernel.Rank != 4)
            throw new ArgumentException($"{who}: the kernel must have rank 4 (kernel height, kernel width, channels/groups, filters); got shape {kernel} for input {xs}.");
        Positive(who, "strides", strides);
        Positive(who, "dilation", dilation);
        NonNegative(who, pads);
        if (groups < 1) throw new ArgumentOutOfRangeException(nameof(groups), $"{who}: groups must be positive; got {groups}.");
        int c = x[3], oc = kernel[3];
        if (c % groups != 0)
            throw new ArgumentException($"{who}: the input's {c} channels are not divisible by groups = {groups} (input {xs}, kernel {kernel}).");
        if (oc % groups != 0)
            throw new ArgumentException($"{who}: the kernel's {oc} filters are not divisible by groups = {groups} (input {xs}, kernel {kernel}).");
        if (kernel[2] != c / groups)
            throw new ArgumentException($"{who}: the kernel {kernel} expects {kernel[2]} input channels per group, but the input {xs} has {c} channels in {groups} group(s) ({c / groups} per group).");
        if (kernel[0] < 1 || kernel[1] < 1 || oc < 1)
            throw new ArgumentException($"{who}: the kernel {kernel} has an empty axis.");
        int oh = Output(x[1], pads.Top, pads.Bottom, kernel[0], strides.H, dilation.H);
        int ow = Output(x[2], pads.Left, pads.Right, kernel[1], strides.W, dilation.W);
        if (oh < 1 || ow < 1)
            throw new ArgumentException($"{who}: the {Effective(kernel[0], dilation.H)}×{Effective(kernel[1], dilation.W)} window (kernel {kernel[0]}×{kernel[1]}, dilation ({dilation.H}, {dilation.W})) " +
                $"is larger than the padded input {x[1] + pads.Top + pads.Bottom}×{x[2] + pads.Left + pads.Right} (input {xs}, padding top {pads.Top} bottom {pads.Bottom} left {pads.Left} right {pads.Right}); the output would be empty.");
        return new Conv2DGeometry(x[0], x[1], x[2], c, kernel[0], kernel[1], oc, strides.H, strides.W, dilation.H, dilation.W,
            pads.Top, pads.Left, oh, ow, groups);
    }

    /// <summary>Output length of a transposed convolution axis (Keras's <c>deconv_output_length</c>) and the padding
    /// before of the convolution it is the adjoint of (TensorFlow's SAME padding computed on that output).</summary>
    public static (int Output, int PadBefore) TransposeAxis(int n, int kernel, int stride, int dilation, Padding padding, int? outputPadding)
    {
        int k = Effective(kernel, dilation);
        int length = outputPadding is int op
            ? (n - 1) * stride + k - 2 * (padding == Padding.Same ? k / 2 : 0) + op
            : padding == Padding.Same ? n * stride : n * stride + Math.Max(k - stride, 0);
        int before = padding == Padding.Same ? Math.Max((n - 1) * stride + k - length, 0) / 2 : 0;
        return (length, before);
    }

    /// <summary>Geometry of the convolution whose input gradient is the transposed convolution of x (N, H, W, Cin)
    /// by kernel (KH, KW, Cout, Cin): that convolution maps (N, OH, OW, Cout) to (N, H, W, Cin).</summary>
    public static Conv2DGeometry Conv2DTranspose(string who, Shape x, Shape kernel, (int H, int W) strides, Padding padding,
        (int H, int W)? outputPadding, (int H, int W) dilation, bool symbolicBatch = false)
    {
        string xs = Text(x, symbolicBatch);
        if (x.Rank != 4)
            throw new ArgumentException($"{who}: the input must have rank 4 (batch, height, width, channels); got shape {xs}.");
        if (kernel.Rank != 4)
            throw new ArgumentException($"{who}: the kernel must have rank 4 (kernel height, kernel width, filters, input channels); got shape {kernel} for input {xs}.");
        if (padding == Padding.Causal)
            throw new ArgumentException($"{who}: padding must be Valid or Same; got Causal.");
        Positive(who, "strides", strides);
        Positive(who, "dilation", dilation);
        if (kernel[3] != x[3])
            throw new ArgumentException($"{who}: the kernel {kernel} (kh, kw, filters, input channels) expects {kernel[3]} input channels, but the input {xs} has {x[3]}.");
        if (kernel[0] < 1 || kernel[1] < 1 || kernel[2] < 1)
            throw new ArgumentException($"{who}: the kernel {kernel} has an empty axis.");
        if (outputPadding is { } op && (op.H < 0 || op.W < 0 || op.H >= strides.H || op.W >= strides.W))
            throw new ArgumentOutOfRangeException(nameof(outputPadding), $"{who}: output padding must be ≥ 0 and < strides; got ({op.H}, {op.W}) with strides ({strides.H}, {strides.W}).");
        var (oh, top) = TransposeAxis(x[1], kernel[0], strides.H, dilation.H, padding, outputPadding?.H);
        var (ow, left) = TransposeAxis(x[2], kernel[1], strides.W, dilation.W, padding, outputPadding?.W);
        if (oh < 1 || ow < 1)
            throw new ArgumentException($"{who}: the output would be empty ({oh}×{ow}) for input {xs} and kernel {kernel}.");
        return new Conv2DGeometry(x[0], oh, ow, kernel[2], kernel[0], kernel[1], kernel[3], strides.H, strides.W, dilation.H, dilation.W,
            top, left, x[1], x[2], 1);
    }

    /// <summary>Geometry of 2-D pooling of x (N, H, W, C) with a (PH, PW) window.</summary>
    public static Pool2DGeometry Pool2D(string who, Shape x, (int H, int W) pool, (int H, int W) strides, Padding padding, bool symbolicBatch = false)
    {
        string xs = Text(x, symbolicBatch);
        if (x.Rank != 4)
            throw new ArgumentException($"{who}: the input must have rank 4 (batch, height, width, channels); got shape {xs}.");
        Positive(who, "pool size", pool);
        Positive(who, "strides", strides);
        if (padding == Padding.Causal)
            throw new ArgumentException($"{who}: padding must be Valid or Same; got Causal.");
        var (top, _, oh) = Axis(x[1], pool.H, strides.H, 1, padding);
        var (left, _, ow) = Axis(x[2], pool.W, strides.W, 1, padding);
        if (oh < 1 || ow < 1)
            throw new ArgumentException($"{who}: the {pool.H}×{pool.W} pool window is larger than the {x[1]}×{x[2]} input {xs} with padding {padding}; the output would be empty.");
        return new Pool2DGeometry(x[0], x[1], x[2], x[3], pool.H, pool.W, strides.H, strides.W, top, left, oh, ow);
    }
}
