using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Applications;

/// <summary>
/// VGG-16 and VGG-19 (Simonyan and Zisserman 2015, "Very Deep Convolutional Networks for Large-Scale Image
/// Recognition", configurations D and E; SEEDS A15), laid out as Keras's <c>keras.applications.vgg16/vgg19</c>:
/// blocks of 3×3 "same" convolutions with bias and ReLU, each block closed by 2×2 max-pooling with stride 2, filters
/// 64, 128, 256, 512, 512; the top is Flatten → Dense(4096, ReLU) → Dense(4096, ReLU) → Dense(classes).
/// At 224×224×3 with 1,000 classes VGG-16 has 138,357,544 parameters and VGG-19 143,667,240 (Keras's summaries).
/// </summary>
public static class Vgg
{
    private static readonly int[] Filters = [64, 128, 256, 512, 512];

    /// <summary>VGG-16: 2, 2, 3, 3, 3 convolutions per block (13 convolutions + 3 dense layers).</summary>
    /// <param name="options">Input shape (default 224×224×3, at least 32×32), classes, top and pooling.</param>
    /// <returns>A functional model (input (h, w, c), output (classes), or the base's (h/32, w/32, 512)).</returns>
    public static Model Vgg16(ApplicationOptions? options = null) => Build("vgg16", [2, 2, 3, 3, 3], options ?? ApplicationOptions.Default);

    /// <summary>VGG-19: 2, 2, 4, 4, 4 convolutions per block (16 convolutions + 3 dense layers).</summary>
    /// <param name="options">Input shape (default 224×224×3, at least 32×32), classes, top and pooling.</param>
    /// <returns>A functional model (input (h, w, c), output (classes), or the base's (h/32, w/32, 512)).</returns>
    public static Model Vgg19(ApplicationOptions? options = null) => Build("vgg19", [2, 2, 4, 4, 4], options ?? ApplicationOptions.Default);

    private static Model Build(string name, int[] convsPerBlock, ApplicationOptions options)
    {
        var input = options.CreateInput(name, new Shape(224, 224, 3), 32);
        SymbolicTensor x = input;
        for (int block = 0; block < convsPerBlock.Length; block++)
        {
            for (int i = 1; i <= convsPerBlock[block]; i++)
                x = new Conv2D(Filters[block], 3, padding: Padding.Same, activation: Activation.ReLU, name: $"block{block + 1}_conv{i}").Call(x);
            x = new MaxPooling2D(2, 2, name: $"block{block + 1}_pool").Call(x);
        }
        if (options.IncludeTop)
        {
            x = new Flatten(name: "flatten").Call(x);
            x = new Dense(4096, Activation.ReLU, name: "fc1").Call(x);
            x = new Dense(4096, Activation.ReLU, name: "fc2").Call(x);
            x = new Dense(options.Classes, options.ClassifierActivation, name: "predictions").Call(x);
        }
        else x = options.PoolBase(x);
        return new Model(input, x, name);
    }
}
