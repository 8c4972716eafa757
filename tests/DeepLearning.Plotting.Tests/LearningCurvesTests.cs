using DeepLearning.Models.Callbacks;
using ScottPlot;
using ScottPlot.Plottables;

namespace DeepLearning.Plotting.Tests;

public sealed class LearningCurvesTests : FileWritingTests
{
    private static readonly double[] Loss = [2.31, 1.02, 0.71, 0.55];
    private static readonly double[] ValLoss = [1.50, 0.98, 0.80, 0.83];
    private static readonly double[] Accuracy = [0.31, 0.64, 0.75, 0.81];
    private static readonly double[] ValAccuracy = [0.52, 0.66, 0.72, 0.71];

    private static History MakeHistory()
    {
        var history = new History();
        for (int e = 0; e < Loss.Length; e++)
            history.OnEpochEnd(e, new Logs { ["loss"] = Loss[e], ["accuracy"] = Accuracy[e], ["val_loss"] = ValLoss[e], ["val_accuracy"] = ValAccuracy[e] });
        return history;
    }

    private static (double[] X, double[] Y) Points(Scatter scatter)
    {
        var points = scatter.Data.GetScatterPoints();
        return ([.. points.Select(p => p.X)], [.. points.Select(p => p.Y)]);
    }

    private static void AssertPoints(Scatter scatter, double[] x, double[] y)
    {
        var (actualX, actualY) = Points(scatter);
        Assert.Equal(x, actualX);
        Assert.Equal(y, actualY);
    }

    [Fact]
    public void EachQuantityIsAPanelWhoseSeriesAreTheHistoryValues()
    {
        var figure = LearningCurves.Create(MakeHistory());
        Assert.Equal(["loss", "accuracy"], LearningCurves.Quantities(MakeHistory()));
        Assert.Equal(2, figure.Subplots.Count);
        var expected = new[] { (Loss, ValLoss), (Accuracy, ValAccuracy) };
        for (int p = 0; p < 2; p++)
        {
            var scatters = figure.GetPlot(p).GetPlottables<Scatter>().ToArray();
            Assert.Equal(2, scatters.Length);
            Assert.Equal(LearningCurves.TrainLabel, scatters[0].LegendText);
            Assert.Equal(LearningCurves.ValidationLabel, scatters[1].LegendText);
            var (x, train) = Points(scatters[0]);
            var (_, validation) = Points(scatters[1]);
            Assert.Equal([1.0, 2, 3, 4], x);
            Assert.Equal(expected[p].Item1, train);
            Assert.Equal(expected[p].Item2, validation);
        }
    }

    [Fact]
    public void NonFiniteValuesAreLeftOutAndTheRestKeepTheirEpochs()
    {
        var history = new History();
        history.OnEpochEnd(0, new Logs { ["loss"] = 1.5 });
        history.OnEpochEnd(1, new Logs { ["loss"] = double.NaN });
        history.OnEpochEnd(2, new Logs { ["loss"] = 0.5, ["val_loss"] = 0.25 });
        var plot = LearningCurves.Create(history).GetPlot(0);
        var scatters = plot.GetPlottables<Scatter>().ToArray();
        AssertPoints(scatters[0], [1.0, 3], [1.5, 0.5]);
        AssertPoints(scatters[1], [3.0], [0.25]);
    }

    [Fact]
    public void TheLegendIsInAPanelRightOfTheDataArea()
    {
        var figure = LearningCurves.Create(MakeHistory());
        figure.Render(1200, 400);
        foreach (var plot in figure.GetPlots())
        {
            Assert.False(plot.Legend.IsVisible);   // no legend drawn inside the data area
            var panel = Assert.Single(plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>());
            Assert.Equal(Edge.Right, panel.Edge);
            var data = plot.RenderManager.LastRender.DataRect;
            var figureRect = plot.RenderManager.LastRender.FigureRect;
            // The panel's width is reserved between the data area and the right edge of the panel's figure.
            using var paint = Paint.NewDisposablePaint();
            float legendWidth = panel.Measure(paint);
            Assert.True(legendWidth > 20, $"legend panel width {legendWidth}");
            Assert.True(figureRect.Right - data.Right >= legendWidth, $"data area ends at {data.Right}, figure at {figureRect.Right}, legend {legendWidth} wide");
            foreach (var scatter in plot.GetPlottables<Scatter>())
                foreach (var point in scatter.Data.GetScatterPoints())
                    Assert.True(plot.GetPixel(point).X <= data.Right + 0.5);
        }
    }

    [Fact]
    public void PngHasTheRequestedSize()
    {
        var path = Path.Combine(Dir, "curves.png");
        LearningCurves.Save(MakeHistory(), path, width: 640, height: 300);
        ImageFiles.AssertPng(path, 640, 300);
        Assert.Equal(["curves.png"], Directory.GetFiles(Dir).Select(Path.GetFileName));
    }

    [Fact]
    public void SvgParsesAndHasTheRequestedSize()
    {
        var path = Path.Combine(Dir, "curves.svg");
        LearningCurves.Save(MakeHistory(), path, width: 700, height: 0);
        var svg = ImageFiles.AssertSvg(path, 700, 360);
        Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "path");
    }

    [Fact]
    public void NamedCurvesKeepTheirValues()
    {
        var curves = new Dictionary<string, IReadOnlyList<double>> { ["SGD"] = [0.9, 0.5], ["Adam"] = [0.8, 0.1, 0.01] };
        var plot = LearningCurves.Create(curves, "optimizers", "loss");
        var scatters = plot.GetPlottables<Scatter>().ToArray();
        Assert.Equal(["SGD", "Adam"], scatters.Select(s => s.LegendText));
        AssertPoints(scatters[0], [1.0, 2], [0.9, 0.5]);
        var log = LearningCurves.Create(curves, "optimizers", "loss", logY: true).GetPlottables<Scatter>().ToArray();
        Assert.Equal([-1.0, -2.0], Points(log[1]).Y[1..], new ToleranceComparer(1e-12));
        var path = Path.Combine(Dir, "named.svg");
        LearningCurves.Save(curves, path, "optimizers", "loss", width: 500, height: 400);
        ImageFiles.AssertSvg(path, 500, 400);
    }

    [Fact]
    public void BadInputIsRejected()
    {
        var empty = Assert.Throws<ArgumentException>(() => LearningCurves.Create(new History()));
        Assert.Contains("no epoch", empty.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LearningCurves.Create(new Dictionary<string, IReadOnlyList<double>>(), "t", "y"));
        Assert.Throws<ArgumentException>(() => LearningCurves.Create(new Dictionary<string, IReadOnlyList<double>> { ["a"] = [] }, "t", "y"));
        var extension = Assert.Throws<ArgumentException>(() => LearningCurves.Save(MakeHistory(), Path.Combine(Dir, "curves.jpg")));
        Assert.Contains(".png or .svg", extension.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningCurves.Save(MakeHistory(), Path.Combine(Dir, "c.png"), width: 0));
        Assert.Empty(Directory.GetFiles(Dir));
    }

    [Fact]
    public void ASaveReplacesTheFileAtomically()
    {
        var path = Path.Combine(Dir, "curves.png");
        File.WriteAllText(path, "previous");
        LearningCurves.Save(MakeHistory(), path, width: 300, height: 200);
        ImageFiles.AssertPng(path, 300, 200);
        Assert.Single(Directory.GetFiles(Dir));    // no temporary left behind
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
