using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;

namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>
    /// 2-D convolution (cross-correlation: the kernel is not flipped, as in Keras and PyTorch) of this NHWC tensor.
    /// Input (N, H, W, C); kernel (KH, KW, C/groups, OC) in Keras's layout; output (N, OH, OW, OC) with
    /// y[n, i, j, o] = Σ_{a, b, c} x[n, i·sh − top + a·dh, j·sw − left + b·dw, g·C/groups + c] · kernel[a, b, c, o]
    /// where g = o / (OC/groups) and cells outside the input are 0. OH = ⌊(H + top + bottom − dh·(KH − 1) − 1)/sh⌋ + 1
    /// (likewise OW); the pads come from <paramref name="padding"/> (Valid: none; Same: OH = ⌈H/sh⌉ with the odd cell at
    /// the bottom/right, as Keras). Differentiable in both operands. Source: keras.ops.conv, torch.nn.functional.conv2d.
    /// </summary>
    /// <param name="kernel">Weights (KH, KW, C/groups, OC), same dtype and device.</param>
    /// <param name="strides">(sh, sw), default (1, 1).</param>
    /// <param name="padding">Valid or Same.</param>
    /// <param name="dilation">(dh, dw), default (1, 1): the window taps are dilation cells apart.</param>
    /// <param name="groups">Input and output channels are split into this many independent groups (C and OC divisible by it).</param>
    /// <exception cref="ArgumentException">Ranks other than 4, channel counts that do not match the kernel or are not
    /// divisible by groups, a window larger than the padded input, Causal padding, different dtypes or devices.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Non-positive strides, dilation or groups.</exception>
    public Tensor Conv2D(Tensor kernel, (int Height, int Width)? strides = null, Padding padding = Padding.Valid,
        (int Height, int Width)? dilation = null, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return ConvOps.Conv2D("Conv2D", this, kernel, strides ?? (1, 1), padding, dilation ?? (1, 1), groups);
    }

    /// <summary>
    /// 2-D convolution with explicit zero padding (PyTorch style, but top/bottom and left/right may differ): the
    /// input is padded by the given cells, then convolved without padding. Shapes and formula as in
    /// <see cref="Conv2D(Tensor, ValueTuple{int, int}?, Padding, ValueTuple{int, int}?, int)"/>.
    /// </summary>
    /// <param name="kernel">Weights (KH, KW, C/groups, OC).</param>
    /// <param name="strides">(sh, sw).</param>
    /// <param name="padding">Zero cells added (top, bottom, left, right), each ≥ 0.</param>
    /// <param name="dilation">(dh, dw), default (1, 1).</param>
    /// <param name="groups">Channel groups.</param>
    /// <exception cref="ArgumentException">As for the other overload.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Negative pads, non-positive strides, dilation or groups.</exception>
    public Tensor Conv2D(Tensor kernel, (int Height, int Width) strides, (int Top, int Bottom, int Left, int Right) padding,
        (int Height, int Width)? dilation = null, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return Conv2DNode.Apply("Conv2D", this, kernel, strides, new Pads2D(padding.Top, padding.Bottom, padding.Left, padding.Right),
            dilation ?? (1, 1), groups);
    }

    /// <summary>
    /// 1-D convolution of a (batch, steps, channels) tensor: kernel (K, C/groups, OC), output (N, L', OC) with
    /// y[n, t, o] = Σ_{a, c} x[n, t·s − before + a·d, g·C/groups + c] · kernel[a, c, o]. L' = ⌊(L − d·(K − 1) − 1)/s⌋ + 1
    /// for Valid, ⌈L/s⌉ for Same (odd cell after), ⌊(L − 1)/s⌋ + 1 for Causal (d·(K − 1) zeros before only, so
    /// output t sees inputs ≤ t·s). Computed by the 2-D kernels on a height-1 view. Source: keras.ops.conv (rank 1).
    /// </summary>
    /// <param name="kernel">Weights (K, C/groups, OC).</param>
    /// <param name="stride">s (≥ 1).</param>
    /// <param name="padding">Valid, Same or Causal.</param>
    /// <param name="dilation">d (≥ 1).</param>
    /// <param name="groups">Channel groups.</param>
    /// <exception cref="ArgumentException">Ranks other than 3, mismatched channels, a window longer than the padded sequence.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Non-positive stride, dilation or groups.</exception>
    public Tensor Conv1D(Tensor kernel, int stride = 1, Padding padding = Padding.Valid, int dilation = 1, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return ConvOps.Conv1D("Conv1D", this, kernel, stride, padding, dilation, groups);
    }

    /// <summary>
    /// Depthwise 2-D convolution: each input channel c is convolved with its own M filters. Input (N, H, W, C);
    /// kernel (KH, KW, C, M) in Keras's layout; output (N, OH, OW, C·M) with output channel c·M + m =
    /// Σ_{a, b} x[n, i·sh − top + a·dh, j·sw − left + b·dw, c] · kernel[a, b, c, m]. Sizes and padding as
    /// <see cref="Conv2D(Tensor, ValueTuple{int, int}?, Padding, ValueTuple{int, int}?, int)"/>; it is that convolution with
    /// groups = C and the kernel viewed as (KH, KW, 1, C·M). Source: keras.ops.depthwise_conv.
    /// </summary>
    /// <param name="kernel">Weights (KH, KW, C, M).</param>
    /// <param name="strides">(sh, sw), default (1, 1).</param>
    /// <param name="padding">Valid or Same.</param>
    /// <param name="dilation">(dh, dw), default (1, 1).</param>
    /// <exception cref="ArgumentException">Ranks other than 4, kernel channels ≠ input channels, a window larger than the padded input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Non-positive strides or dilation.</exception>
    public Tensor DepthwiseConv2D(Tensor kernel, (int Height, int Width)? strides = null, Padding padding = Padding.Valid,
        (int Height, int Width)? dilation = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return ConvOps.Depthwise("DepthwiseConv2D", this, kernel, strides ?? (1, 1), padding, dilation ?? (1, 1));
    }

    /// <summary>
    /// 2-D transposed convolution ("deconvolution"), the adjoint of <see cref="Conv2D(Tensor, ValueTuple{int, int}?, Padding, ValueTuple{int, int}?, int)"/>:
    /// input (N, H, W, Cin), kernel (KH, KW, Cout, Cin) in Keras's layout, output (N, OH, OW, Cout) with
    /// y[n, i·sh − top + a·dh, j·sw − left + b·dw, o] += x[n, i, j, c] · kernel[a, b, o, c] (cells outside the output dropped).
    /// OH is Keras's deconv_output_length with k' = dh·(KH − 1) + 1: without output padding, H·sh for Same and
    /// H·sh + max(k' − sh, 0) for Valid; with output padding p, (H − 1)·sh + k' − 2·⌊k'/2⌋ + p for Same and
    /// (H − 1)·sh + k' + p for Valid. top = ⌊max((H − 1)·sh + k' − OH, 0)/2⌋ for Same (TensorFlow's SAME padding of the
    /// convolution this is the gradient of), 0 for Valid; likewise for the width. Source: keras.ops.conv_transpose,
    /// keras/src/backend/common/backend_utils.py.
    /// </summary>
    /// <param name="kernel">Weights (KH, KW, Cout, Cin).</param>
    /// <param name="strides">(sh, sw), default (1, 1).</param>
    /// <param name="padding">Valid or Same.</param>
    /// <param name="outputPadding">Extra cells (ph, pw), each 0 ≤ p &lt; stride, or null for Keras's default.</param>
    /// <param name="dilation">(dh, dw), default (1, 1).</param>
    /// <exception cref="ArgumentException">Ranks other than 4, kernel input channels ≠ input channels, Causal padding.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Non-positive strides or dilation, output padding outside [0, stride).</exception>
    public Tensor Conv2DTranspose(Tensor kernel, (int Height, int Width)? strides = null, Padding padding = Padding.Valid,
        (int Height, int Width)? outputPadding = null, (int Height, int Width)? dilation = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return Conv2DTransposeNode.Apply("Conv2DTranspose", this, kernel, strides ?? (1, 1), padding,
            outputPadding is { } p ? (p.Height, p.Width) : null, dilation ?? (1, 1));
    }

    /// <summary>
    /// 2-D max pooling of an NHWC tensor (N, H, W, C) → (N, OH, OW, C): y[n, i, j, c] = max over the window rows
    /// i·sh − top … + PH − 1 and columns j·sw − left … + PW − 1 inside the input (padding cells are ignored; NaN
    /// propagates). OH = ⌊(H − PH)/sh⌋ + 1 for Valid, ⌈H/sh⌉ for Same (odd padding cell at the bottom/right). The
    /// gradient goes to the first maximal cell of each window. Source: keras.ops.max_pool.
    /// </summary>
    /// <param name="poolSize">(PH, PW).</param>
    /// <param name="strides">(sh, sw), default the pool size (Keras).</param>
    /// <param name="padding">Valid or Same.</param>
    /// <exception cref="ArgumentException">Rank other than 4, a window larger than the input with Valid padding.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Non-positive pool size or strides.</exception>
    public Tensor MaxPool2D((int Height, int Width) poolSize, (int Height, int Width)? strides = null, Padding padding = Padding.Valid) =>
        Pool2DNode.Apply("MaxPool2D", PoolKind.Max, this, poolSize, strides ?? poolSize, padding);

    /// <summary>
    /// 2-D average pooling of an NHWC tensor (N, H, W, C) → (N, OH, OW, C): the mean over the window's cells inside the
    /// input, so with Same padding the border windows divide by the number of real cells (Keras/TensorFlow; PyTorch's
    /// count_include_pad = False). Sizes as <see cref="MaxPool2D"/>. Source: keras.ops.average_pool.
    /// </summary>
    /// <param name="poolSize">(PH, PW).</param>
    /// <param name="strides">(sh, sw), default the pool size.</param>
    /// <param name="padding">Valid or Same.</param>
    /// <exception cref="ArgumentException">Rank other than 4, a window larger than the input with Valid padding.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Non-positive pool size or strides.</exception>
    public Tensor AvgPool2D((int Height, int Width) poolSize, (int Height, int Width)? strides = null, Padding padding = Padding.Valid) =>
        Pool2DNode.Apply("AvgPool2D", PoolKind.Average, this, poolSize, strides ?? poolSize, padding);

    /// <summary>1-D max pooling of (batch, steps, channels): window <paramref name="poolSize"/>, stride (default the pool
    /// size); output length ⌊(L − P)/s⌋ + 1 for Valid, ⌈L/s⌉ for Same. See <see cref="MaxPool2D"/>.</summary>
    /// <param name="poolSize">P.</param>
    /// <param name="stride">s, default P.</param>
    /// <param name="padding">Valid or Same.</param>
    /// <exception cref="ArgumentException">Rank other than 3, a window longer than the input with Valid padding.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Non-positive pool size or stride.</exception>
    public Tensor MaxPool1D(int poolSize, int? stride = null, Padding padding = Padding.Valid) =>
        ConvOps.Pool1D("MaxPool1D", PoolKind.Max, this, poolSize, stride ?? poolSize, padding);

    /// <summary>1-D average pooling of (batch, steps, channels) (padding cells not counted); sizes as
    /// <see cref="MaxPool1D"/>.</summary>
    /// <param name="poolSize">P.</param>
    /// <param name="stride">s, default P.</param>
    /// <param name="padding">Valid or Same.</param>
    /// <exception cref="ArgumentException">Rank other than 3, a window longer than the input with Valid padding.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Non-positive pool size or stride.</exception>
    public Tensor AvgPool1D(int poolSize, int? stride = null, Padding padding = Padding.Valid) =>
        ConvOps.Pool1D("AvgPool1D", PoolKind.Average, this, poolSize, stride ?? poolSize, padding);
}
