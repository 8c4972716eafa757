using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Applications;

/// <summary>
/// MobileNet v1 (Howard et al. 2017, "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision
/// Applications", Table 1), laid out as Keras's <c>keras.applications.MobileNet</c>: a 3×3/2 convolution with 32
/// filters, then 13 depthwise-separable blocks (3×3 depthwise convolution → BN → ReLU6 → 1×1 pointwise convolution →
/// BN → ReLU6, no biases), and a top of global average pooling → Dropout → 1×1 convolution (classes) → softmax.
/// At 224×224×3, α = 1 and 1,000 classes: 4,253,864 parameters (4,231,976 trainable, 21,888 moving statistics).
/// </summary>
public static class MobileNet
{
    // (pointwise filters, stride) of the 13 depthwise-separable blocks (the paper's Table 1).
    private static readonly (int Filters, int Stride)[] Blocks =
        [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1)];

    /// <summary>MobileNet v1.</summary>
    /// <param name="options">Input shape (default 224×224×3, at least 32×32), classes, top and pooling.</param>
    /// <param name="alpha">The width multiplier α: every layer has ⌊α·filters⌋ filters (Keras's <c>alpha</c>); &gt; 0.</param>
    /// <param name="depthMultiplier">Depthwise channel multiplier (the paper's resolution multiplier is the input size instead); ≥ 1.</param>
    /// <param name="dropout">Dropout rate before the classifier (Keras's default 1e-3); in [0, 1).</param>
    /// <returns>A functional model whose output is (classes), or the base's (h/32, w/32, ⌊1024α⌋).</returns>
    /// <exception cref="ArgumentOutOfRangeException">α ≤ 0, a depth multiplier below 1, or a dropout rate outside [0, 1).</exception>
    public static Model MobileNetV1(ApplicationOptions? options = null, double alpha = 1.0, int depthMultiplier = 1, double dropout = 1e-3)
    {
        options ??= ApplicationOptions.Default;
        if (!(alpha > 0) || !double.IsFinite(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"mobilenet: alpha must be finite and > 0; got {alpha}.");
        if (depthMultiplier < 1)
            throw new ArgumentOutOfRangeException(nameof(depthMultiplier), depthMultiplier, $"mobilenet: depthMultiplier must be ≥ 1; got {depthMultiplier}.");
        var input = options.CreateInput("mobilenet", new Shape(224, 224, 3), 32);
        var x = new Conv2D(Width(32, alpha), 3, strides: 2, padding: Padding.Same, useBias: false, name: "conv1").Call(input);
        x = new BatchNormalization(name: "conv1_bn").Call(x);
        x = new ReLU(6, name: "conv1_relu").Call(x);
        for (int i = 0; i < Blocks.Length; i++)
            x = DepthwiseSeparableBlock(x, Width(Blocks[i].Filters, alpha), Blocks[i].Stride, depthMultiplier, i + 1);
        if (options.IncludeTop)
        {
            int classes = options.Classes;
            x = new GlobalAveragePooling2D(keepDims: true, name: "global_average_pooling").Call(x);
            x = new Dropout(dropout, name: "dropout").Call(x);
            x = new Conv2D(classes, 1, padding: Padding.Same, name: "conv_preds").Call(x);
            x = new Reshape([classes], name: "reshape").Call(x);
            x = new Activation(options.ClassifierActivation, name: "predictions").Call(x);
        }
        else x = options.PoolBase(x);
        return new Model(input, x, "mobilenet");
    }

    private static int Width(int filters, double alpha) => Math.Max(1, (int)(filters * alpha));

    /// <summary>The depthwise-separable block: a 3×3 depthwise convolution (stride 1 "same", or stride 2 "valid" after
    /// padding one row and column at the bottom/right, as Keras does), BN, ReLU6, then a 1×1 convolution to
    /// <paramref name="filters"/> channels, BN, ReLU6. Its k·k·c + c·f weights replace a full convolution's k·k·c·f.</summary>
    /// <param name="x">Input (h, w, c).</param>
    /// <param name="filters">Pointwise output channels f.</param>
    /// <param name="stride">1 or 2.</param>
    /// <param name="depthMultiplier">Depthwise channel multiplier.</param>
    /// <param name="id">Block number, used in the layer names (conv_dw_id, conv_pw_id).</param>
    /// <returns>(⌈h/stride⌉, ⌈w/stride⌉, f).</returns>
    public static SymbolicTensor DepthwiseSeparableBlock(SymbolicTensor x, int filters, int stride, int depthMultiplier, int id)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (stride is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(stride), stride, $"mobilenet block {id}: stride must be 1 or 2.");
        if (stride != 1) x = new ZeroPadding2D((0, 1), (0, 1), name: $"conv_pad_{id}").Call(x);
        x = new DepthwiseConv2D(3, stride, stride == 1 ? Padding.Same : Padding.Valid, depthMultiplier, useBias: false, name: $"conv_dw_{id}").Call(x);
        x = new BatchNormalization(name: $"conv_dw_{id}_bn").Call(x);
        x = new ReLU(6, name: $"conv_dw_{id}_relu").Call(x);
        x = new Conv2D(filters, 1, padding: Padding.Same, useBias: false, name: $"conv_pw_{id}").Call(x);
        x = new BatchNormalization(name: $"conv_pw_{id}_bn").Call(x);
        return new ReLU(6, name: $"conv_pw_{id}_relu").Call(x);
    }
}
