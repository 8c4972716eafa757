using System.Diagnostics;

namespace DeepLearning.Tests.Logging;

/// <summary>Runs <see cref="ConsoleHost"/> in a child process and collects its standard output and error apart.</summary>
internal static class ChildProcess
{
    /// <summary>The dotnet host that runs the tests (the test runner sets DOTNET_HOST_PATH), else dotnet on the PATH.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";

    /// <summary>The test assembly, whose entry point is <see cref="ConsoleHost.Main"/>.</summary>
    public static string HostAssembly => typeof(ConsoleHost).Assembly.Location;

    /// <summary>Runs <c>dotnet DeepLearning.Tests.dll args…</c> with both streams redirected; asserts exit code 0.</summary>
    public static (string Out, string Error) RunHost(params string[] args)
    {
        var info = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(HostAssembly);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            Assert.Fail($"ConsoleHost {string.Join(' ', args)} timed out");
        }
        Assert.True(process.ExitCode == 0, $"ConsoleHost {string.Join(' ', args)} exited with {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        return (stdout.Result, stderr.Result);
    }

    /// <summary>Runs a command to completion and returns its standard output.</summary>
    public static string Run(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), $"{command} timed out");
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', args)} exited with {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
