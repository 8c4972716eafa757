using System.Buffers.Binary;
using System.IO.Compression;

namespace DeepLearning.Data;

/// <summary>
/// A PNG decoder on the BCL only (zlib through <see cref="ZLibStream"/>), following the PNG specification
/// (W3C, 2nd edition): non-interlaced images of colour type 0 (gray), 2 (RGB), 3 (palette), 4 (gray + alpha) and
/// 6 (RGBA), at every bit depth the specification allows (1, 2, 4, 8 or 16). Samples are scaled to [0, 1] by
/// their maximum (2^depth − 1); palette entries by 255. Chunk CRCs are checked; ancillary chunks (gamma, tRNS,
/// text) are ignored.
/// </summary>
internal static class PngDecoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The largest width × height accepted (a guard against hostile headers).</summary>
    private const long MaxPixels = 1L << 28;

    public static bool IsPng(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    public static DecodedImage Decode(ReadOnlySpan<byte> data, string source)
    {
        if (!IsPng(data)) throw Bad(source, "it does not start with the PNG signature");
        int pos = Signature.Length;
        int width = 0, height = 0, depth = 0, colorType = -1;
        byte[]? palette = null;
        using var idat = new MemoryStream();
        bool sawEnd = false;
        while (!sawEnd)
        {
            if (pos + 12 > data.Length) throw Bad(source, "it is truncated (a chunk header or the IEND chunk is missing)");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            if (length > int.MaxValue || pos + 12 + (long)length > data.Length)
                throw Bad(source, $"it is truncated (a chunk of {length} bytes runs past the end of the file)");
            var typeAndData = data.Slice(pos + 4, 4 + (int)length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 8 + (int)length)..]);
            string type = System.Text.Encoding.ASCII.GetString(typeAndData[..4]);
            if (Crc32.Update(0, typeAndData) != crc) throw Bad(source, $"the CRC of its {type} chunk does not match (the file is corrupt)");
            var body = typeAndData[4..];
            switch (type)
            {
                case "IHDR":
                    if (body.Length != 13) throw Bad(source, "its IHDR chunk is not 13 bytes");
                    width = BinaryPrimitives.ReadInt32BigEndian(body);
                    height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                    depth = body[8];
                    colorType = body[9];
                    if (body[10] != 0 || body[11] != 0) throw Bad(source, "it uses an unknown compression or filter method");
                    if (body[12] != 0)
                        throw new NotSupportedException($"ImageFile: '{source}' is an interlaced (Adam7) PNG, which is not supported; save it non-interlaced.");
                    if (width <= 0 || height <= 0 || (long)width * height > MaxPixels)
                        throw Bad(source, $"its size {width} × {height} is invalid or too large");
                    break;
                case "PLTE":
                    palette = body.ToArray();
                    break;
                case "IDAT":
                    idat.Write(body);
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
            }
            pos += 12 + (int)length;
        }
        if (colorType < 0) throw Bad(source, "it has no IHDR chunk");
        int channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw Bad(source, $"colour type {colorType} is not defined") };
        bool depthOk = colorType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            _ => depth is 8 or 16,
        };
        if (!depthOk) throw Bad(source, $"bit depth {depth} is not allowed for colour type {colorType}");
        if (colorType == 3 && (palette is null || palette.Length % 3 != 0 || palette.Length == 0))
            throw Bad(source, "it is a palette image without a valid PLTE chunk");

        int bitsPerPixel = channels * depth;
        long strideLong = ((long)width * bitsPerPixel + 7) / 8;
        long expected = (strideLong + 1) * height;
        if (expected > int.MaxValue) throw Bad(source, "it is too large");
        int stride = (int)strideLong;
        var raw = new byte[expected];
        idat.Position = 0;
        try
        {
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            int got = z.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
            if (got < raw.Length) throw Bad(source, $"its image data is truncated ({got} of {raw.Length} bytes)");
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith("ImageFile:", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"ImageFile: '{source}' is not a valid PNG: its compressed image data is corrupt ({e.Message}).", e);
        }

        int bpp = Math.Max(1, bitsPerPixel / 8);
        var pixels = new byte[(long)stride * height];
        Unfilter(raw, pixels, stride, height, bpp, source);
        return Expand(pixels, width, height, stride, depth, colorType, channels, palette, source);
    }

    // Reverses the five scanline filters of PNG §9.2 (None, Sub, Up, Average, Paeth).
    private static void Unfilter(byte[] raw, byte[] pixels, int stride, int height, int bpp, string source)
    {
        for (int y = 0; y < height; y++)
        {
            int filter = raw[y * (stride + 1)];
            var line = raw.AsSpan(y * (stride + 1) + 1, stride);
            var cur = pixels.AsSpan(y * stride, stride);
            var prev = y > 0 ? pixels.AsSpan((y - 1) * stride, stride) : default;
            for (int i = 0; i < stride; i++)
            {
                int a = i >= bpp ? cur[i - bpp] : 0;
                int b = y > 0 ? prev[i] : 0;
                int c = y > 0 && i >= bpp ? prev[i - bpp] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) >> 1,
                    4 => Paeth(a, b, c),
                    _ => throw Bad(source, $"row {y} uses unknown filter type {filter}"),
                };
                cur[i] = (byte)(line[i] + predictor);
            }
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static DecodedImage Expand(byte[] pixels, int width, int height, int stride, int depth, int colorType,
        int channels, byte[]? palette, string source)
    {
        int outChannels = colorType == 3 ? 3 : channels;
        var data = new float[(long)width * height * outChannels];
        float scale = 1f / ((1 << depth) - 1);
        int samplesPerRow = width * channels;
        for (int y = 0; y < height; y++)
        {
            var row = pixels.AsSpan(y * stride, stride);
            for (int s = 0; s < samplesPerRow; s++)
            {
                int v = depth switch
                {
                    8 => row[s],
                    16 => (row[2 * s] << 8) | row[2 * s + 1],
                    _ => (row[s * depth / 8] >> (8 - depth - (s * depth % 8))) & ((1 << depth) - 1),
                };
                long o = ((long)y * width) * outChannels + (long)s * outChannels / channels;
                if (colorType == 3)
                {
                    if (3 * v + 2 >= palette!.Length)
                        throw Bad(source, $"pixel ({s}, {y}) uses palette entry {v} of {palette.Length / 3}");
                    data[o] = palette[3 * v] / 255f;
                    data[o + 1] = palette[3 * v + 1] / 255f;
                    data[o + 2] = palette[3 * v + 2] / 255f;
                }
                else
                {
                    data[o] = v * scale;
                }
            }
        }
        return new DecodedImage(width, height, outChannels, data);
    }

    private static InvalidDataException Bad(string source, string why) =>
        new($"ImageFile: '{source}' is not a valid PNG: {why}.");
}
