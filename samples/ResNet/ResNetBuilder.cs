using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Samples.ResNet;

/// <summary>
/// Builds a small ResNet with the functional API (SEEDS A16, L17; He et al. 2016, "Deep Residual Learning"):
/// a 3×3 stem convolution, stages of residual blocks whose filters double and whose first block halves the
/// resolution with stride 2, global average pooling and a 10-way softmax.
/// </summary>
public static class ResNetBuilder
{
    /// <summary>The model for (28, 28, 1) images: stages of <paramref name="blocksPerStage"/> blocks with
    /// width, 2·width, 4·width filters.</summary>
    public static Model Build(int width, int stages, int blocksPerStage, int classes = 10)
    {
        var input = new Input(28, 28, 1);
        var x = new Conv2D(width, 3, padding: Padding.Same, useBias: false, kernelInitializer: "he_normal", name: "stem_conv").Call(input.Output);
        x = new BatchNormalization(name: "stem_bn").Call(x);
        x = new ReLU(name: "stem_relu").Call(x);
        for (int stage = 0; stage < stages; stage++)
            for (int block = 0; block < blocksPerStage; block++)
            {
                int filters = width << stage;
                int stride = stage > 0 && block == 0 ? 2 : 1;
                x = ResidualBlock(x, filters, stride, $"s{stage + 1}b{block + 1}");
            }
        x = new GlobalAveragePooling2D(name: "avg_pool").Call(x);
        var output = new Dense(classes, Activation.Softmax, name: "classifier").Call(x);
        return new Model(input.Output, output, "resnet");
    }

    /// <summary>y = ReLU(BN(Conv(ReLU(BN(Conv(x))))) + shortcut(x)): the addition comes before the final
    /// nonlinearity (L17). The shortcut is the identity, or a strided 1×1 convolution + BN (the "projection" of
    /// He et al.'s option B) where the resolution or the number of channels changes.</summary>
    public static SymbolicTensor ResidualBlock(SymbolicTensor x, int filters, int stride, string name)
    {
        var y = new Conv2D(filters, 3, strides: stride, padding: Padding.Same, useBias: false, kernelInitializer: "he_normal", name: name + "_conv1").Call(x);
        y = new BatchNormalization(name: name + "_bn1").Call(y);
        y = new ReLU(name: name + "_relu1").Call(y);
        y = new Conv2D(filters, 3, padding: Padding.Same, useBias: false, kernelInitializer: "he_normal", name: name + "_conv2").Call(y);
        y = new BatchNormalization(name: name + "_bn2").Call(y);

        var shortcut = x;
        if (stride != 1 || x.Shape[^1] != filters)
        {
            shortcut = new Conv2D(filters, 1, strides: stride, useBias: false, kernelInitializer: "he_normal", name: name + "_proj").Call(x);
            shortcut = new BatchNormalization(name: name + "_proj_bn").Call(shortcut);
        }
        var sum = new Add(name: name + "_add").Call(y, shortcut);
        return new ReLU(name: name + "_out").Call(sum);
    }
}
