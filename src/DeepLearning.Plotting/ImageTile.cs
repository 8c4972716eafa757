namespace DeepLearning.Plotting;

/// <summary>One tile of an <see cref="ImageGrid"/>: an image (row-major height × width × channels values in [0, 1],
/// HWC as the library's NHWC batches; 1 channel is gray, 3 are RGB), an optional caption drawn above it, and a mark
/// (a red frame and a red caption) for the tiles to notice, such as wrong predictions.</summary>
/// <param name="Pixels">height · width · channels values; values outside [0, 1] are clamped, NaN is drawn black.</param>
/// <param name="Height">The image height in pixels.</param>
/// <param name="Width">The image width in pixels.</param>
/// <param name="Channels">1 (gray) or 3 (RGB).</param>
/// <param name="Caption">Text above the tile, or null.</param>
/// <param name="Marked">Draw a red frame and a red caption.</param>
public sealed record ImageTile(float[] Pixels, int Height, int Width, int Channels, string? Caption = null, bool Marked = false)
{
    /// <summary>Checks the tile: a size ≥ 1, 1 or 3 channels and height · width · channels pixels.</summary>
    /// <exception cref="ArgumentException">It is not a valid tile.</exception>
    internal void Validate(string where)
    {
        if (Pixels is null) throw new ArgumentException($"ImageGrid: {where} has no pixels.");
        if (Height < 1 || Width < 1 || Channels is not (1 or 3))
            throw new ArgumentException($"ImageGrid: {where} is {Height} × {Width} × {Channels}; a tile needs a size ≥ 1 and 1 (gray) or 3 (RGB) channels.");
        if (Pixels.Length != (long)Height * Width * Channels)
            throw new ArgumentException($"ImageGrid: {where} holds {Pixels.Length} values, not {Height} × {Width} × {Channels} = {(long)Height * Width * Channels}.");
    }

    /// <summary>The image as 8-bit RGB, indexed [row, column, channel]: round(255 · clamp(v, 0, 1)).</summary>
    internal byte[,,] ToRgbBytes()
    {
        var rgb = new byte[Height, Width, 3];
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                for (int k = 0; k < 3; k++)
                {
                    float v = Pixels[(y * Width + x) * Channels + (Channels == 1 ? 0 : k)];
                    rgb[y, x, k] = float.IsNaN(v) ? (byte)0 : (byte)MathF.Round(255 * Math.Clamp(v, 0f, 1f));
                }
        return rgb;
    }
}
