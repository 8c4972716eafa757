using DeepLearning.Activations;
using DeepLearning.Layers;

namespace DeepLearning.Applications;

/// <summary>
/// What every model builder of <see cref="DeepLearning.Applications"/> takes, after Keras's
/// <c>keras.applications</c> arguments (<c>include_top</c>, <c>input_shape</c>, <c>pooling</c>, <c>classes</c>,
/// <c>classifier_activation</c>). The builders create untrained weights (no pretrained download); load trained ones
/// with the model's weight-loading methods.
/// </summary>
public sealed record ApplicationOptions
{
    /// <summary>The per-sample input shape (height, width, channels), NHWC; null takes the network's standard one
    /// (224×224×3 for the ImageNet networks, 32×32×1 for LeNet-5, 227×227×3 for AlexNet).</summary>
    public Shape? InputShape { get; init; }

    /// <summary>Number of classes of the classifier (used when <see cref="IncludeTop"/>); default 1,000 (ImageNet).</summary>
    public int Classes { get; init; } = 1000;

    /// <summary>True (default): the network ends in its classifier. False: it ends with the convolutional base, whose
    /// output is (h, w, c), or (c) after <see cref="Pooling"/>.</summary>
    public bool IncludeTop { get; init; } = true;

    /// <summary>Global pooling after the convolutional base when <see cref="IncludeTop"/> is false.</summary>
    public ApplicationPooling Pooling { get; init; } = ApplicationPooling.None;

    /// <summary>The classifier's activation; default softmax (set <see cref="Activation.Linear"/> for logits).</summary>
    public ActivationFunction ClassifierActivation { get; init; } = Activation.Softmax;

    /// <summary>The options of a builder called with none.</summary>
    internal static ApplicationOptions Default { get; } = new();

    /// <summary>Validates the options for <paramref name="network"/> and returns the input layer.</summary>
    /// <param name="network">The network's name, for messages.</param>
    /// <param name="standardShape">The input shape used when <see cref="InputShape"/> is null.</param>
    /// <param name="minimumSize">The smallest height and width the network's downsampling accepts.</param>
    /// <exception cref="ArgumentException">A shape that is not (h, w, c), smaller than <paramref name="minimumSize"/>,
    /// a class count below 1, or pooling requested together with the top.</exception>
    internal Input CreateInput(string network, Shape standardShape, int minimumSize)
    {
        var shape = InputShape ?? standardShape;
        if (shape.Rank != 3 || shape[0] < minimumSize || shape[1] < minimumSize || shape[2] < 1)
            throw new ArgumentException(
                $"{network}: the input shape must be (height, width, channels) with height and width ≥ {minimumSize}; got ({string.Join(", ", shape)}).",
                nameof(InputShape));
        if (IncludeTop && Classes < 1)
            throw new ArgumentOutOfRangeException(nameof(Classes), Classes, $"{network}: classes must be ≥ 1; got {Classes}.");
        if (IncludeTop && Pooling != ApplicationPooling.None)
            throw new ArgumentException($"{network}: pooling {Pooling} applies only without the top (IncludeTop = false).", nameof(Pooling));
        ArgumentNullException.ThrowIfNull(ClassifierActivation, nameof(ClassifierActivation));
        return new Input(shape, name: "input");
    }

    /// <summary>The end of a network without its top: the base's output, or its global pooling.</summary>
    internal SymbolicTensor PoolBase(SymbolicTensor x) => Pooling switch
    {
        ApplicationPooling.Average => new GlobalAveragePooling2D(name: "avg_pool").Call(x),
        ApplicationPooling.Max => new GlobalMaxPooling2D(name: "max_pool").Call(x),
        _ => x,
    };

    /// <summary>The classifier of the networks whose top is global average pooling and one dense layer (ResNet,
    /// GoogLeNet), or the pooled base without the top.</summary>
    internal SymbolicTensor AveragePooledHead(SymbolicTensor x, double dropout = 0)
    {
        if (!IncludeTop) return PoolBase(x);
        x = new GlobalAveragePooling2D(name: "avg_pool").Call(x);
        if (dropout > 0) x = new Dropout(dropout, name: "dropout").Call(x);
        return new Dense(Classes, ClassifierActivation, name: "predictions").Call(x);
    }
}

/// <summary>Global pooling applied to a builder's convolutional base when the top is left out (Keras's
/// <c>pooling</c> argument).</summary>
public enum ApplicationPooling
{
    /// <summary>No pooling: the output is the last convolutional feature map (h, w, c).</summary>
    None,

    /// <summary>Global average pooling: (c).</summary>
    Average,

    /// <summary>Global max pooling: (c).</summary>
    Max,
}
