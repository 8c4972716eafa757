namespace DeepLearning.Tests.Logging;

/// <summary>What a program using the library writes to its real standard output and error (a child process).</summary>
public class ConsoleOutputTests
{
    [Fact]
    public void WithNoLoggerEachDistinctWarningReachesStandardErrorOnceAndNeverStandardOutput()
    {
        var (stdout, stderr) = ChildProcess.RunHost("warn");
        var warnings = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // 12 training steps raise the fromLogits mismatch each time; the loss reports it once, stderr shows it once.
        Assert.Single(warnings, w => w.StartsWith("warning: categorical_crossentropy: received fromLogits: true", StringComparison.Ordinal));
        Assert.Single(warnings, w => w == "warning: host: the same warning");
        Assert.Single(warnings, w => w == "warning: host: another warning");
        Assert.Equal(3, warnings.Length);
        Assert.Equal("done", stdout.Trim());
    }

    [Fact]
    public void RedirectedOutputGetsOnePlainLinePerEpoch()
    {
        var (stdout, _) = ChildProcess.RunHost("progress", "2");
        Assert.DoesNotContain('\r', stdout);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Epoch header, the epoch's one full line (every metric, however long), twice; then "done".
        Assert.Equal(5, lines.Length);
        Assert.Equal(["Epoch 1/2", "Epoch 2/2", "done"], [lines[0], lines[2], lines[4]]);
        foreach (var line in new[] { lines[1], lines[3] })
        {
            Assert.StartsWith("20/20 ━━━━━━━━━━━━━━━━━━━━ ", line);
            Assert.EndsWith(" - learning_rate: 0.0100", line);
            Assert.Contains(" - val_logcosh: ", line);
        }
    }
}
