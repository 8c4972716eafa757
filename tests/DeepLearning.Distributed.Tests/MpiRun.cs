using System.Diagnostics;

namespace DeepLearning.Distributed.Tests;

/// <summary>Starts this test assembly under <c>mpirun</c> as the worker program and waits for it with a bound.</summary>
internal static class MpiRun
{
    /// <summary>mpirun's path, or null when OpenMPI is not installed.</summary>
    public static string? MpirunPath { get; } = Find();

    /// <summary>Skips the test where OpenMPI is absent, with the reason; under CI=true (where .ci/run installs it) the
    /// absence fails the test instead.</summary>
    public static void RequireMpi()
    {
        bool present = MpirunPath is not null && MpiCommunicator.IsAvailable();
        if (present) return;
        const string why = "OpenMPI (mpirun and libmpi.so.40) is not installed: apt-get install openmpi-bin libopenmpi-dev";
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", why);
        Skip.If(true, why);
    }

    /// <summary>Runs <c>mpirun -np <paramref name="ranks"/> dotnet &lt;this assembly&gt; worker <paramref name="scenario"/> folder</c>.</summary>
    public static (int ExitCode, string Output, TimeSpan Elapsed) Run(int ranks, string scenario, string folder, TimeSpan limit)
    {
        var assembly = typeof(Worker).Assembly.Location;
        var start = new ProcessStartInfo(MpirunPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "--allow-run-as-root", "--oversubscribe", "--mca", "btl", "self,vader", "-np", ranks.ToString(),
                     "dotnet", assembly, "worker", scenario, folder })
            start.ArgumentList.Add(a);
        start.Environment["OMPI_MCA_rmaps_base_oversubscribe"] = "1";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"mpirun {scenario} did not finish within {limit.TotalSeconds} s:\n{stdout.Result}\n{stderr.Result}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result, clock.Elapsed);
    }

    /// <summary>Runs <paramref name="scenario"/> on two ranks in a fresh folder (skipping where OpenMPI is absent),
    /// asserts that mpirun succeeded, hands the folder to <paramref name="check"/> and deletes it.</summary>
    public static void Succeeds(string scenario, Action<string> check)
    {
        RequireMpi();
        var folder = Directory.CreateTempSubdirectory("dl-mpi-").FullName;
        try
        {
            var (code, output, _) = Run(2, scenario, folder, TimeSpan.FromMinutes(3));
            Assert.True(code == 0, $"mpirun exited with {code}:\n{output}");
            check(folder);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, "mpirun");
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
