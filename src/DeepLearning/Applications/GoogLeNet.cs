using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Applications;

/// <summary>
/// GoogLeNet (Szegedy et al. 2015, "Going Deeper with Convolutions", Table 1; SEEDS A18): a stem of convolutions and
/// max-pooling, nine <see cref="InceptionBlock"/>s in three groups separated by 3×3/2 max-pooling, global average
/// pooling, dropout 0.4 and a linear classifier with softmax. Convolutions have biases and ReLU; every padding is
/// "same". Left out, as parameter-free or training-only: the local response normalisation after the first two
/// convolutions, and the two auxiliary classifiers. At 224×224×3 with 1,000 classes: 6,998,552 parameters.
/// </summary>
public static class GoogLeNet
{
    // Table 1: #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj of 3a … 5b; pooling before 4a and 5a.
    private static readonly (string Name, int C1, int R3, int C3, int R5, int C5, int Pool)[] Blocks =
    [
        ("3a", 64, 96, 128, 16, 32, 32), ("3b", 128, 128, 192, 32, 96, 64),
        ("4a", 192, 96, 208, 16, 48, 64), ("4b", 160, 112, 224, 24, 64, 64), ("4c", 128, 128, 256, 24, 64, 64),
        ("4d", 112, 144, 288, 32, 64, 64), ("4e", 256, 160, 320, 32, 128, 128),
        ("5a", 256, 160, 320, 32, 128, 128), ("5b", 384, 192, 384, 48, 128, 128),
    ];

    /// <summary>GoogLeNet (Inception v1) without auxiliary classifiers.</summary>
    /// <param name="options">Input shape (default 224×224×3, at least 32×32), classes, top and pooling.</param>
    /// <returns>A functional model whose output is (classes), or the base's (h/32, w/32, 1024).</returns>
    public static Model Build(ApplicationOptions? options = null)
    {
        options ??= ApplicationOptions.Default;
        var input = options.CreateInput("googlenet", new Shape(224, 224, 3), 32);
        var x = Conv(input, 64, 7, 2, "conv1_7x7");
        x = Pool(x, "pool1");
        x = Conv(x, 64, 1, 1, "conv2_reduce");
        x = Conv(x, 192, 3, 1, "conv2_3x3");
        x = Pool(x, "pool2");
        foreach (var b in Blocks)
        {
            if (b.Name is "4a" or "5a") x = Pool(x, $"pool{b.Name[0] - '0'}");
            x = InceptionBlock(x, b.C1, b.R3, b.C3, b.R5, b.C5, b.Pool, "inception_" + b.Name);
        }
        return new Model(input, options.AveragePooledHead(x, dropout: 0.4), "googlenet");
    }

    /// <summary>
    /// The Inception module with dimension reductions (the paper's Figure 2b): four parallel branches on the same
    /// input, concatenated along the channels: a 1×1 convolution; a 1×1 reduction then a 3×3 convolution; a 1×1
    /// reduction then a 5×5 convolution; a 3×3 stride-1 max-pooling then a 1×1 projection. Every convolution is
    /// "same" with bias and ReLU, so the output keeps (h, w) and has c1 + c3 + c5 + poolProjection channels.
    /// Parameters for c input channels: c·c1 + c·r3 + 9·r3·c3 + c·r5 + 25·r5·c5 + c·pool plus one bias per filter.
    /// </summary>
    /// <param name="x">Input (h, w, c).</param>
    /// <param name="conv1x1">Filters of the 1×1 branch.</param>
    /// <param name="reduce3x3">Filters of the 1×1 reduction before the 3×3 convolution.</param>
    /// <param name="conv3x3">Filters of the 3×3 convolution.</param>
    /// <param name="reduce5x5">Filters of the 1×1 reduction before the 5×5 convolution.</param>
    /// <param name="conv5x5">Filters of the 5×5 convolution.</param>
    /// <param name="poolProjection">Filters of the 1×1 projection after the max-pooling.</param>
    /// <param name="name">Prefix of the layer names.</param>
    /// <returns>(h, w, conv1x1 + conv3x3 + conv5x5 + poolProjection).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A filter count below 1.</exception>
    public static SymbolicTensor InceptionBlock(SymbolicTensor x, int conv1x1, int reduce3x3, int conv3x3, int reduce5x5, int conv5x5,
        int poolProjection, string name)
    {
        ArgumentNullException.ThrowIfNull(x);
        foreach (var (value, param) in new[] { (conv1x1, nameof(conv1x1)), (reduce3x3, nameof(reduce3x3)), (conv3x3, nameof(conv3x3)),
                     (reduce5x5, nameof(reduce5x5)), (conv5x5, nameof(conv5x5)), (poolProjection, nameof(poolProjection)) })
            if (value < 1) throw new ArgumentOutOfRangeException(param, value, $"Inception block {name}: {param} must be ≥ 1; got {value}.");
        var branch1 = Conv(x, conv1x1, 1, 1, name + "_1x1");
        var branch3 = Conv(Conv(x, reduce3x3, 1, 1, name + "_3x3_reduce"), conv3x3, 3, 1, name + "_3x3");
        var branch5 = Conv(Conv(x, reduce5x5, 1, 1, name + "_5x5_reduce"), conv5x5, 5, 1, name + "_5x5");
        var pooled = new MaxPooling2D(3, 1, Padding.Same, name: name + "_pool").Call(x);
        var branchPool = Conv(pooled, poolProjection, 1, 1, name + "_pool_proj");
        return new Concatenate(name: name + "_output").Call([branch1, branch3, branch5, branchPool]);
    }

    private static SymbolicTensor Conv(SymbolicTensor x, int filters, int kernel, int stride, string name) =>
        new Conv2D(filters, kernel, strides: stride, padding: Padding.Same, activation: Activation.ReLU, name: name).Call(x);

    private static SymbolicTensor Pool(SymbolicTensor x, string name) => new MaxPooling2D(3, 2, Padding.Same, name: name).Call(x);
}
