using System.Net.Http;
using System.Security.Cryptography;

namespace DeepLearning.Data;

/// <summary>
/// Downloads one file over HTTP into a cache folder with SHA-256 verification. The bytes stream into a temporary file
/// beside the target while being hashed; only a complete download whose length and digest match is renamed to the
/// target, so a failed, truncated, corrupt or cancelled download never leaves a file behind.
/// </summary>
internal static class FileDownloader
{
    private static readonly Lazy<HttpClient> SharedClient = new(() =>
    {
        var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("DeepLearning.NET/0.1");
        return client;
    });

    /// <summary>The library's shared client (used when the options give none).</summary>
    public static HttpClient DefaultClient => SharedClient.Value;

    /// <summary>Downloads <paramref name="url"/> to <paramref name="destination"/> and checks its SHA-256.</summary>
    /// <exception cref="HttpRequestException">The server could not be reached or answered with an error status.</exception>
    /// <exception cref="IOException">The download ended early (truncated).</exception>
    /// <exception cref="InvalidDataException">The size or the SHA-256 digest does not match.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static void Download(HttpClient client, Uri url, string destination, string sha256, long? expectedSize,
        IProgress<DownloadProgress>? progress, CancellationToken cancellation)
    {
        string name = Path.GetFileName(destination);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = client.Send(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        long? total = response.Content.Headers.ContentLength ?? expectedSize;
        // A blocking read cannot observe the token: cancelling disposes the response, which ends the read.
        using var registration = cancellation.Register(response.Dispose);
        Serialization.AtomicFile.WriteFile(destination, temp =>
        {
            long received = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                try
                {
                    using var input = response.Content.ReadAsStream(cancellation);
                    var buffer = new byte[1 << 16];
                    long lastReport = 0, step = Math.Max(1 << 16, (total ?? 0) / 200);
                    progress?.Report(new DownloadProgress(name, url, 0, total));
                    int n;
                    while ((n = input.Read(buffer)) > 0)
                    {
                        cancellation.ThrowIfCancellationRequested();
                        hash.AppendData(buffer, 0, n);
                        output.Write(buffer, 0, n);
                        received += n;
                        if (received - lastReport >= step)
                        {
                            progress?.Report(new DownloadProgress(name, url, received, total));
                            lastReport = received;
                        }
                    }
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException or HttpRequestException)
                {
                    cancellation.ThrowIfCancellationRequested();
                    throw new IOException($"the download from {url} broke off after {received} bytes{(total is long t ? $" of {t}" : "")} ({e.Message}).", e);
                }
                cancellation.ThrowIfCancellationRequested();
                output.Flush(flushToDisk: true);
            }
            progress?.Report(new DownloadProgress(name, url, received, total));
            if (total is long declared && received != declared)
                throw new IOException($"the download from {url} is truncated: {received} of {declared} bytes arrived.");
            if (expectedSize is long size && received != size)
                throw new InvalidDataException($"{url} has {received} bytes; the known file has {size}.");
            string digest = HexString.Lower(hash.GetHashAndReset());
            if (!string.Equals(digest, sha256, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"{url} has SHA-256 {digest}; the known file has {sha256} (corrupt or a different file).");
        });
    }
}
