namespace DeepLearning.Samples.UNet;

/// <summary>Writes a grid of 64×64 tiles (grey images and colour-coded 3-class masks) as an 8-bit RGB PNG.</summary>
public static class PngGrid
{
    /// <summary>Mask colours: background dark blue, interior yellow, border red.</summary>
    private static readonly byte[][] Palette = [[30, 40, 90], [240, 220, 60], [220, 40, 40]];

    /// <summary>One tile: a grey image (values in [0, 1]) or a mask (class indices), row-major 64×64.</summary>
    public abstract record Tile;

    /// <summary>A grey image tile.</summary>
    public sealed record ImageTile(float[] Pixels) : Tile;

    /// <summary>A mask tile.</summary>
    public sealed record MaskTile(int[] Classes) : Tile;

    /// <summary>Saves rows of tiles, each pixel drawn as a <paramref name="scale"/>×<paramref name="scale"/> block with a
    /// 2-pixel white gap between tiles.</summary>
    public static void Save(string path, IReadOnlyList<IReadOnlyList<Tile>> rows, int scale = 2)
    {
        const int s = ShapesDataset.Size, gap = 2;
        int columns = rows.Max(r => r.Count);
        int tile = s * scale, width = columns * (tile + gap) + gap, height = rows.Count * (tile + gap) + gap;
        var rgb = new byte[width * height * 3];
        Array.Fill(rgb, (byte)255);
        for (int r = 0; r < rows.Count; r++)
            for (int c = 0; c < rows[r].Count; c++)
                for (int y = 0; y < tile; y++)
                    for (int x = 0; x < tile; x++)
                    {
                        int p = (y / scale) * s + x / scale;
                        byte[] colour = rows[r][c] switch
                        {
                            ImageTile image => Grey(image.Pixels[p]),
                            MaskTile mask => Palette[mask.Classes[p]],
                            _ => throw new ArgumentException("PngGrid: unknown tile."),
                        };
                        int o = ((gap + r * (tile + gap) + y) * width + gap + c * (tile + gap) + x) * 3;
                        colour.CopyTo(rgb, o);
                    }
        PngWriter.WriteRgb(path, width, height, rgb);
    }

    private static byte[] Grey(float v)
    {
        byte b = PngWriter.ToByte(v);
        return [b, b, b];
    }
}
