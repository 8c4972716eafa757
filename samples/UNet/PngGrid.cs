using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

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
        Write(path, width, height, rgb);
    }

    private static byte[] Grey(float v)
    {
        byte b = (byte)Math.Clamp((int)Math.Round(v * 255), 0, 255);
        return [b, b, b];
    }

    private static void Write(string path, int width, int height, byte[] rgb)
    {
        var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            raw.Write(rgb, y * width * 3, width * 3);
        }
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true)) raw.WriteTo(z);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = File.Create(path);
        file.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // colour type: RGB
        Chunk(file, "IHDR", header);
        Chunk(file, "IDAT", compressed.ToArray());
        Chunk(file, "IEND", []);
    }

    private static void Chunk(Stream file, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        file.Write(length);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        file.Write(typeBytes);
        file.Write(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32([.. typeBytes, .. data]));
        file.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
