using DeepLearning.Data;

namespace DeepLearning.Images.Tests;

public sealed class ImageFolderDatasetTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dl-images-" + Guid.NewGuid().ToString("N"));

    public ImageFolderDatasetTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Class "lossless" holds the reference image as BMP, PNG and lossless WebP; class "lossy" as JPEG
    /// (two extensions); class "palette" the hand-written GIF.</summary>
    private void WriteAllFormats()
    {
        using var bitmap = TestImages.ColourBitmap();
        Write("lossless/a.bmp", TestImages.Bmp());
        Write("lossless/b.png", TestImages.Png(bitmap));
        Write("lossless/c.webp", TestImages.Webp(bitmap, lossless: true));
        Write("lossy/d.jpg", TestImages.Jpeg(bitmap));
        Write("lossy/e.JPEG", TestImages.Jpeg(bitmap));
        Write("palette/g.gif", TestImages.Gif());
    }

    [Fact]
    public void EveryFormatLoadsIntoOneNhwcBatch()
    {
        WriteAllFormats();
        var data = new ImageFolderDataset(_root, decoder: new SkiaImageDecoder());
        Assert.Equal(["lossless", "lossy", "palette"], data.ClassNames);
        Assert.Equal([0, 0, 0, 1, 1, 2], data.Labels);
        Assert.Equal(new Shape(TestImages.Height, TestImages.Width, 3), data.ImageShape);
        var batch = data.GetBatch([0, 1, 2, 3, 4, 5]);
        Assert.Equal(new Shape(6, TestImages.Height, TestImages.Width, 3), batch.Input.Shape);
        Assert.Equal([0, 0, 0, 1, 1, 2], batch.Target.ToArray<int>());
        var pixels = batch.Input.ToArray<float>();
        var expected = TestImages.ExpectedRgb();
        int per = expected.Length;
        float[] tolerance = [0, 0, 0, 6 / 255f, 6 / 255f];
        for (int i = 0; i < 5; i++)
            for (int k = 0; k < per; k++)
                Assert.True(Math.Abs(pixels[i * per + k] - expected[k]) <= tolerance[i], $"{data.Files[i]} value {k}: {pixels[i * per + k]} vs {expected[k]}");
        var (r, g, b) = TestImages.GifPalette[TestImages.GifIndices[1]];
        Assert.Equal([r / 255f, g / 255f, b / 255f], pixels.AsSpan(5 * per + 3, 3).ToArray());
    }

    [Fact]
    public void ChannelsConvertToGrayByBt601Luma()
    {
        Write("x/a.bmp", TestImages.Bmp());
        var data = new ImageFolderDataset(_root, channels: 1, decoder: new SkiaImageDecoder());
        var gray = data.Get(0).Input.ToArray<float>();
        var (r, g, b) = TestImages.Colour(2, 1);
        Assert.Equal((0.2989f * r + 0.5870f * g + 0.1140f * b) / 255f, gray[1 * TestImages.Width + 2], 5);
    }

    [Fact]
    public void ResizingIsBilinearWithHalfPixelCentres()
    {
        // A 2 × 1 gray image [0, 255] widened to 4: source x = (x + ½)·½ − ½ = −¼, ¼, ¾, 1¼, clamped to [0, 1],
        // gives 0, ¼, ¾, 1 (tf.image.resize, bilinear, half_pixel_centers); rows repeat the one source row.
        using var bitmap = TestImages.GrayBitmap([0, 255], 2, 1);
        Write("a/x.png", TestImages.Png(bitmap));
        using var jpegSource = TestImages.ColourBitmap();
        Write("b/y.jpg", TestImages.Jpeg(jpegSource));
        var data = new ImageFolderDataset(_root, channels: 1, height: 3, width: 4, decoder: new SkiaImageDecoder());
        Assert.Equal(new Shape(3, 4, 1), data.ImageShape);
        var batch = data.GetBatch([0, 1]);
        Assert.Equal(new Shape(2, 3, 4, 1), batch.Input.Shape);
        var values = batch.Input.ToArray<float>();
        for (int y = 0; y < 3; y++)
            Assert.Equal([0f, 0.25f, 0.75f, 1f], values.AsSpan(y * 4, 4).ToArray());
    }

    [Fact]
    public void AugmentationsWorkOnDecodedBatches()
    {
        Write("x/a.bmp", TestImages.Bmp());
        var data = new ImageFolderDataset(_root, decoder: new SkiaImageDecoder());
        var flipped = new RandomFlip(horizontal: true, probability: 1, generator: new Generator(1)).Apply(data.Get(0).Input).ToArray<float>();
        var expected = TestImages.ExpectedRgb();
        for (int y = 0; y < TestImages.Height; y++)
            for (int x = 0; x < TestImages.Width; x++)
                for (int c = 0; c < 3; c++)
                    Assert.Equal(expected[(y * TestImages.Width + x) * 3 + c], flipped[(y * TestImages.Width + TestImages.Width - 1 - x) * 3 + c]);
    }

    [Fact]
    public void ACorruptFileRaisesInvalidDataNamingIt()
    {
        WriteAllFormats();
        var bad = Write("lossy/z.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 2, 3]);
        var data = new ImageFolderDataset(_root, decoder: new SkiaImageDecoder());
        int index = data.Files.ToList().IndexOf(bad);
        var error = Assert.Throws<InvalidDataException>(() => data.GetBatch([0, index]));
        Assert.Contains(bad, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTheDecoderJpegFoldersAreRefusedWithTheWayOut()
    {
        WriteAllFormats();
        var error = Assert.Throws<NotSupportedException>(() => new ImageFolderDataset(_root));
        Assert.Contains("SkiaImageDecoder", error.Message, StringComparison.Ordinal);
    }
}
