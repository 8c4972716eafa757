using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Applications;

/// <summary>
/// Residual networks (He et al. 2016, "Deep Residual Learning for Image Recognition", Table 1; SEEDS A16, L17).
/// ResNet-18 and ResNet-34 follow torchvision's <c>resnet18/resnet34</c> (basic blocks of two 3×3 convolutions
/// without bias, BatchNormalization with ε = 1e-5 and PyTorch's momentum 0.1, i.e. Keras momentum 0.9, explicit
/// symmetric zero padding as PyTorch pads): 11,689,512 and 21,797,672 trainable parameters at 1,000 classes.
/// ResNet-50 follows Keras's <c>keras.applications.ResNet50</c> (bottleneck blocks 1×1 → 3×3 → 1×1 with biases, the
/// stride on the first 1×1 convolution as in the paper's v1, BatchNormalization ε = 1.001e-5): 25,636,712 parameters
/// in all, 53,120 of them the non-trainable moving statistics.
/// </summary>
/// <remarks>All three share the stem (7×7/2 convolution, BN, ReLU, 3×3/2 max-pooling), four stages with 64, 128,
/// 256, 512 base filters whose first block halves the resolution (except the first stage's), and the top (global
/// average pooling, Dense(classes)). A block whose shortcut changes shape uses a strided 1×1 convolution + BN
/// (option B of the paper).</remarks>
public static class ResNet
{
    private static readonly int[] StageFilters = [64, 128, 256, 512];

    /// <summary>ResNet-18 (torchvision layout): basic blocks 2, 2, 2, 2.</summary>
    /// <param name="options">Input shape (default 224×224×3, at least 32×32), classes, top and pooling.</param>
    /// <returns>A functional model whose output is (classes), or the base's (h/32, w/32, 512).</returns>
    public static Model ResNet18(ApplicationOptions? options = null) => BasicNetwork("resnet18", [2, 2, 2, 2], options ?? ApplicationOptions.Default);

    /// <summary>ResNet-34 (torchvision layout): basic blocks 3, 4, 6, 3.</summary>
    /// <param name="options">Input shape (default 224×224×3, at least 32×32), classes, top and pooling.</param>
    /// <returns>A functional model whose output is (classes), or the base's (h/32, w/32, 512).</returns>
    public static Model ResNet34(ApplicationOptions? options = null) => BasicNetwork("resnet34", [3, 4, 6, 3], options ?? ApplicationOptions.Default);

    /// <summary>ResNet-50 (Keras layout): bottleneck blocks 3, 4, 6, 3 with 4× expansion.</summary>
    /// <param name="options">Input shape (default 224×224×3, at least 32×32), classes, top and pooling.</param>
    /// <returns>A functional model whose output is (classes), or the base's (h/32, w/32, 2048).</returns>
    public static Model ResNet50(ApplicationOptions? options = null)
    {
        options ??= ApplicationOptions.Default;
        var input = options.CreateInput("resnet50", new Shape(224, 224, 3), 32);
        var x = Stem(input, useBias: true, KerasNorm);
        int[] blocks = [3, 4, 6, 3];
        for (int stage = 0; stage < blocks.Length; stage++)
            for (int block = 0; block < blocks[stage]; block++)
                x = Bottleneck(x, StageFilters[stage], stage > 0 && block == 0 ? 2 : 1, block == 0, $"conv{stage + 2}_block{block + 1}");
        return new Model(input, options.AveragePooledHead(x), "resnet50");
    }

    private static BatchNormalization KerasNorm(string name) => new(epsilon: 1.001e-5, name: name);

    private static BatchNormalization TorchNorm(string name) => new(momentum: 0.9, epsilon: 1e-5, name: name);

    /// <summary>ZeroPadding(3) → Conv 7×7/2, 64 → BN → ReLU → ZeroPadding(1) → MaxPool 3×3/2: (h, w) → (h/4, w/4).
    /// Padding with zeros before the max-pooling equals PyTorch's −∞ padding because its input is ≥ 0 after ReLU.</summary>
    private static SymbolicTensor Stem(SymbolicTensor x, bool useBias, Func<string, BatchNormalization> norm)
    {
        x = new ZeroPadding2D(3, name: "conv1_pad").Call(x);
        x = new Conv2D(64, 7, strides: 2, useBias: useBias, name: "conv1_conv").Call(x);
        x = norm("conv1_bn").Call(x);
        x = new ReLU(name: "conv1_relu").Call(x);
        x = new ZeroPadding2D(1, name: "pool1_pad").Call(x);
        return new MaxPooling2D(3, 2, name: "pool1_pool").Call(x);
    }

    private static Model BasicNetwork(string name, int[] blocks, ApplicationOptions options)
    {
        var input = options.CreateInput(name, new Shape(224, 224, 3), 32);
        var x = Stem(input, useBias: false, TorchNorm);
        for (int stage = 0; stage < blocks.Length; stage++)
            for (int block = 0; block < blocks[stage]; block++)
                x = BasicBlock(x, StageFilters[stage], stage > 0 && block == 0 ? 2 : 1, $"conv{stage + 2}_block{block + 1}");
        return new Model(input, options.AveragePooledHead(x), name);
    }

    /// <summary>torchvision's BasicBlock: y = ReLU(BN(Conv3×3(ReLU(BN(Conv3×3/stride(x))))) + shortcut(x)).</summary>
    private static SymbolicTensor BasicBlock(SymbolicTensor x, int filters, int stride, string name)
    {
        var y = PaddedConv(x, filters, 3, stride, name + "_1");
        y = TorchNorm(name + "_1_bn").Call(y);
        y = new ReLU(name: name + "_1_relu").Call(y);
        y = PaddedConv(y, filters, 3, 1, name + "_2");
        y = TorchNorm(name + "_2_bn").Call(y);
        var shortcut = x;
        if (stride != 1 || x.Shape[^1] != filters)
        {
            shortcut = new Conv2D(filters, 1, strides: stride, useBias: false, name: name + "_0_conv").Call(x);
            shortcut = TorchNorm(name + "_0_bn").Call(shortcut);
        }
        return new ReLU(name: name + "_out").Call(new Add(name: name + "_add").Call(shortcut, y));
    }

    /// <summary>A bias-free k×k convolution after PyTorch's symmetric padding of ⌊k/2⌋ (for stride 2 it differs from
    /// "same", which pads only after).</summary>
    private static SymbolicTensor PaddedConv(SymbolicTensor x, int filters, int kernel, int stride, string name)
    {
        x = new ZeroPadding2D(kernel / 2, name: name + "_pad").Call(x);
        return new Conv2D(filters, kernel, strides: stride, useBias: false, name: name + "_conv").Call(x);
    }

    /// <summary>Keras's <c>block1</c>: 1×1/stride → 3×3 same → 1×1 (4·filters), each with bias and BN, ReLU between;
    /// the shortcut is a 1×1/stride convolution + BN in the first block of a stage.</summary>
    private static SymbolicTensor Bottleneck(SymbolicTensor x, int filters, int stride, bool projection, string name)
    {
        var shortcut = x;
        if (projection)
        {
            shortcut = new Conv2D(4 * filters, 1, strides: stride, name: name + "_0_conv").Call(x);
            shortcut = KerasNorm(name + "_0_bn").Call(shortcut);
        }
        var y = new Conv2D(filters, 1, strides: stride, name: name + "_1_conv").Call(x);
        y = KerasNorm(name + "_1_bn").Call(y);
        y = new ReLU(name: name + "_1_relu").Call(y);
        y = new Conv2D(filters, 3, padding: Padding.Same, name: name + "_2_conv").Call(y);
        y = KerasNorm(name + "_2_bn").Call(y);
        y = new ReLU(name: name + "_2_relu").Call(y);
        y = new Conv2D(4 * filters, 1, name: name + "_3_conv").Call(y);
        y = KerasNorm(name + "_3_bn").Call(y);
        return new ReLU(name: name + "_out").Call(new Add(name: name + "_add").Call(shortcut, y));
    }
}
