using System.Collections.Concurrent;
using System.Diagnostics;
using DeepLearning.Tests.Logging;

namespace DeepLearning.Tests.Fault;

/// <summary>A <see cref="ConsoleHost"/> child process that the test kills: its standard output is read line by line
/// as it comes, so the test can wait for a line and then SIGKILL the child (<see cref="Process.Kill()"/> sends SIGKILL
/// on Unix) at a moment of its choosing.</summary>
internal sealed class KilledChild : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly Task<string> _stderr;

    public KilledChild(params string[] args)
    {
        var info = new ProcessStartInfo(ChildProcess.Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(ChildProcess.HostAssembly);
        foreach (var a in args) info.ArgumentList.Add(a);
        _process = Process.Start(info)!;
        _stderr = _process.StandardError.ReadToEndAsync();
        _ = Task.Run(() =>
        {
            while (_process.StandardOutput.ReadLine() is { } line) _lines.Add(line);
            _lines.CompleteAdding();
        });
    }

    /// <summary>Every line read so far is kept here, in order.</summary>
    public List<string> Seen { get; } = [];

    /// <summary>Waits (at most 60 s) for a line equal to <paramref name="expected"/>; fails if the child ends first.</summary>
    public void WaitFor(string expected)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var left = TimeSpan.FromSeconds(60) - deadline.Elapsed;
            string? line = null;
            if (left <= TimeSpan.Zero || !_lines.TryTake(out line, left))
                Assert.Fail($"the child never wrote '{expected}' (it wrote: {string.Join(" | ", Seen)}; stderr: {(_process.HasExited ? _stderr.Result : "")})");
            Seen.Add(line!);
            if (line == expected) return;
        }
    }

    /// <summary>SIGKILLs the child and waits until it is gone; returns false if it had already exited.</summary>
    public bool Kill()
    {
        bool wasRunning = !_process.HasExited;
        _process.Kill();
        Assert.True(_process.WaitForExit(TimeSpan.FromSeconds(30)), "the killed child did not exit");
        return wasRunning;
    }

    /// <summary>Busy-waits <paramref name="ticks"/> Stopwatch ticks (finer than Thread.Sleep's millisecond).</summary>
    public static void Spin(long ticks)
    {
        long end = Stopwatch.GetTimestamp() + ticks;
        while (Stopwatch.GetTimestamp() < end) Thread.SpinWait(20);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
    }
}
