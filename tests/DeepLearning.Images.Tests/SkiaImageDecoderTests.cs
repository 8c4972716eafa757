using DeepLearning.Data;

namespace DeepLearning.Images.Tests;

public sealed class SkiaImageDecoderTests
{
    private static readonly SkiaImageDecoder Decoder = new();

    private static void AssertPixels(float[] expected, DecodedImage image, int channels, float tolerance)
    {
        Assert.Equal(TestImages.Width, image.Width);
        Assert.Equal(TestImages.Height, image.Height);
        Assert.Equal(channels, image.Channels);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - image.Data[i]) <= tolerance,
                $"value {i} (y {i / channels / TestImages.Width}, x {i / channels % TestImages.Width}, channel {i % channels}): {image.Data[i] * 255:F1}/255, expected {expected[i] * 255:F1}/255");
    }

    [Fact]
    public void PngIsExactRgbInRowMajorHwcOrder()
    {
        using var bitmap = TestImages.ColourBitmap();
        AssertPixels(TestImages.ExpectedRgb(), Decoder.Decode(TestImages.Png(bitmap), "a.png"), 3, 0);
    }

    [Fact]
    public void PngWithTransparencyKeepsStraightAlpha()
    {
        using var bitmap = TestImages.ColourBitmap(alpha: 128);
        var rgb = TestImages.ExpectedRgb();
        var expected = new float[TestImages.Width * TestImages.Height * 4];
        for (int p = 0; p < TestImages.Width * TestImages.Height; p++)
        {
            Array.Copy(rgb, p * 3, expected, p * 4, 3);
            expected[p * 4 + 3] = 128 / 255f;
        }
        AssertPixels(expected, Decoder.Decode(TestImages.Png(bitmap), "alpha.png"), 4, 0);
    }

    [Fact]
    public void GrayPngAndGrayJpegHaveOneChannel()
    {
        byte[] values = [0, 40, 80, 120, 160, 200, 240, 255, 7, 77, 177, 250];
        using var bitmap = TestImages.GrayBitmap(values, TestImages.Width, TestImages.Height);
        var expected = values.Select(v => v / 255f).ToArray();
        AssertPixels(expected, Decoder.Decode(TestImages.Png(bitmap), "gray.png"), 1, 0);
        AssertPixels(expected, Decoder.Decode(TestImages.Jpeg(bitmap), "gray.jpg"), 1, 6 / 255f);
    }

    [Fact]
    public void JpegIsCloseAtQuality100()
    {
        // Quality 100 quantises every DCT coefficient by 1 and 4:4:4 keeps full-resolution chroma, so only the
        // rounding of the DCT and of the YCbCr conversion remains: a few levels out of 255.
        using var bitmap = TestImages.ColourBitmap();
        AssertPixels(TestImages.ExpectedRgb(), Decoder.Decode(TestImages.Jpeg(bitmap), "a.jpg"), 3, 6 / 255f);
    }

    [Fact]
    public void WebpIsExactWhenLosslessAndCloseWhenLossy()
    {
        using var bitmap = TestImages.ColourBitmap();
        AssertPixels(TestImages.ExpectedRgb(), Decoder.Decode(TestImages.Webp(bitmap, lossless: true), "a.webp"), 3, 0);
        // Lossy WebP (VP8) subsamples chroma 2 × 2 and quantises (quality 90): uniform quadrants come back within a
        // few levels at least 2 pixels from the colour steps.
        using var quadrants = TestImages.QuadrantBitmap();
        AssertQuadrants(Decoder.Decode(TestImages.Webp(quadrants, lossless: false), "b.webp"), 8 / 255f);
    }

    [Fact]
    public void SubsampledJpegKeepsUniformBlocks()
    {
        using var quadrants = TestImages.QuadrantBitmap();
        using var pixmap = quadrants.PeekPixels();
        using var jpeg = pixmap.Encode(new SkiaSharp.SKJpegEncoderOptions(90, SkiaSharp.SKJpegEncoderDownsample.Downsample420, SkiaSharp.SKJpegEncoderAlphaOption.Ignore));
        AssertQuadrants(Decoder.Decode(jpeg!.ToArray(), "q.jpg"), 8 / 255f);
    }

    private static void AssertQuadrants(DecodedImage image, float tolerance)
    {
        Assert.Equal((16, 16, 3), (image.Width, image.Height, image.Channels));
        int[] interior = [0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15];
        foreach (int y in interior)
            foreach (int x in interior)
            {
                var (r, g, b) = TestImages.Quadrants[(y / 8) * 2 + x / 8];
                byte[] expected = [r, g, b];
                for (int c = 0; c < 3; c++)
                {
                    float actual = image.Data[(y * 16 + x) * 3 + c];
                    Assert.True(Math.Abs(actual - expected[c] / 255f) <= tolerance, $"({x}, {y}) channel {c}: {actual * 255:F1}/255, expected {expected[c]}");
                }
            }
    }

    [Fact]
    public void HandWrittenBmpIsExact() =>
        AssertPixels(TestImages.ExpectedRgb(), Decoder.Decode(TestImages.Bmp(), "a.bmp"), 3, 0);

    [Fact]
    public void HandWrittenGifGivesItsPaletteColours()
    {
        var expected = TestImages.GifIndices.SelectMany(i =>
        {
            var (r, g, b) = TestImages.GifPalette[i];
            return new[] { r / 255f, g / 255f, b / 255f };
        }).ToArray();
        AssertPixels(expected, Decoder.Decode(TestImages.Gif(), "a.gif"), 3, 0);
    }

    [Fact]
    public void PgmFallsBackToTheCoreDecoder()
    {
        byte[] pgm = [.. "P5 4 3 255\n"u8.ToArray(), 0, 40, 80, 120, 160, 200, 240, 255, 7, 77, 177, 250];
        var image = Decoder.Decode(pgm, "a.pgm");
        Assert.Equal(1, image.Channels);
        Assert.Equal(40 / 255f, image.Data[1]);
        Assert.Contains(".pgm", Decoder.Extensions);
        Assert.Contains(".webp", Decoder.Extensions);
    }

    [Fact]
    public void CorruptTruncatedAndEmptyFilesRaiseInvalidDataNamingTheFile()
    {
        using var bitmap = TestImages.ColourBitmap();
        var jpeg = TestImages.Jpeg(bitmap);
        var truncated = Assert.Throws<InvalidDataException>(() => Decoder.Decode(jpeg.AsSpan(0, jpeg.Length / 2), "photos/cut.jpg"));
        Assert.Contains("photos/cut.jpg", truncated.Message, StringComparison.Ordinal);
        var garbage = Assert.Throws<InvalidDataException>(() => Decoder.Decode("not an image at all"u8, "photos/fake.png"));
        Assert.Contains("photos/fake.png", garbage.Message, StringComparison.Ordinal);
        var header = Assert.Throws<InvalidDataException>(() => Decoder.Decode(jpeg.AsSpan(0, 4), "photos/header.jpg"));
        Assert.Contains("photos/header.jpg", header.Message, StringComparison.Ordinal);
        Assert.Contains("photos/empty.gif", Assert.Throws<InvalidDataException>(() => Decoder.Decode([], "photos/empty.gif")).Message, StringComparison.Ordinal);
    }
}
