using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Applications;

/// <summary>
/// AlexNet (Krizhevsky, Sutskever and Hinton 2012, "ImageNet Classification with Deep Convolutional Neural Networks",
/// §3.5 and Figure 2; SEEDS A14): Conv 11×11/4, 96 → MaxPool 3×3/2 → Conv 5×5, 256 → MaxPool 3×3/2 → Conv 3×3, 384 →
/// Conv 3×3, 384 → Conv 3×3, 256 → MaxPool 3×3/2 → Flatten → Dropout 0.5 → Dense(4096) → Dropout 0.5 → Dense(4096) →
/// Dense(classes, softmax), ReLU after every hidden layer. With <c>grouped</c> (default) the second, fourth and fifth
/// convolutions are split in two groups as on the paper's two GPUs (each filter sees half of the previous layer's
/// maps), which gives the paper's 60,965,224 parameters at 227×227×3 and 1,000 classes.
/// </summary>
/// <remarks>The standard input is 227×227×3: the paper's "224×224" does not give its 55×55 first map with an 11×11
/// stride-4 valid convolution ((227 − 11)/4 + 1 = 55). The local response normalisation after the first two
/// convolutions has no parameters and is left out; the pooling is "overlapping" (3×3, stride 2) as in the paper.</remarks>
public static class AlexNet
{
    /// <summary>AlexNet.</summary>
    /// <param name="options">Input shape (default 227×227×3, at least 67×67), classes, top and pooling.</param>
    /// <param name="grouped">True (default): the paper's two-group convolutions 2, 4 and 5; false: every convolution
    /// sees all input maps (the one-GPU variant, 62,378,344 parameters).</param>
    /// <returns>A functional model whose output is (classes), or the base's (6, 6, 256) at 227×227.</returns>
    public static Model Build(ApplicationOptions? options = null, bool grouped = true)
    {
        options ??= ApplicationOptions.Default;
        var input = options.CreateInput("alexnet", new Shape(227, 227, 3), 67);
        int groups = grouped ? 2 : 1;
        var x = new Conv2D(96, 11, strides: 4, activation: Activation.ReLU, name: "conv1").Call(input);
        x = new MaxPooling2D(3, 2, name: "pool1").Call(x);
        x = new Conv2D(256, 5, padding: Padding.Same, groups: groups, activation: Activation.ReLU, name: "conv2").Call(x);
        x = new MaxPooling2D(3, 2, name: "pool2").Call(x);
        x = new Conv2D(384, 3, padding: Padding.Same, activation: Activation.ReLU, name: "conv3").Call(x);
        x = new Conv2D(384, 3, padding: Padding.Same, groups: groups, activation: Activation.ReLU, name: "conv4").Call(x);
        x = new Conv2D(256, 3, padding: Padding.Same, groups: groups, activation: Activation.ReLU, name: "conv5").Call(x);
        x = new MaxPooling2D(3, 2, name: "pool5").Call(x);
        if (options.IncludeTop)
        {
            x = new Flatten(name: "flatten").Call(x);
            x = new Dropout(0.5, name: "dropout6").Call(x);
            x = new Dense(4096, Activation.ReLU, name: "fc6").Call(x);
            x = new Dropout(0.5, name: "dropout7").Call(x);
            x = new Dense(4096, Activation.ReLU, name: "fc7").Call(x);
            x = new Dense(options.Classes, options.ClassifierActivation, name: "predictions").Call(x);
        }
        else x = options.PoolBase(x);
        return new Model(input, x, "alexnet");
    }
}
