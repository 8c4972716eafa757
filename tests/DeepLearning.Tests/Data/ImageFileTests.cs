using System.Text;
using DeepLearning.Data;

namespace DeepLearning.Tests.Data;

public class ImageFileTests
{
    private static byte[] Ramp(int n, int mul = 37) => [.. Enumerable.Range(0, n).Select(i => (byte)(i * mul % 256))];

    [Fact]
    public void CrcMatchesTheStandardCheckValue()
    {
        // CRC-32/ISO-HDLC check value of "123456789" (the catalogue of parametrised CRC algorithms): 0xCBF43926.
        Assert.Equal(0xCBF43926u, DeepLearning.Data.Crc32.Update(0, "123456789"u8));
        Assert.Equal(0xCBF43926u, PngWriter.Crc("123456789"u8));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void DecodesGrayscaleWithEveryFilter(int filter)
    {
        const int w = 5, h = 4;
        var raw = Ramp(w * h);
        var png = PngWriter.Encode(w, h, colorType: 0, bitDepth: 8, raw, filters: [filter]);
        var image = ImageFile.Decode(png);
        Assert.Equal(new Shape(h, w, 1), image.Shape);
        Assert.Equal(raw.Select(b => b / 255f), image.ToArray<float>());
    }

    [Fact]
    public void DecodesRgbAndRgbaWithMixedFilters()
    {
        const int w = 3, h = 5;
        var rgb = Ramp(w * h * 3, 53);
        var image = ImageFile.Decode(PngWriter.Encode(w, h, 2, 8, rgb, filters: [0, 1, 2, 3, 4]));
        Assert.Equal(new Shape(h, w, 3), image.Shape);
        Assert.Equal(rgb.Select(b => b / 255f), image.ToArray<float>());
        var rgba = Ramp(w * h * 4, 29);
        var withAlpha = ImageFile.Decode(PngWriter.Encode(w, h, 6, 8, rgba, filters: [4, 3, 2, 1, 0]));
        Assert.Equal(new Shape(h, w, 4), withAlpha.Shape);
        Assert.Equal(rgba.Select(b => b / 255f), withAlpha.ToArray<float>());
        // RGBA to RGB drops alpha; to gray uses BT.601 luma 0.2989 R + 0.5870 G + 0.1140 B.
        var gray = ImageFile.Decode(PngWriter.Encode(w, h, 6, 8, rgba), channels: 1).ToArray<float>();
        for (int p = 0; p < w * h; p++)
            Assert.Equal((0.2989f * rgba[4 * p] / 255f) + (0.5870f * rgba[4 * p + 1] / 255f) + (0.1140f * rgba[4 * p + 2] / 255f), gray[p], 5);
        var rgbOnly = ImageFile.Decode(PngWriter.Encode(w, h, 6, 8, rgba), channels: 3).ToArray<float>();
        Assert.Equal(rgba[4] / 255f, rgbOnly[3]);
    }

    [Fact]
    public void DecodesPaletteSubByteAnd16BitImages()
    {
        // Palette, 2 bits per pixel: 4 entries; one row of 6 pixels packs into 2 bytes (the last 4 bits unused).
        byte[] palette = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30];
        int[] indices = [0, 1, 2, 3, 2, 1];
        byte[] row = [(0 << 6) | (1 << 4) | (2 << 2) | 3, (2 << 6) | (1 << 4)];
        var image = ImageFile.Decode(PngWriter.Encode(6, 1, 3, 2, row, palette)).ToArray<float>();
        for (int x = 0; x < 6; x++)
            for (int k = 0; k < 3; k++) Assert.Equal(palette[3 * indices[x] + k] / 255f, image[3 * x + k]);
        // Gray, 1 bit: 0b10110000 → 1, 0, 1, 1 (then padding).
        var bits = ImageFile.Decode(PngWriter.Encode(4, 1, 0, 1, [0b1011_0000])).ToArray<float>();
        Assert.Equal([1f, 0, 1, 1], bits);
        // Gray, 16 bits big-endian: 0x0000, 0xFFFF, 0x8000 → 0, 1, 32768/65535.
        var deep = ImageFile.Decode(PngWriter.Encode(3, 1, 0, 16, [0, 0, 0xFF, 0xFF, 0x80, 0x00])).ToArray<float>();
        Assert.Equal([0f, 1f, 32768f / 65535f], deep);
        // Gray + alpha keeps 2 channels by default.
        Assert.Equal(new Shape(1, 2, 2), ImageFile.Decode(PngWriter.Encode(2, 1, 4, 8, [10, 255, 20, 128])).Shape);
    }

    [Fact]
    public void DecodesAFixturePngWrittenByPython()
    {
        // A 3 × 2 8-bit gray PNG written with Python's zlib (independent of the test encoder):
        //   raw = b'\x00' + bytes([0, 128, 255]) + b'\x00' + bytes([1, 2, 3])
        //   png = sig + chunk(b'IHDR', struct.pack('>IIBBBBB', 3, 2, 8, 0, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
        //   with chunk(t, d) = struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
        var png = Convert.FromHexString(
            "89504E470D0A1A0A0000000D4948445200000003000000020800000000B81F39C60000001049444154789C636068F8CFC0C8C40C00080D01860D49F1BA0000000049454E44AE426082");
        var image = ImageFile.Decode(png);
        Assert.Equal(new Shape(2, 3, 1), image.Shape);
        Assert.Equal(new float[] { 0, 128, 255, 1, 2, 3 }.Select(v => v / 255f), image.ToArray<float>());
    }

    [Fact]
    public void CorruptTruncatedInterlacedAndJpegRaiseClearly()
    {
        var png = PngWriter.Encode(4, 4, 0, 8, Ramp(16));
        var flipped = (byte[])png.Clone();
        flipped[45] ^= 0x01;   // inside IDAT: its CRC no longer matches
        Assert.Contains("CRC", Assert.Throws<InvalidDataException>(() => ImageFile.Decode(flipped)).Message);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => ImageFile.Decode(png.AsSpan(0, png.Length - 20))).Message);
        var interlaced = PngWriter.Encode(4, 4, 0, 8, Ramp(16), interlaced: true);
        Assert.Contains("interlaced", Assert.Throws<NotSupportedException>(() => ImageFile.Decode(interlaced)).Message);
        Assert.Contains("JPEG", Assert.Throws<NotSupportedException>(() => ImageFile.Decode(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0 })).Message);
        Assert.Throws<InvalidDataException>(() => ImageFile.Decode("GIF89a"u8));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageFile.Decode(png, channels: 2));
    }

    [Fact]
    public void DecodesBinaryPgmAndPpm()
    {
        var pgm = Encoding.ASCII.GetBytes("P5\n# a comment\n3 2\n255\n").Concat(new byte[] { 0, 51, 102, 153, 204, 255 }).ToArray();
        var gray = ImageFile.Decode(pgm);
        Assert.Equal(new Shape(2, 3, 1), gray.Shape);
        Assert.Equal([0f, 0.2f, 0.4f, 0.6f, 0.8f, 1f], gray.ToArray<float>());
        var ppm = Encoding.ASCII.GetBytes("P6 2 1 1000\n").Concat(new byte[] { 0, 0, 1, 244, 3, 232, 3, 232, 0, 0, 0, 250 }).ToArray();
        var color = ImageFile.Decode(ppm);
        Assert.Equal(new Shape(1, 2, 3), color.Shape);
        Assert.Equal([0f, 0.5f, 1f, 1f, 0f, 0.25f], color.ToArray<float>());
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => ImageFile.Decode(pgm.AsSpan(0, pgm.Length - 1))).Message);
    }

    [Fact]
    public void ImageFolderDatasetLabelsSubFoldersInOrdinalOrder()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("dog"));
        Directory.CreateDirectory(dir.File("cat/nested"));
        Directory.CreateDirectory(dir.File("empty"));
        File.WriteAllBytes(dir.File("cat/b.png"), PngWriter.Encode(2, 2, 0, 8, [0, 1, 2, 3]));
        File.WriteAllBytes(dir.File("cat/nested/a.png"), PngWriter.Encode(2, 2, 0, 8, [4, 5, 6, 7]));
        File.WriteAllBytes(dir.File("dog/x.pgm"), Encoding.ASCII.GetBytes("P5 2 2 255\n").Concat(new byte[] { 8, 9, 10, 11 }).ToArray());
        File.WriteAllText(dir.File("dog/readme.txt"), "ignored");
        File.WriteAllBytes(dir.File("stray.png"), PngWriter.Encode(2, 2, 0, 8, [0, 0, 0, 0]));
        var data = new ImageFolderDataset(dir.Path);
        Assert.Equal(["cat", "dog", "empty"], data.ClassNames);
        Assert.Equal(3, data.Count);
        Assert.Equal([0, 0, 1], data.Labels);
        Assert.Equal(new Shape(2, 2, 1), data.ImageShape);
        Assert.EndsWith("b.png", data.Files[0]);   // "b.png" < "nested/a.png" (ordinal)
        var batch = data.GetBatch([2, 1]);
        Assert.Equal(new Shape(2, 2, 2, 1), batch.Input.Shape);
        Assert.Equal(new float[] { 8, 9, 10, 11, 4, 5, 6, 7 }.Select(v => v / 255f), batch.Input.ToArray<float>());
        Assert.Equal([1, 0], batch.Target.ToArray<int>());

        // A different size needs resizing; with it, a 4 × 4 image of a constant stays constant.
        File.WriteAllBytes(dir.File("dog/big.png"), PngWriter.Encode(4, 4, 2, 8, [.. Enumerable.Repeat((byte)51, 48)]));
        var strict = new ImageFolderDataset(dir.Path);
        var ex = Assert.Throws<InvalidDataException>(() => strict.GetBatch([2]));
        Assert.Contains("pass height and width", ex.Message);
        var resized = new ImageFolderDataset(dir.Path, channels: 3, height: 2, width: 2);
        var big = resized.GetBatch([2]).Input;
        Assert.Equal(new Shape(1, 2, 2, 3), big.Shape);
        Assert.All(big.ToArray<float>(), v => Assert.Equal(0.2f, v, 6));
        Assert.Equal(new Shape(1, 2, 2, 3), resized.GetBatch([0]).Input.Shape);   // gray replicated to RGB

        File.WriteAllBytes(dir.File("cat/photo.jpg"), [0xFF, 0xD8, 0xFF]);
        Assert.Contains("JPEG", Assert.Throws<NotSupportedException>(() => new ImageFolderDataset(dir.Path)).Message);
        Assert.Throws<DirectoryNotFoundException>(() => new ImageFolderDataset(dir.File("missing")));
        Assert.Throws<ArgumentException>(() => new ImageFolderDataset(dir.Path, height: 3));
    }
}
