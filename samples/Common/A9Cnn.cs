using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Samples;

/// <summary>The course notes' "High Accuracy MNIST" CNN (SEEDS A9), shared by the FashionMnistCnn and MnistCnn samples.</summary>
public static class A9Cnn
{
    /// <summary>Input (28, 28, 1) → Conv2D 32 3×3 same ReLU → Conv2D 64 3×3 same ReLU → MaxPooling2D 2 → Flatten →
    /// Dropout 0.25 → Dense 128 ReLU → Dropout 0.5 → Dense 10 softmax; He-normal kernels; 1,625,866 parameters.</summary>
    public static Sequential Build() => new(
        new Input(28, 28, 1),
        new Conv2D(32, kernelSize: 3, padding: Padding.Same, activation: Activation.ReLU, kernelInitializer: "he_normal"),
        new Conv2D(64, kernelSize: 3, padding: Padding.Same, activation: Activation.ReLU, kernelInitializer: "he_normal"),
        new MaxPooling2D(2),
        new Flatten(),
        new Dropout(0.25),
        new Dense(128, Activation.ReLU, kernelInitializer: "he_normal"),
        new Dropout(0.5),
        new Dense(10, Activation.Softmax));
}
