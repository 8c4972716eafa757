using DeepLearning.Data;

namespace DeepLearning.Samples.Techniques;

/// <summary>Fashion-MNIST, loaded once for the sections that use it.</summary>
public sealed class FashionData(string? dataDirectory)
{
    private (MnistSplit Train, MnistSplit Test)? _splits;

    /// <summary>The 60,000 training images and labels.</summary>
    public MnistSplit Train => (_splits ??= SampleData.FashionMnist(dataDirectory)).Train;

    /// <summary>The 10,000 test images and labels.</summary>
    public MnistSplit Test => (_splits ??= SampleData.FashionMnist(dataDirectory)).Test;

    /// <summary>The validation fraction used by every Fashion-MNIST section: the last 5,000 training images, as in
    /// Géron's chapter 10 (Fit takes the last fraction before shuffling).</summary>
    public const double ValidationSplit = 5_000.0 / 60_000;

    /// <summary>The class names, in label order.</summary>
    public static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
}
