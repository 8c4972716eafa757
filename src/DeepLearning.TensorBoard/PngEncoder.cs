using System.Buffers.Binary;
using System.IO.Compression;

namespace DeepLearning.TensorBoard;

/// <summary>Encodes 8-bit images as PNG (ISO/IEC 15948: signature, IHDR, one zlib IDAT with filter type 0 on every
/// row, IEND), the format TensorBoard's image dashboard shows.</summary>
internal static class PngEncoder
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>PNG colour type for 1 (gray), 2 (gray + alpha), 3 (RGB) and 4 (RGBA) channels.</summary>
    public static byte ColourType(int channels) => channels switch
    {
        1 => 0,
        2 => 4,
        3 => 2,
        4 => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(channels), channels, "PngEncoder: an image has 1, 2, 3 or 4 channels."),
    };

    /// <summary>Encodes row-major interleaved pixels (height rows of width·channels bytes).</summary>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int height, int width, int channels)
    {
        byte colourType = ColourType(channels);
        int stride = width * channels;
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                z.WriteByte(0); // filter: none
                z.Write(pixels.Slice(y * stride, stride));
            }
        }
        var png = new MemoryStream();
        png.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = colourType;
        header[10] = header[11] = header[12] = 0; // deflate, adaptive filtering, no interlace
        Chunk(png, "IHDR"u8, header);
        Chunk(png, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        Chunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(type);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Png.Update(Crc32.Png.Compute(type), data));
        png.Write(word);
    }
}
