using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Samples.Techniques;

/// <summary>The Fashion-MNIST MLP of the course notes (SEEDS A6/A7) and its variants.</summary>
public static class FashionMlp
{
    /// <summary>Flatten → Dense(hidden₁, relu, he_normal) → … → Dense(10, softmax); default hidden (300, 100), the
    /// notes' 266,610-parameter MLP.</summary>
    public static Sequential Build(params int[] hidden)
    {
        if (hidden.Length == 0) hidden = [300, 100];
        var model = new Sequential(new Input(28, 28, 1), new Flatten());
        foreach (int units in hidden) model.Add(new Dense(units, Activation.ReLU, kernelInitializer: "he_normal"));
        model.Add(new Dense(10, Activation.Softmax));
        return model;
    }

    /// <summary>SEEDS A7 (Géron §3.6.2): Dropout(rate) before each Dense layer, ELU and He initialisation:
    /// Flatten → Dropout → Dense(300, elu) → Dropout → Dense(100, elu) → Dropout → Dense(10, softmax).</summary>
    public static Sequential BuildWithDropout(double rate) => new(
        new Input(28, 28, 1),
        new Flatten(),
        new Dropout(rate),
        new Dense(300, Activation.Elu, kernelInitializer: "he_normal"),
        new Dropout(rate),
        new Dense(100, Activation.Elu, kernelInitializer: "he_normal"),
        new Dropout(rate),
        new Dense(10, Activation.Softmax));
}
