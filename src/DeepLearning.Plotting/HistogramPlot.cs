using DeepLearning.Layers;
using ScottPlot;

namespace DeepLearning.Plotting;

/// <summary>Histograms of weights or activations (<see cref="HistogramBins"/>: numpy.histogram's equal-width bins), one
/// bar per bin spanning its edges, so a glance shows dead ReLUs, saturated sigmoids or exploding weights.</summary>
public static class HistogramPlot
{
    /// <summary>The histogram of every element of <paramref name="values"/> (any shape, any dtype; read back to the
    /// host as float32).</summary>
    /// <param name="values">Weights or activations.</param>
    /// <param name="title">The plot title (default the tensor's name, else "values").</param>
    /// <param name="bins">The number of bins, ≥ 1.</param>
    /// <exception cref="ArgumentException">The tensor is empty or holds a NaN or infinity, or bins &lt; 1.</exception>
    public static Plot Create(Tensor values, string? title = null, int bins = 50)
    {
        ArgumentNullException.ThrowIfNull(values);
        var histogram = HistogramBins.Compute(values.ToArray<float>(), bins);
        var plot = new Plot();
        var bars = histogram.Counts.Select((count, i) => new Bar
        {
            Position = (histogram.Edges[i] + histogram.Edges[i + 1]) / 2,
            Value = count,
            Size = histogram.Edges[i + 1] - histogram.Edges[i],
            LineWidth = 0,
        }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Margins(bottom: 0);
        plot.Title(title ?? values.Name ?? "values");
        plot.XLabel("value");
        plot.YLabel("count");
        return plot;
    }

    /// <summary>One histogram panel per weight of <paramref name="layer"/> (a model included: all its layers'
    /// weights), titled with the weight's name ("dense/kernel"), in a grid of up to three columns.</summary>
    /// <exception cref="ArgumentException">The layer has no weight yet (it is built on its first call), or a weight
    /// holds a NaN or infinity.</exception>
    public static Multiplot CreateForWeights(Layer layer, int bins = 50)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var weights = layer.Weights;
        if (weights.Count == 0)
            throw new ArgumentException($"HistogramPlot: {layer} has no weights; build it (call it once, or Fit) first.", nameof(layer));
        return Figures.Grid([.. weights.Select(w => Create(w, w.Name, bins))], 3);
    }

    /// <summary>Saves the histogram of <paramref name="values"/> as PNG or SVG (by the extension), atomically.</summary>
    /// <exception cref="ArgumentException">See <see cref="Create"/>, or the extension is not .png or .svg.</exception>
    public static void Save(Tensor values, string path, string? title = null, int bins = 50, int width = 800, int height = 500) =>
        PlotFile.Save(Create(values, title, bins), path, width, height);

    /// <summary>Saves the weight histograms of <paramref name="layer"/> (<see cref="CreateForWeights"/>), 320 pixels
    /// high per row of panels.</summary>
    /// <exception cref="ArgumentException">See <see cref="CreateForWeights"/>, or the extension is not .png or .svg.</exception>
    public static void SaveForWeights(Layer layer, string path, int bins = 50, int width = 1200)
    {
        var figure = CreateForWeights(layer, bins);
        PlotFile.Save(figure, path, width, 320 * Figures.Rows(figure.Subplots.Count, 3));
    }
}
