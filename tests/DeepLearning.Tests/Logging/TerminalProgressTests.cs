using System.Text.RegularExpressions;

namespace DeepLearning.Tests.Logging;

/// <summary>
/// The progress bar in a real terminal: <see cref="ConsoleHost"/> trains under tmux at a fixed width and the pane's
/// contents are read back. A redraw wider than the terminal would wrap and leave a new line at each redraw; so the
/// test asserts that each epoch left exactly one bar line, that no line is wider than the terminal, and that the
/// epoch's metrics are all shown. Needs tmux (.ci/run installs it): skipped without it, failed without it when CI=true.
/// </summary>
public partial class TerminalProgressTests
{
    [SkippableTheory]
    [InlineData(60)]
    [InlineData(200)]
    public void TheBarFitsTheTerminalAndLeavesOneLinePerEpoch(int columns)
    {
        bool haveTmux = Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(d => File.Exists(Path.Combine(d, "tmux")));
        if (!haveTmux && Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail("tmux is required when CI=true (.ci/run installs it).");
        Skip.IfNot(haveTmux, "tmux is not installed.");

        string socket = $"dl-progress-{Environment.ProcessId}-{columns}";
        string command = $"'{ChildProcess.Dotnet}' '{ChildProcess.HostAssembly}' progress 3; sleep 600";
        ChildProcess.Run("tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", columns.ToString(), "-y", "60", command);
        string pane = "";
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(500);
                pane = ChildProcess.Run("tmux", "-L", socket, "capture-pane", "-p", "-S", "-", "-E", "-");
                if (pane.Split('\n').Any(l => l.Trim() == "done")) break;
            }
        }
        finally
        {
            ChildProcess.Run("tmux", "-L", socket, "kill-server");
        }
        var lines = pane.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        Assert.True(lines.Any(l => l == "done"), $"the run did not finish:\n{pane}");
        Assert.All(lines, l => Assert.True(l.Length < columns, $"a line of {l.Length} characters at {columns} columns: {l}"));
        var bars = lines.Where(l => BarLine().IsMatch(l)).ToList();
        Assert.Equal(3, lines.Count(l => l.StartsWith("Epoch ", StringComparison.Ordinal)));
        Assert.Equal(3, bars.Count);
        Assert.All(bars, b => Assert.StartsWith("20/20 ", b));
        // Every metric of each epoch is on screen: on the bar line or its continuation lines.
        var text = string.Join("\n", lines);
        foreach (var key in new[] { "loss", "mean_absolute_error", "root_mean_squared_error", "logcosh", "val_loss", "val_logcosh", "learning_rate" })
            Assert.Equal(3, Regex.Matches(text, $@"(^|[ -]){key}: \d").Count);
    }

    [GeneratedRegex(@"^\s*\d+/\d+ ")]
    private static partial Regex BarLine();
}
