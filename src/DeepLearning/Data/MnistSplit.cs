namespace DeepLearning.Data;

/// <summary>One split of MNIST or Fashion-MNIST: images and their labels.</summary>
/// <param name="Images">float32 (N, 28, 28, 1), NHWC, pixel values byte/255 in [0, 1].</param>
/// <param name="Labels">int32 (N), class indices 0 … 9.</param>
public sealed record MnistSplit(Tensor Images, Tensor Labels)
{
    /// <summary>The number of examples.</summary>
    public int Count => Images.Shape[0];

    /// <summary>Where the data came from (a file path or a URL), for messages.</summary>
    public string Source { get; init; } = "";

    /// <summary>The split as a dataset of (image, label) examples, e.g. for a <see cref="DataLoader"/>.</summary>
    public TensorDataset ToDataset() => new(Images, Labels);
}
