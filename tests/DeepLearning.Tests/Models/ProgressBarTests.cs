using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Models.Callbacks;
using DeepLearning.Optimizers;

namespace DeepLearning.Tests.Models;

/// <summary>The interactive bar at a given width, written to a string (the terminal test runs it under tmux).</summary>
public class ProgressBarTests
{
    private static string Train(int width)
    {
        var writer = new StringWriter();
        var model = new Sequential(new Input(1), new Dense(1));
        model.Compile(new SGD(0.01), new MeanSquaredError(), [Metric.FromName("mean_absolute_error"), Metric.FromName("root_mean_squared_error")]);
        var x = Tensor.Ones([8, 1]);
        var bar = new ProgressBar(1, writer, interactive: true, width: width);
        var slow = new LambdaCallback { BatchEnd = (_, _) => Thread.Sleep(110) };   // past the bar's 100 ms redraw interval
        model.Fit(x, x, epochs: 2, batchSize: 2, verbose: 0, validationData: (x, x), callbacks: [slow, bar]);
        return writer.ToString();
    }

    [Fact]
    public void EveryRedrawAndLineFitsTheWidthLessOneColumn()
    {
        var output = Train(60);
        var pieces = output.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        Assert.All(pieces, p => Assert.True(p.Length <= 59, $"{p.Length} characters: {p}"));
        // The redraws drop metrics from the right: the first one shown, never the last.
        var redraws = pieces.Where(p => p[0] is '1' or '2' or '3').ToList();
        Assert.NotEmpty(redraws);
        Assert.All(redraws, r => Assert.Contains(" - loss: ", r));
        Assert.All(redraws, r => Assert.DoesNotContain("root_mean_squared_error", r));
        // What stays on screen (each line after its last carriage return): the final lines keep every value, on
        // continuation lines.
        var screen = string.Join("\n", output.Split('\n').Select(l => l.TrimEnd('\r')).Select(l => l[(l.LastIndexOf('\r') + 1)..]));
        foreach (var key in new[] { "loss", "mean_absolute_error", "root_mean_squared_error", "val_loss", "val_root_mean_squared_error", "learning_rate" })
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(screen, $@"(^|[ -]){key}: \d", System.Text.RegularExpressions.RegexOptions.Multiline).Count);
    }

    [Fact]
    public void AWideTerminalGetsTheFullLine()
    {
        var output = Train(400);
        var finals = output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Contains("learning_rate")).ToList();
        Assert.Equal(2, finals.Count);
        Assert.All(finals, f => Assert.Matches(@"4/4 ━{20} \d+m?s \d+[mu]?s/step - loss: [\d.]+ - mean_absolute_error: [\d.]+ - root_mean_squared_error: [\d.]+ - val_loss: [\d.]+ - val_mean_absolute_error: [\d.]+ - val_root_mean_squared_error: [\d.]+ - learning_rate: 0\.0100$", f));
    }

    [Fact]
    public void ATinyWidthCutsTheLineButNeverOverflows()
    {
        var output = Train(12);
        Assert.All(output.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries), p => Assert.True(p.Length <= 11, p));
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProgressBar(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProgressBar(1, width: 1));
    }
}
