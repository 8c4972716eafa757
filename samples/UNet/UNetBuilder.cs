using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Samples.UNet;

/// <summary>
/// A U-Net (Ronneberger et al. 2015; SEEDS A19) built with the functional API: an encoder of two 3×3
/// Conv–BN–ReLU layers per level followed by 2×2 max-pooling, a bottleneck, and a decoder that doubles the
/// resolution with a 2×2 stride-2 <see cref="Conv2DTranspose"/>, concatenates the encoder features of the same
/// level (the skip connection) and applies two more Conv–BN–ReLU layers; a 1×1 convolution with a per-pixel
/// softmax gives the class probabilities.
/// </summary>
public static class UNetBuilder
{
    /// <summary>The model for (size, size, 1) images: <paramref name="levels"/> pooling steps with width, 2·width, …
    /// filters; the output is (size, size, classes).</summary>
    public static Model Build(int size, int width, int levels, int classes)
    {
        var input = new Input(size, size, 1);
        SymbolicTensor x = input;
        var skips = new List<SymbolicTensor>();
        for (int level = 0; level < levels; level++)
        {
            x = ConvBlock(x, width << level, $"enc{level + 1}");
            skips.Add(x);
            x = new MaxPooling2D(2, name: $"pool{level + 1}").Call(x);
        }
        x = ConvBlock(x, width << levels, "bottleneck");
        for (int level = levels - 1; level >= 0; level--)
        {
            x = new Conv2DTranspose(width << level, 2, strides: 2, kernelInitializer: "he_normal", name: $"up{level + 1}").Call(x);
            x = new Concatenate(name: $"skip{level + 1}").Call(x, skips[level]);
            x = ConvBlock(x, width << level, $"dec{level + 1}");
        }
        var output = new Conv2D(classes, 1, activation: Activation.Softmax, name: "classes").Call(x);
        return new Model(input, output, "unet");
    }

    /// <summary>Two 3×3 Conv (no bias) – BatchNormalization – ReLU layers.</summary>
    private static SymbolicTensor ConvBlock(SymbolicTensor x, int filters, string name)
    {
        for (int i = 1; i <= 2; i++)
        {
            x = new Conv2D(filters, 3, padding: Padding.Same, useBias: false, kernelInitializer: "he_normal", name: $"{name}_conv{i}").Call(x);
            x = new BatchNormalization(name: $"{name}_bn{i}").Call(x);
            x = new ReLU(name: $"{name}_relu{i}").Call(x);
        }
        return x;
    }
}
