using DeepLearning.Models.Callbacks;
using ScottPlot;
using ScottPlot.Plottables;

namespace DeepLearning.Plotting;

/// <summary>Learning curves: the values a <see cref="History"/> recorded per epoch, one panel per quantity (loss and
/// each metric), with the training curve and the validation curve (<c>val_</c> key) together, as in the plots of
/// Keras's <c>history.history</c> that every course draws by hand. The x axis is the epoch counted from 1 (History
/// records 0-based epochs, so epoch <c>e</c> is drawn at <c>e + 1</c>); the legend sits in a panel right of the data
/// area, so it never covers a curve.</summary>
/// <remarks>Non-finite values (a NaN loss of a diverged epoch, a metric logged from some epoch on) are left out of a
/// curve, which then has a gap there; every finite value is drawn exactly as recorded.</remarks>
/// <example><code>var history = model.Fit(x, y, epochs: 10, validationSplit: 0.1);
/// LearningCurves.Save(history, "curves.png");     // or "curves.svg"</code></example>
public static class LearningCurves
{
    /// <summary>The prefix Keras gives validation values (<c>val_loss</c>).</summary>
    public const string ValidationPrefix = "val_";

    /// <summary>The legend text of a training curve.</summary>
    public const string TrainLabel = "train";

    /// <summary>The legend text of a validation curve.</summary>
    public const string ValidationLabel = "validation";

    /// <summary>The quantities of a history in panel order: each key without the <c>val_</c> prefix in first-seen
    /// order (loss first, as Fit logs it), then any <c>val_</c> key without a training counterpart.</summary>
    /// <exception cref="ArgumentException">The history recorded no epoch.</exception>
    public static IReadOnlyList<string> Quantities(History history)
    {
        CheckHistory(history);
        var keys = history.Keys;
        var quantities = keys.Where(k => !k.StartsWith(ValidationPrefix, StringComparison.Ordinal)).ToList();
        foreach (var key in keys.Where(k => k.StartsWith(ValidationPrefix, StringComparison.Ordinal)))
        {
            var name = key[ValidationPrefix.Length..];
            if (!quantities.Contains(name)) quantities.Add(name);
        }
        return quantities;
    }

    /// <summary>Builds the figure: one panel per quantity (<see cref="Quantities"/>) in a grid of up to two columns,
    /// each with the training curve (legend <see cref="TrainLabel"/>) and the validation curve
    /// (<see cref="ValidationLabel"/>) where the history has one.</summary>
    /// <param name="history">The record of a Fit.</param>
    /// <param name="title">A title prefixed to every panel's title (the quantity's name).</param>
    /// <exception cref="ArgumentException">The history recorded no epoch.</exception>
    public static Multiplot Create(History history, string? title = null)
    {
        var quantities = Quantities(history);
        var plots = new List<Plot>();
        foreach (var quantity in quantities)
        {
            var plot = new Plot();
            var epochs = history.Epochs.Select(e => e + 1.0).ToArray();
            if (history.Keys.Contains(quantity)) AddCurve(plot, epochs, history[quantity], TrainLabel);
            if (history.Keys.Contains(ValidationPrefix + quantity)) AddCurve(plot, epochs, history[ValidationPrefix + quantity], ValidationLabel);
            Decorate(plot, title is null ? quantity : $"{title}: {quantity}", quantity);
            plots.Add(plot);
        }
        var figure = Figures.Grid(plots, 2);
        return figure;
    }

    /// <summary>Builds one panel of named curves, each value i drawn at x = i + 1 (an epoch or step count).</summary>
    /// <param name="curves">The curves by legend text; each needs at least one value.</param>
    /// <param name="title">The panel title.</param>
    /// <param name="yLabel">The y-axis label.</param>
    /// <param name="logY">Draw log10 of the values (the axis label says so); values ≤ 0 are left out.</param>
    /// <param name="xLabel">The x-axis label (default "epoch").</param>
    /// <exception cref="ArgumentException">No curve, or a curve without values.</exception>
    public static Plot Create(IReadOnlyDictionary<string, IReadOnlyList<double>> curves, string title, string yLabel, bool logY = false, string xLabel = "epoch")
    {
        ArgumentNullException.ThrowIfNull(curves);
        if (curves.Count == 0) throw new ArgumentException("LearningCurves: no curve to plot.", nameof(curves));
        var plot = new Plot();
        foreach (var (name, values) in curves)
        {
            if (values is null || values.Count == 0)
                throw new ArgumentException($"LearningCurves: the curve '{name}' has no values.", nameof(curves));
            var xs = Enumerable.Range(1, values.Count).Select(i => (double)i).ToArray();
            AddCurve(plot, xs, logY ? values.Select(v => v > 0 ? Math.Log10(v) : double.NaN).ToArray() : values, name);
        }
        Decorate(plot, title, logY ? $"log10 {yLabel}" : yLabel, xLabel);
        return plot;
    }

    /// <summary>Saves the learning curves of <paramref name="history"/> (<see cref="Create(History, string?)"/>) as
    /// PNG or SVG (by the extension), atomically.</summary>
    /// <param name="history">The record of a Fit.</param>
    /// <param name="path">A .png or .svg file.</param>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels; 0 gives 360 per row of panels.</param>
    /// <param name="title">A title prefixed to every panel's title.</param>
    /// <exception cref="ArgumentException">The history recorded no epoch, or the extension is not .png or .svg.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size outside [1, <see cref="PlotFile.MaxSize"/>] (height 0
    /// excepted).</exception>
    public static void Save(History history, string path, int width = 1200, int height = 0, string? title = null)
    {
        var figure = Create(history, title);
        PlotFile.Save(figure, path, width, height == 0 ? 360 * Figures.Rows(figure.Subplots.Count, 2) : height);
    }

    /// <summary>Saves one panel of named curves (<see cref="Create(IReadOnlyDictionary{string, IReadOnlyList{double}}, string, string, bool, string)"/>)
    /// as PNG or SVG, atomically.</summary>
    /// <exception cref="ArgumentException">No curve, a curve without values, or the extension is not .png or .svg.</exception>
    public static void Save(IReadOnlyDictionary<string, IReadOnlyList<double>> curves, string path, string title, string yLabel,
        bool logY = false, int width = 900, int height = 600) =>
        PlotFile.Save(Create(curves, title, yLabel, logY), path, width, height);

    /// <summary>The finite points of a curve, as a scatter line with markers.</summary>
    private static void AddCurve(Plot plot, double[] xs, IReadOnlyList<double> ys, string label)
    {
        var kept = Enumerable.Range(0, ys.Count).Where(i => double.IsFinite(ys[i])).ToArray();
        Scatter line = plot.Add.Scatter(kept.Select(i => xs[i]).ToArray(), kept.Select(i => ys[i]).ToArray());
        line.LegendText = label;
        line.MarkerSize = 4;
    }

    private static void Decorate(Plot plot, string title, string yLabel, string xLabel = "epoch")
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Edge.Right);
    }

    private static void CheckHistory(History history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Epochs.Count == 0 || history.Keys.Count == 0)
            throw new ArgumentException("LearningCurves: the history recorded no epoch; call Fit (with the History it returns) first.", nameof(history));
    }
}
