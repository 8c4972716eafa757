using DeepLearning.Data;

namespace DeepLearning.Tests.Data;

public class ImageDecoderTests
{
    /// <summary>A made-up format: ".raw4" and ".jpg" files hold 4 bytes, a 2 × 2 gray image; it records the sources.</summary>
    private sealed class Raw4Decoder : IImageDecoder
    {
        public List<string> Sources { get; } = [];

        public IReadOnlyCollection<string> Extensions => [".raw4", ".JPG"];

        public DecodedImage Decode(ReadOnlySpan<byte> data, string source)
        {
            lock (Sources) Sources.Add(source);
            if (data.Length != 4) throw new InvalidDataException($"Raw4: '{source}' has {data.Length} bytes, not 4.");
            return new DecodedImage(2, 2, 1, [.. data.ToArray().Select(b => b / 255f)]);
        }
    }

    [Fact]
    public void TheDatasetReadsOnlyTheDecodersExtensionsThroughIt()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("a"));
        Directory.CreateDirectory(dir.File("b"));
        File.WriteAllBytes(dir.File("a/x.raw4"), [0, 51, 102, 255]);
        File.WriteAllBytes(dir.File("b/y.jpg"), [255, 0, 0, 255]);     // no longer refused: this decoder reads .jpg
        File.WriteAllBytes(dir.File("b/z.png"), [1, 2, 3]);            // not the decoder's: ignored
        var decoder = new Raw4Decoder();
        var data = new ImageFolderDataset(dir.Path, channels: 3, decoder: decoder);
        Assert.Equal(2, data.Count);
        Assert.Equal(new Shape(2, 2, 3), data.ImageShape);
        var batch = data.GetBatch([0, 1]);
        var pixels = batch.Input.ToArray<float>();
        Assert.Equal([0.2f, 0.2f, 0.2f], pixels.AsSpan(3, 3).ToArray());   // gray replicated to RGB
        Assert.Equal(1f, pixels[12]);
        Assert.Equal([dir.File("a/x.raw4"), dir.File("a/x.raw4"), dir.File("b/y.jpg")], decoder.Sources);
    }

    [Fact]
    public void FormatsTheDecoderCannotReadAreRefusedAtCreation()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("a"));
        File.WriteAllBytes(dir.File("a/x.raw4"), [0, 51, 102, 255]);
        File.WriteAllBytes(dir.File("a/y.webp"), [0]);
        var error = Assert.Throws<NotSupportedException>(() => new ImageFolderDataset(dir.Path, decoder: new Raw4Decoder()));
        Assert.Contains("y.webp", error.Message, StringComparison.Ordinal);
        Assert.Contains("Raw4Decoder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodedImagesAreValidated()
    {
        Assert.Throws<ArgumentException>(() => new DecodedImage(2, 2, 3, new float[11]));
        Assert.Throws<ArgumentException>(() => new DecodedImage(0, 2, 1, []));
        Assert.Throws<ArgumentException>(() => new DecodedImage(1, 1, 5, new float[5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecodedImage(1, 1, 1, [0.5f]).Resized(0, 1));
        Assert.Equal([".png", ".pgm", ".ppm", ".pnm"], ImageFile.BuiltInDecoder.Extensions);
    }
}
