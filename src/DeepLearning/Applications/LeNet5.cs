using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Applications;

/// <summary>
/// LeNet-5 (LeCun, Bottou, Bengio and Haffner 1998, "Gradient-Based Learning Applied to Document Recognition",
/// §II.B; SEEDS A13) in its common modern form: C1 Conv 5×5, 6 filters, tanh → S2 2×2 average pooling → C3 Conv 5×5,
/// 16 filters, tanh → S4 2×2 average pooling → C5 Conv 5×5, 120 filters, tanh → Flatten → F6 Dense(84, tanh) →
/// Dense(classes, softmax), on 32×32×1 images, valid convolutions throughout: 61,706 parameters at 10 classes.
/// </summary>
/// <remarks>The paper's network differs in three parameter-bearing details, which is why it has 60,000 trainable
/// parameters rather than 61,706: C3 connects each of its 16 maps to a subset of S2's maps (Table I: 1,516 parameters,
/// not 2,416); S2 and S4 have a trainable coefficient and bias per map (12 and 32 parameters); the output is a layer of
/// Euclidean radial basis functions with fixed, hand-designed centres instead of a trained dense layer. Its squashing
/// function is the scaled 1.7159·tanh(2a/3); here plain tanh.</remarks>
public static class LeNet5
{
    /// <summary>LeNet-5.</summary>
    /// <param name="options">Input shape (default 32×32×1, at least 32×32), classes (default 10 when
    /// <paramref name="options"/> is null), top and pooling.</param>
    /// <returns>A functional model whose output is (classes), or C5's ((h − 28)/4, (w − 28)/4, 120) map.</returns>
    public static Model Build(ApplicationOptions? options = null)
    {
        options ??= new ApplicationOptions { Classes = 10 };
        var input = options.CreateInput("lenet5", new Shape(32, 32, 1), 32);
        var x = new Conv2D(6, 5, activation: Activation.Tanh, name: "c1").Call(input);
        x = new AveragePooling2D(2, name: "s2").Call(x);
        x = new Conv2D(16, 5, activation: Activation.Tanh, name: "c3").Call(x);
        x = new AveragePooling2D(2, name: "s4").Call(x);
        x = new Conv2D(120, 5, activation: Activation.Tanh, name: "c5").Call(x);
        if (options.IncludeTop)
        {
            x = new Flatten(name: "flatten").Call(x);
            x = new Dense(84, Activation.Tanh, name: "f6").Call(x);
            x = new Dense(options.Classes, options.ClassifierActivation, name: "predictions").Call(x);
        }
        else x = options.PoolBase(x);
        return new Model(input, x, "lenet5");
    }
}
