using DeepLearning.Serialization;
using ScottPlot;
using SkiaSharp;

namespace DeepLearning.Plotting;

/// <summary>Saves ScottPlot figures as PNG or SVG files, chosen by the file extension (<c>.png</c> or <c>.svg</c>,
/// any case). Every file is written atomically through <see cref="AtomicFile"/> (a temporary file in the same folder,
/// flushed, then renamed over the target), so a crash mid-save leaves the previous file intact.</summary>
public static class PlotFile
{
    /// <summary>The largest width or height accepted, in pixels (a 16384 × 16384 RGBA image is 1 GiB).</summary>
    public const int MaxSize = 16384;

    /// <summary>Renders <paramref name="plot"/> at <paramref name="width"/> × <paramref name="height"/> pixels and
    /// saves it as PNG or SVG (by the extension of <paramref name="path"/>).</summary>
    /// <exception cref="ArgumentException">The extension is neither .png nor .svg, or the path is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">width or height is outside [1, <see cref="MaxSize"/>].</exception>
    public static void Save(Plot plot, string path, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        bool svg = IsSvg(path, width, height);
        if (svg) AtomicFile.WriteAllText(path, plot.GetSvgXml(width, height));
        else AtomicFile.WriteAllBytes(path, plot.GetImageBytes(width, height, ImageFormat.Png));
    }

    /// <summary>Renders a figure of several panels (<see cref="Multiplot"/>) and saves it as PNG or SVG.</summary>
    /// <exception cref="ArgumentException">The extension is neither .png nor .svg, or the path is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">width or height is outside [1, <see cref="MaxSize"/>].</exception>
    public static void Save(Multiplot figure, string path, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(figure);
        bool svg = IsSvg(path, width, height);
        if (svg)
        {
            AtomicFile.Write(path, stream =>
            {
                using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), stream))
                    figure.Render(canvas, new PixelRect(0, width, height, 0));
            });
        }
        else
        {
            var image = figure.Render(width, height);
            AtomicFile.WriteAllBytes(path, image.GetImageBytes(ImageFormat.Png));
        }
    }

    private static bool IsSvg(string path, int width, int height)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (width is < 1 or > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(width), width, $"PlotFile: the width must be in [1, {MaxSize}] pixels.");
        if (height is < 1 or > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(height), height, $"PlotFile: the height must be in [1, {MaxSize}] pixels.");
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".svg" => true,
            ".png" => false,
            _ => throw new ArgumentException($"PlotFile: '{path}' must end in .png or .svg (got '{extension}').", nameof(path)),
        };
    }
}
