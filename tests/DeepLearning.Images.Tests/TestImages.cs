using System.Buffers.Binary;
using SkiaSharp;

namespace DeepLearning.Images.Tests;

/// <summary>Small images with known pixels: encoded by SkiaSharp where it has an encoder (PNG, JPEG, WebP), written
/// byte by byte from the format specifications where it has none (BMP: Microsoft's BITMAPFILEHEADER and
/// BITMAPINFOHEADER; GIF: the GIF89a specification, sections 17–23 and appendix F).</summary>
internal static class TestImages
{
    public const int Width = 4, Height = 3;

    /// <summary>Pixel (x, y) of the reference colour image: every channel differs across x and y, so a swapped axis
    /// or channel shows.</summary>
    public static (byte R, byte G, byte B) Colour(int x, int y) =>
        ((byte)(20 + 60 * x), (byte)(30 + 70 * y), (byte)(230 - 40 * x - 15 * y));

    /// <summary>The reference image as (height, width, 3) floats v / 255, HWC.</summary>
    public static float[] ExpectedRgb()
    {
        var values = new float[Width * Height * 3];
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                var (r, g, b) = Colour(x, y);
                int o = (y * Width + x) * 3;
                values[o] = r / 255f;
                values[o + 1] = g / 255f;
                values[o + 2] = b / 255f;
            }
        return values;
    }

    public static SKBitmap ColourBitmap(byte alpha = 255)
    {
        var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, alpha == 255 ? SKAlphaType.Opaque : SKAlphaType.Unpremul));
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                var (r, g, b) = Colour(x, y);
                bitmap.SetPixel(x, y, new SKColor(r, g, b, alpha));
            }
        return bitmap;
    }

    /// <summary>The colours of <see cref="QuadrantBitmap"/>'s 8 × 8 quadrants: top left, top right, bottom left,
    /// bottom right.</summary>
    public static readonly (byte R, byte G, byte B)[] Quadrants = [(200, 40, 40), (30, 160, 60), (40, 60, 210), (230, 220, 90)];

    /// <summary>A 16 × 16 image of four uniform 8 × 8 quadrants (<see cref="Quadrants"/>), for lossy codecs: a
    /// block's interior, away from the colour steps that chroma subsampling blurs, comes back nearly unchanged.</summary>
    public static SKBitmap QuadrantBitmap()
    {
        var bitmap = new SKBitmap(new SKImageInfo(16, 16, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++)
            {
                var (r, g, b) = Quadrants[(y / 8) * 2 + x / 8];
                bitmap.SetPixel(x, y, new SKColor(r, g, b));
            }
        return bitmap;
    }

    public static SKBitmap GrayBitmap(byte[] values, int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                byte v = values[y * width + x];
                bitmap.SetPixel(x, y, new SKColor(v, v, v));
            }
        return bitmap;
    }

    public static byte[] Png(SKBitmap bitmap)
    {
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKPngEncoderOptions());
        return data?.ToArray() ?? throw new InvalidOperationException("SkiaSharp could not encode the test image.");
    }

    /// <summary>JPEG at quality 100 without chroma subsampling (4:4:4).</summary>
    public static byte[] Jpeg(SKBitmap bitmap)
    {
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKJpegEncoderOptions(100, SKJpegEncoderDownsample.Downsample444, SKJpegEncoderAlphaOption.Ignore));
        return data?.ToArray() ?? throw new InvalidOperationException("SkiaSharp could not encode the test image.");
    }

    public static byte[] Webp(SKBitmap bitmap, bool lossless)
    {
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKWebpEncoderOptions(lossless ? SKWebpEncoderCompression.Lossless : SKWebpEncoderCompression.Lossy, lossless ? 100 : 90));
        return data?.ToArray() ?? throw new InvalidOperationException("SkiaSharp could not encode the test image.");
    }

    /// <summary>A 24-bit uncompressed BMP of the reference image: rows bottom-up, pixels B, G, R, each row padded to
    /// a multiple of 4 bytes.</summary>
    public static byte[] Bmp()
    {
        int rowBytes = (Width * 3 + 3) / 4 * 4, pixelBytes = rowBytes * Height, size = 14 + 40 + pixelBytes;
        var bytes = new byte[size];
        bytes[0] = (byte)'B';
        bytes[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), size);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), 54);      // offset of the pixels
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);      // BITMAPINFOHEADER size
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), Width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), Height);  // positive: bottom-up
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);       // planes
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 24);      // bits per pixel
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(30), 0);       // BI_RGB
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(34), pixelBytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(38), 2835);    // 72 dpi
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(42), 2835);
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                var (r, g, b) = Colour(x, y);
                int o = 54 + (Height - 1 - y) * rowBytes + x * 3;
                bytes[o] = b;
                bytes[o + 1] = g;
                bytes[o + 2] = r;
            }
        return bytes;
    }

    /// <summary>The four colours of <see cref="Gif"/>'s palette.</summary>
    public static readonly (byte R, byte G, byte B)[] GifPalette = [(0, 0, 0), (255, 0, 0), (10, 200, 30), (40, 80, 250)];

    /// <summary>The palette index of every pixel of <see cref="Gif"/> (row-major, 4 × 3).</summary>
    public static readonly byte[] GifIndices = [0, 1, 2, 3, 3, 2, 1, 0, 1, 1, 3, 2];

    /// <summary>A GIF89a of <see cref="GifIndices"/>: a 4-colour global colour table and one image whose LZW data
    /// (minimum code size 2: clear code 4, end code 5, 3-bit codes) sends a clear code before every pixel's literal
    /// code, so the code table never grows and the code size stays 3 bits (appendix F's variable-length codes without
    /// any compression).</summary>
    public static byte[] Gif()
    {
        var bytes = new List<byte>();
        bytes.AddRange("GIF89a"u8.ToArray());
        bytes.AddRange([Width, 0, Height, 0]);       // logical screen width, height (little endian)
        bytes.Add(0x91);                             // global colour table, colour resolution 2 bits, table of 2^(1+1)
        bytes.AddRange([0, 0]);                      // background colour index, pixel aspect ratio
        foreach (var (r, g, b) in GifPalette) bytes.AddRange([r, g, b]);
        bytes.Add(0x2C);                             // image descriptor
        bytes.AddRange([0, 0, 0, 0, Width, 0, Height, 0, 0]);
        bytes.Add(2);                                // LZW minimum code size

        const int clear = 4, end = 5;
        var codes = new List<int>();
        foreach (byte index in GifIndices)
        {
            codes.Add(clear);
            codes.Add(index);
        }
        codes.Add(end);
        var packed = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (int code in codes)
        {
            buffer |= code << bits;                  // codes are packed least significant bit first
            bits += 3;
            while (bits >= 8)
            {
                packed.Add((byte)buffer);
                buffer >>= 8;
                bits -= 8;
            }
        }
        if (bits > 0) packed.Add((byte)buffer);
        for (int i = 0; i < packed.Count; i += 255)   // data sub-blocks of at most 255 bytes
        {
            int n = Math.Min(255, packed.Count - i);
            bytes.Add((byte)n);
            bytes.AddRange(packed.GetRange(i, n));
        }
        bytes.Add(0);                                // block terminator
        bytes.Add(0x3B);                             // trailer
        return [.. bytes];
    }
}
