using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Samples;

/// <summary>The digit CNN of train_mnist_base.py in Keras layers (NHWC).</summary>
public static class DigitCnn
{
    /// <summary>conv1 16 3×3 same ReLU → max-pool 2 → conv2 32 3×3 same ReLU → max-pool 2 → flatten (7·7·32 = 1,568)
    /// → Dense 64 ReLU → Dense 10 (logits); 105,866 parameters. The importer permutes the first Dense's rows from
    /// PyTorch's (C, H, W) flatten order to the (H, W, C) order of an NHWC Flatten.</summary>
    /// <param name="hiddenName">The name of the Dense 64.</param>
    /// <param name="outputName">The name of the Dense 10.</param>
    public static Sequential Build(string hiddenName, string outputName) => new(
        new Input(28, 28, 1),
        new Conv2D(16, kernelSize: 3, padding: Padding.Same, activation: Activation.ReLU, name: "conv1"),
        new MaxPooling2D(2),
        new Conv2D(32, kernelSize: 3, padding: Padding.Same, activation: Activation.ReLU, name: "conv2"),
        new MaxPooling2D(2),
        new Flatten(),
        new Dense(64, activation: Activation.ReLU, name: hiddenName),
        new Dense(10, name: outputName));
}
