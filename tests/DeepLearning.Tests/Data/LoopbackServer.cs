using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DeepLearning.Tests.Data;

/// <summary>A tiny HTTP/1.1 server on 127.0.0.1 for download tests: each path maps to a response that can be good,
/// corrupt, truncated (a Content-Length larger than the bytes sent, then the connection closes) or slow.</summary>
internal sealed class LoopbackServer : IDisposable
{
    public sealed record Response(int Status, byte[] Body, long? DeclaredLength = null, int? SendBytes = null, int ChunkDelayMs = 0, int ChunkSize = 1 << 16);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<string, Response> _routes = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackServer()
    {
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(AcceptLoop);
    }

    public Uri BaseUrl { get; }

    public ConcurrentDictionary<string, int> Requests { get; } = new();

    /// <summary>A base URL below the server, e.g. <c>Mirror("good")</c> serves <c>/good/&lt;file&gt;</c>.</summary>
    public Uri Mirror(string prefix) => new(BaseUrl, prefix + "/");

    public void Serve(string path, Response response) => _routes[path] = response;

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => Handle(client));
        }
    }

    private async Task Handle(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var header = new StringBuilder();
                var one = new byte[1];
                while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
                {
                    if (await stream.ReadAsync(one, _stop.Token) == 0) return;
                    header.Append((char)one[0]);
                }
                string path = header.ToString().Split(' ')[1];
                Requests.AddOrUpdate(path, 1, (_, n) => n + 1);
                var r = _routes.TryGetValue(path, out var found) ? found : new Response(404, Encoding.ASCII.GetBytes("not found"));
                long declared = r.DeclaredLength ?? r.Body.Length;
                var head = $"HTTP/1.1 {r.Status} {(r.Status == 200 ? "OK" : "Error")}\r\nContent-Length: {declared}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                int send = r.SendBytes ?? r.Body.Length;
                for (int offset = 0; offset < send; offset += r.ChunkSize)
                {
                    await stream.WriteAsync(r.Body.AsMemory(offset, Math.Min(r.ChunkSize, send - offset)), _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                    if (r.ChunkDelayMs > 0) await Task.Delay(r.ChunkDelayMs, _stop.Token);
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested || true)
            {
                // The client went away (e.g. a cancelled download): nothing to do.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _loop.Wait(2000); } catch (AggregateException) { }
    }
}

/// <summary>Reports synchronously on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
