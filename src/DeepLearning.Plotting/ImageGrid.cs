using System.Globalization;
using ScottPlot;
using ScottPlot.Plottables;

namespace DeepLearning.Plotting;

/// <summary>Grids of images: a batch of examples with their predicted and true labels (wrong predictions marked by a
/// red frame and a red caption, as the course's "which ones does it get wrong" figures), or any rows of
/// <see cref="ImageTile"/>s (an input next to its masks, a style-transfer strip). Each image pixel becomes
/// <c>scale</c> × <c>scale</c> output pixels, without smoothing.</summary>
/// <remarks>The plot is in image-pixel coordinates: tile (r, c) of size h × w covers x ∈ [c·(W + g), c·(W + g) + w]
/// and y ∈ [−top − h, −top] with top = r·(H + g + captionHeight) + captionHeight, where W × H is the largest tile,
/// g = 2 the gap and the caption band is 14 output pixels (14 / scale image pixels) per line of the longest caption.</remarks>
public static class ImageGrid
{
    private const double Gap = 2;
    private const double CaptionLinePixels = 14;

    /// <summary>Builds the grid plot of <paramref name="rows"/> (frameless, axes hidden).</summary>
    /// <param name="rows">The tiles, row by row; rows may differ in length.</param>
    /// <param name="scale">Output pixels per image pixel, in [1, 64].</param>
    /// <exception cref="ArgumentException">No tile, or a tile is invalid (see <see cref="ImageTile"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">scale is outside [1, 64].</exception>
    public static Plot Create(IReadOnlyList<IReadOnlyList<ImageTile>> rows, int scale = 3)
    {
        var layout = Measure(rows, scale);
        var plot = new Plot();
        for (int r = 0; r < rows.Count; r++)
            for (int c = 0; c < rows[r].Count; c++)
            {
                var tile = rows[r][c];
                double left = c * (layout.TileWidth + Gap), top = -(r * (layout.TileHeight + Gap + layout.Caption) + layout.Caption);
                var rect = new CoordinateRect(left, left + tile.Width, top - tile.Height, top);
                ImageRect image = plot.Add.ImageRect(new Image(tile.ToRgbBytes()), rect);
                image.AntiAlias = false;
                if (tile.Marked)
                {
                    var frame = plot.Add.Rectangle(rect.Left, rect.Right, rect.Bottom, rect.Top);
                    frame.FillStyle.Color = Colors.Transparent;
                    frame.LineColor = Colors.Red;
                    frame.LineWidth = 3;
                }
                if (tile.Caption is not null)
                {
                    Text caption = plot.Add.Text(tile.Caption, left + tile.Width / 2.0, top);
                    caption.Alignment = Alignment.LowerCenter;
                    caption.LabelFontSize = 11;
                    caption.LabelFontColor = tile.Marked ? Colors.Red : Colors.Black;
                }
            }
        plot.Layout.Frameless();
        plot.HideAxesAndGrid();
        plot.Axes.SetLimits(0, layout.Right, layout.Bottom, 0);
        return plot;
    }

    /// <summary>Builds a grid of the first images of a batch, each captioned with its predicted class on the first
    /// line and its true class on the second (<c>"Shirt\n(T-shirt)"</c>); wrong predictions are marked.</summary>
    /// <param name="images">A float batch (N, H, W), (N, H, W, 1) or (N, H, W, 3) with values in [0, 1].</param>
    /// <param name="predicted">The predicted class of each image (N values).</param>
    /// <param name="truth">The true class of each image (N values).</param>
    /// <param name="classNames">Class names in label order; null writes the class numbers.</param>
    /// <param name="columns">Tiles per row, ≥ 1.</param>
    /// <param name="maxImages">At most this many images (the first ones), ≥ 1.</param>
    /// <param name="scale">Output pixels per image pixel, in [1, 64].</param>
    /// <exception cref="ArgumentException">The batch is not (N, H, W[, 1 or 3]), the label lists do not have N
    /// values, a label is negative or has no class name, or columns or maxImages is below 1.</exception>
    public static Plot Create(Tensor images, IReadOnlyList<int> predicted, IReadOnlyList<int> truth, IReadOnlyList<string>? classNames = null,
        int columns = 8, int maxImages = 32, int scale = 4) =>
        Create(PredictionTiles(images, predicted, truth, classNames, columns, maxImages), scale);

    /// <summary>Saves <see cref="Create(IReadOnlyList{IReadOnlyList{ImageTile}}, int)"/> as PNG or SVG (by the
    /// extension), atomically, at the size that gives each image pixel scale × scale output pixels.</summary>
    /// <exception cref="ArgumentException">No tile, an invalid tile, or the extension is not .png or .svg.</exception>
    public static void Save(string path, IReadOnlyList<IReadOnlyList<ImageTile>> rows, int scale = 3)
    {
        var layout = Measure(rows, scale);
        PlotFile.Save(Create(rows, scale), path, layout.PixelWidth, layout.PixelHeight);
    }

    /// <summary>Saves the prediction grid of <see cref="Create(Tensor, IReadOnlyList{int}, IReadOnlyList{int}, IReadOnlyList{string}?, int, int, int)"/>.</summary>
    /// <exception cref="ArgumentException">See that method, or the extension is not .png or .svg.</exception>
    public static void Save(string path, Tensor images, IReadOnlyList<int> predicted, IReadOnlyList<int> truth, IReadOnlyList<string>? classNames = null,
        int columns = 8, int maxImages = 32, int scale = 4) =>
        Save(path, PredictionTiles(images, predicted, truth, classNames, columns, maxImages), scale);

    /// <summary>The tiles of a prediction grid, <paramref name="columns"/> per row.</summary>
    /// <exception cref="ArgumentException">See <see cref="Create(Tensor, IReadOnlyList{int}, IReadOnlyList{int}, IReadOnlyList{string}?, int, int, int)"/>.</exception>
    public static IReadOnlyList<IReadOnlyList<ImageTile>> PredictionTiles(Tensor images, IReadOnlyList<int> predicted, IReadOnlyList<int> truth,
        IReadOnlyList<string>? classNames = null, int columns = 8, int maxImages = 32)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        var shape = images.Shape;
        if (shape.Rank is not (3 or 4) || (shape.Rank == 4 && shape[3] is not (1 or 3)))
            throw new ArgumentException($"ImageGrid: images must be (N, H, W), (N, H, W, 1) or (N, H, W, 3); got {shape}.", nameof(images));
        int n = shape[0], h = shape[1], w = shape[2], channels = shape.Rank == 4 ? shape[3] : 1;
        if (predicted.Count != n || truth.Count != n)
            throw new ArgumentException($"ImageGrid: {n} images but {predicted.Count} predicted and {truth.Count} true labels.", nameof(predicted));
        if (columns < 1) throw new ArgumentException($"ImageGrid: columns must be ≥ 1; got {columns}.", nameof(columns));
        if (maxImages < 1) throw new ArgumentException($"ImageGrid: maxImages must be ≥ 1; got {maxImages}.", nameof(maxImages));
        string Name(int label, string which)
        {
            if (label < 0 || (classNames is not null && label >= classNames.Count))
                throw new ArgumentException($"ImageGrid: {which} label {label} has no class name ({classNames?.Count ?? 0} names).", which);
            return classNames is null ? label.ToString(CultureInfo.InvariantCulture) : classNames[label];
        }
        int count = Math.Min(n, maxImages), per = h * w * channels;
        var pixels = images.Narrow(0, 0, count).ToArray<float>();
        var rows = new List<IReadOnlyList<ImageTile>>();
        for (int i = 0; i < count; i++)
        {
            if (i % columns == 0) rows.Add(new List<ImageTile>());
            string p = Name(predicted[i], nameof(predicted)), t = Name(truth[i], nameof(truth));
            var tile = new ImageTile(pixels[(i * per)..((i + 1) * per)], h, w, channels, $"{p}\n({t})", predicted[i] != truth[i]);
            ((List<ImageTile>)rows[^1]).Add(tile);
        }
        return rows;
    }

    private sealed record Layout(double TileWidth, double TileHeight, double Caption, double Right, double Bottom, int PixelWidth, int PixelHeight);

    private static Layout Measure(IReadOnlyList<IReadOnlyList<ImageTile>> rows, int scale)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (scale is < 1 or > 64) throw new ArgumentOutOfRangeException(nameof(scale), scale, "ImageGrid: scale must be in [1, 64].");
        if (rows.Count == 0 || rows.All(r => r is null || r.Count == 0)) throw new ArgumentException("ImageGrid: no tile to draw.", nameof(rows));
        for (int r = 0; r < rows.Count; r++)
        {
            if (rows[r] is null) throw new ArgumentException($"ImageGrid: row {r} is null.", nameof(rows));
            for (int c = 0; c < rows[r].Count; c++) rows[r][c].Validate($"tile ({r}, {c})");
        }
        var all = rows.SelectMany(r => r).ToArray();
        double tileWidth = all.Max(t => t.Width), tileHeight = all.Max(t => t.Height);
        int lines = all.Max(t => t.Caption is null ? 0 : t.Caption.Split('\n').Length);
        double caption = lines * CaptionLinePixels / scale;
        int columns = rows.Max(r => r.Count);
        double right = columns * (tileWidth + Gap) - Gap, bottom = -(rows.Count * (tileHeight + Gap + caption) - Gap);
        int pixelWidth = (int)Math.Ceiling(right * scale), pixelHeight = (int)Math.Ceiling(-bottom * scale);
        if (pixelWidth > PlotFile.MaxSize || pixelHeight > PlotFile.MaxSize)
            throw new ArgumentException($"ImageGrid: the grid would be {pixelWidth} × {pixelHeight} pixels, above {PlotFile.MaxSize}; draw fewer tiles or a smaller scale.", nameof(rows));
        return new Layout(tileWidth, tileHeight, caption, right, bottom, pixelWidth, pixelHeight);
    }
}
