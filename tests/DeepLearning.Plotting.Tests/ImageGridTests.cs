using DeepLearning.Data;
using ScottPlot.Plottables;

namespace DeepLearning.Plotting.Tests;

public sealed class ImageGridTests : FileWritingTests
{
    // Three uniform 2 × 2 gray images: 0.2, 0.6, 1.0 (bytes round(255 v) = 51, 153, 255).
    private static Tensor Batch() => Tensor.FromArray(
        new float[] { .2f, .2f, .2f, .2f, .6f, .6f, .6f, .6f, 1f, 1f, 1f, 1f }, [3, 2, 2, 1]);

    private static readonly string[] Names = ["zero", "one", "two"];

    [Fact]
    public void TilesCarryTheImagesAndTheLabelsWithWrongOnesMarked()
    {
        var plot = ImageGrid.Create(Batch(), predicted: [0, 1, 2], truth: [0, 2, 2], Names);
        var images = plot.GetPlottables<ImageRect>().ToArray();
        Assert.Equal(3, images.Length);
        byte[] expected = [51, 153, 255];
        for (int i = 0; i < 3; i++)
        {
            var rgb = images[i].Image!.GetArrayRGB();
            Assert.Equal(2, rgb.GetLength(0));
            Assert.Equal(2, rgb.GetLength(1));
            foreach (var b in rgb) Assert.Equal(expected[i], b);
        }
        var captions = plot.GetPlottables<Text>().ToArray();
        Assert.Equal(["zero\n(zero)", "one\n(two)", "two\n(two)"], captions.Select(c => c.LabelText));
        Assert.Equal([false, true, false], captions.Select(c => c.LabelFontColor == ScottPlot.Colors.Red));
        var frame = Assert.Single(plot.GetPlottables<Rectangle>());
        Assert.Equal(images[1].Rect, frame.CoordinateRect);
    }

    [Fact]
    public void PngHasTheComputedSizeAndTheTilesAtTheirPlaces()
    {
        // scale 10: tiles 2 px + gap 2 px → width (3·4 − 2)·10 = 100; two caption lines of 14 px → height (2 + 2.8)·10 = 48.
        var path = Path.Combine(Dir, "grid.png");
        ImageGrid.Save(path, Batch(), [0, 1, 2], [0, 2, 2], Names, scale: 10);
        ImageFiles.AssertPng(path, 100, 48);
        var pixels = ImageFile.Load(path, channels: 3);    // the core's own PNG decoder
        float[] expected = [.2f, .6f, 1f];
        for (int i = 0; i < 3; i++)
        {
            // The centre of tile i: x = 40·i + 10, y = 28 + 10; away from the red frame of tile 1.
            for (int k = 0; k < 3; k++)
                Assert.Equal(expected[i], pixels[38, 40 * i + 10, k].Item(), 0.01);
        }
        var svg = Path.Combine(Dir, "grid.svg");
        ImageGrid.Save(svg, Batch(), [0, 1, 2], [0, 2, 2], Names, scale: 10);
        ImageFiles.AssertSvg(svg, 100, 48);
    }

    [Fact]
    public void RowsOfTilesMixGrayAndColour()
    {
        var rows = new List<IReadOnlyList<ImageTile>>
        {
            new[] { new ImageTile([0f, 1f, 0.5f, 0.25f], 2, 2, 1), new ImageTile([1f, 0f, 0f, 0f, 0f, 1f], 1, 2, 3, "rgb") },
            new[] { new ImageTile([2f, -1f, float.NaN, 0.5f], 2, 2, 1) },
        };
        var plot = ImageGrid.Create(rows, scale: 4);
        var images = plot.GetPlottables<ImageRect>().ToArray();
        Assert.Equal(3, images.Length);
        var colour = images[1].Image!.GetArrayRGB();
        Assert.Equal(new byte[] { 255, 0, 0 }, new[] { colour[0, 0, 0], colour[0, 0, 1], colour[0, 0, 2] });
        Assert.Equal(new byte[] { 0, 0, 255 }, new[] { colour[0, 1, 0], colour[0, 1, 1], colour[0, 1, 2] });
        var clamped = images[2].Image!.GetArrayRGB();
        Assert.Equal(new byte[] { 255, 0, 0, 128 }, new[] { clamped[0, 0, 0], clamped[0, 1, 0], clamped[1, 0, 0], clamped[1, 1, 0] });
    }

    [Fact]
    public void BadInputIsRejected()
    {
        var lengths = Assert.Throws<ArgumentException>(() => ImageGrid.Create(Batch(), [0, 1], [0, 1, 2]));
        Assert.Contains("3 images but 2 predicted and 3 true", lengths.Message, StringComparison.Ordinal);
        var shape = Assert.Throws<ArgumentException>(() => ImageGrid.Create(Tensor.Zeros([3, 2, 2, 2]), [0, 0, 0], [0, 0, 0]));
        Assert.Contains("(3, 2, 2, 2)", shape.Message.Replace("[", "(").Replace("]", ")"), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ImageGrid.Create(Batch(), [0, 1, 5], [0, 1, 2], Names));
        Assert.Throws<ArgumentException>(() => ImageGrid.Create(Batch(), [0, 1, 2], [0, 1, 2], columns: 0));
        Assert.Throws<ArgumentException>(() => ImageGrid.Create([]));
        var tile = Assert.Throws<ArgumentException>(() => ImageGrid.Create([[new ImageTile(new float[3], 2, 2, 1)]]));
        Assert.Contains("3 values, not 2 × 2 × 1", tile.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Create(Batch(), [0, 1, 2], [0, 1, 2], scale: 0));
    }
}
