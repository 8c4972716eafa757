using ScottPlot;
using ScottPlot.Plottables;

namespace DeepLearning.Plotting.Tests;

public sealed class ConfusionMatrixPlotTests : FileWritingTests
{
    // Six examples counted by hand: (true, predicted) = (0,0) (0,1) (1,1) (2,2) (2,0) (2,2).
    private static readonly int[] True = [0, 0, 1, 2, 2, 2];
    private static readonly int[] Predicted = [0, 1, 1, 2, 0, 2];
    private static readonly double[,] Expected = { { 1, 1, 0 }, { 0, 1, 0 }, { 1, 0, 2 } };
    private static readonly string[] Names = ["cat", "dog", "bird"];

    [Fact]
    public void CountsAreTheHandCountedMatrix() =>
        Assert.Equal(Expected, ConfusionMatrixPlot.Count(True, Predicted, 3));

    [Fact]
    public void CellsShowTheCountsWithTrueClassesDownAndPredictedAcross()
    {
        var plot = ConfusionMatrixPlot.Create(True, Predicted, Names);
        var heatmap = Assert.Single(plot.GetPlottables<Heatmap>());
        Assert.Equal(Expected, heatmap.Intensities);
        plot.GetImage(600, 500);
        var texts = plot.GetPlottables<Text>().ToArray();
        Assert.Equal(9, texts.Length);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                // ScottPlot's own coordinate lookup finds cell [i, j] where the class doc says it is drawn.
                var centre = new Coordinates(j, 2 - i);
                Assert.Equal(Expected[i, j], heatmap.GetValue(centre));
                var label = Assert.Single(texts, t => t.Location == centre);
                Assert.Equal(Expected[i, j].ToString(System.Globalization.CultureInfo.InvariantCulture), label.LabelText);
            }
        Assert.Equal(Names, plot.Axes.Bottom.TickGenerator.Ticks.OrderBy(t => t.Position).Select(t => t.Label));
        Assert.Equal(Names.Reverse(), plot.Axes.Left.TickGenerator.Ticks.OrderBy(t => t.Position).Select(t => t.Label));
    }

    [Fact]
    public void EachCellIsPaintedWhereItsLabelIs()
    {
        // Viridis runs from (68, 1, 84) at 0 to (253, 231, 37) at the maximum (matplotlib's _cm_listed.py table).
        var plot = ConfusionMatrixPlot.Create(Expected, Names);
        var rgb = plot.GetImage(600, 500).GetArrayRGB();
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                if (Expected[i, j] is not (0 or 2)) continue;
                byte[] colour = Expected[i, j] == 0 ? [68, 1, 84] : [253, 231, 37];
                // A point a third of a cell from the centre, clear of the count drawn there.
                var pixel = plot.GetPixel(new Coordinates(j + 0.3, 2 - i + 0.3));
                for (int c = 0; c < 3; c++)
                    Assert.True(Math.Abs(rgb[(int)pixel.Y, (int)pixel.X, c] - colour[c]) <= 12,
                        $"cell [{i}, {j}] channel {c}: {rgb[(int)pixel.Y, (int)pixel.X, c]}, Viridis gives {colour[c]}");
            }
    }

    [Fact]
    public void WeightedCountsKeepTheirFraction()
    {
        var plot = ConfusionMatrixPlot.Create(new double[,] { { 2.5, 0 }, { 1, 3 } });
        Assert.Contains(plot.GetPlottables<Text>(), t => t.LabelText == "2.5");
    }

    [Fact]
    public void PngAndSvgHaveTheRequestedSize()
    {
        var png = Path.Combine(Dir, "cm.png");
        var svg = Path.Combine(Dir, "cm.svg");
        ConfusionMatrixPlot.Save(Expected, png, Names, width: 420, height: 380);
        ConfusionMatrixPlot.Save(Expected, svg, Names, width: 420, height: 380);
        ImageFiles.AssertPng(png, 420, 380);
        ImageFiles.AssertSvg(svg, 420, 380);
    }

    [Fact]
    public void BadInputIsRejected()
    {
        var square = Assert.Throws<ArgumentException>(() => ConfusionMatrixPlot.Create(new double[2, 3]));
        Assert.Contains("2 × 3", square.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ConfusionMatrixPlot.Create(new double[0, 0]));
        var names = Assert.Throws<ArgumentException>(() => ConfusionMatrixPlot.Create(Expected, ["a", "b"]));
        Assert.Contains("2 class names for a 3 × 3", names.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ConfusionMatrixPlot.Create(new double[,] { { 1, -1 }, { 0, 0 } }));
        Assert.Throws<ArgumentException>(() => ConfusionMatrixPlot.Create(new double[,] { { 1, double.NaN }, { 0, 0 } }));
        var lengths = Assert.Throws<ArgumentException>(() => ConfusionMatrixPlot.Create([0, 1], [0], Names));
        Assert.Contains("2 true labels and 1 predicted", lengths.Message, StringComparison.Ordinal);
        var range = Assert.Throws<ArgumentException>(() => ConfusionMatrixPlot.Create([0, 3], [0, 1], Names));
        Assert.Contains("label 3 at index 1", range.Message, StringComparison.Ordinal);
    }
}
