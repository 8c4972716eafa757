using DeepLearning.Models.Callbacks;

namespace DeepLearning.Samples;

/// <summary>Learning-curve plots (PNG, ScottPlot): ScottPlot is used by the samples only, never by the library.</summary>
public static class LearningCurves
{
    /// <summary>Plots several named curves (one value per epoch) and saves a PNG; returns its path.</summary>
    public static string Save(string path, string title, string yLabel, IReadOnlyDictionary<string, IReadOnlyList<double>> curves, bool logY = false)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (name, values) in curves)
        {
            var xs = Enumerable.Range(1, values.Count).Select(i => (double)i).ToArray();
            var ys = values.Select(v => logY ? Math.Log10(Math.Max(v, 1e-12)) : v).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = name;
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(logY ? $"log10 {yLabel}" : yLabel);
        plot.ShowLegend();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 900, 600);
        return path;
    }

    /// <summary>The loss and validation loss of a history.</summary>
    public static string SaveLoss(string path, string title, History history)
    {
        var curves = new Dictionary<string, IReadOnlyList<double>> { ["loss"] = history["loss"] };
        if (history.Keys.Contains("val_loss")) curves["val_loss"] = history["val_loss"];
        return Save(path, title, "loss", curves);
    }
}
