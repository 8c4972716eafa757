using DeepLearning.Layers;
using ScottPlot;
using ScottPlot.Plottables;

namespace DeepLearning.Plotting.Tests;

public sealed class HistogramPlotTests : FileWritingTests
{
    [Fact]
    public void BinsFollowNumpyHistogram()
    {
        // numpy.histogram([0, .5, 1, 1, 2], 4) → counts [1, 1, 2, 1], edges [0, .5, 1, 1.5, 2] (last bin closed).
        var h = HistogramBins.Compute([0f, .5f, 1f, 1f, 2f], 4);
        Assert.Equal([0, .5, 1, 1.5, 2], h.Edges);
        Assert.Equal([1L, 1, 2, 1], h.Counts);
        // numpy.histogram([3, 3, 3], 2) → counts [0, 3], edges [2.5, 3, 3.5].
        var equal = HistogramBins.Compute([3f, 3f, 3f], 2);
        Assert.Equal([2.5, 3, 3.5], equal.Edges);
        Assert.Equal([0L, 3], equal.Counts);
        // numpy.histogram([-0.1, 0.2, 0.3, 0.7], 3): edges −0.1, 0.166…, 0.433…, 0.7 → counts [1, 2, 1].
        Assert.Equal([1L, 2, 1], HistogramBins.Compute([-0.1f, 0.2f, 0.3f, 0.7f], 3).Counts);
    }

    [Fact]
    public void BarsSpanTheBinsWithTheirCounts()
    {
        var plot = HistogramPlot.Create(Tensor.FromArray(new float[] { 0f, .5f, 1f, 1f, 2f }), "w", bins: 4);
        var bars = Assert.Single(plot.GetPlottables<BarPlot>()).Bars;
        Assert.Equal([0.25, 0.75, 1.25, 1.75], bars.Select(b => b.Position));
        Assert.Equal([1.0, 1, 2, 1], bars.Select(b => b.Value));
        Assert.All(bars, b => Assert.Equal(0.5, b.Size));
    }

    [Fact]
    public void WeightHistogramsHaveOnePanelPerWeight()
    {
        var dense = new Dense(3);
        dense.Call(Tensor.Zeros([1, 4]));
        var figure = HistogramPlot.CreateForWeights(dense, bins: 5);
        Assert.Equal(2, figure.Subplots.Count);
        var kernel = Assert.Single(figure.GetPlot(0).GetPlottables<BarPlot>()).Bars;
        Assert.Equal(12.0, kernel.Sum(b => b.Value));
        var bias = Assert.Single(figure.GetPlot(1).GetPlottables<BarPlot>()).Bars;
        Assert.Equal(3.0, bias.Sum(b => b.Value));
        var path = Path.Combine(Dir, "weights.png");
        HistogramPlot.SaveForWeights(dense, path, width: 600);
        ImageFiles.AssertPng(path, 600, 320);
        var svg = Path.Combine(Dir, "activations.svg");
        HistogramPlot.Save(Tensor.FromArray(new float[] { 1, 2, 3 }), svg, width: 300, height: 200);
        ImageFiles.AssertSvg(svg, 300, 200);
    }

    [Fact]
    public void BadInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() => HistogramBins.Compute([], 3));
        Assert.Throws<ArgumentException>(() => HistogramBins.Compute([1f], 0));
        var nan = Assert.Throws<ArgumentException>(() => HistogramPlot.Create(Tensor.FromArray(new float[] { 1, float.NaN })));
        Assert.Contains("value 1 is NaN", nan.Message, StringComparison.Ordinal);
        var unbuilt = Assert.Throws<ArgumentException>(() => HistogramPlot.CreateForWeights(new Dense(2)));
        Assert.Contains("no weights", unbuilt.Message, StringComparison.Ordinal);
    }
}
