namespace DeepLearning.TensorBoard.Tests;

public class SummaryWriterTests
{
    [Fact]
    public void Histogram_fields_match_a_hand_count()
    {
        // Values -1, 0, 0.5, 1, 3 (NaN and ∞ left out), 2 buckets over [-1, 3] of width 2:
        // [-1, 1) holds -1, 0, 0.5 → 3; [1, 3] holds 1, 3 → 2. sum 3.5; sum of squares 1 + 0 + 0.25 + 1 + 9 = 11.25.
        using var folder = new TempFolder();
        string path;
        using (var writer = new SummaryWriter(folder.Path))
        {
            writer.AddHistogram("h", [-1f, 0f, 0.5f, 1f, 3f, float.NaN, float.PositiveInfinity], step: 7, buckets: 2);
            path = writer.FilePath;
        }
        var e = EventFileReader.Read(path)[1];
        Assert.Equal(7, e.Step);
        var h = Assert.Single(e.Values).Histo!;
        Assert.Equal((-1.0, 3.0, 5.0, 3.5, 11.25), (h.Min, h.Max, h.Num, h.Sum, h.SumSquares));
        Assert.Equal([1.0, 3.0], h.BucketLimit);
        Assert.Equal([3.0, 2.0], h.Bucket);
    }

    [Fact]
    public void Constant_values_make_one_bucket()
    {
        using var folder = new TempFolder();
        string path;
        using (var writer = new SummaryWriter(folder.Path))
        {
            writer.AddHistogram("zeros", Tensor.Zeros(new Shape(4, 5)), 0);
            path = writer.FilePath;
        }
        var h = EventFileReader.Read(path)[1].Values[0].Histo!;
        Assert.Equal((0.0, 0.0, 20.0), (h.Min, h.Max, h.Num));
        Assert.Equal([0.0], h.BucketLimit);
        Assert.Equal([20.0], h.Bucket);
    }

    [Fact]
    public void Scalar_is_stored_as_float32_with_its_step_and_tag()
    {
        using var folder = new TempFolder();
        string path;
        using (var writer = new SummaryWriter(folder.Path))
        {
            writer.AddScalar("metrics/accuracy", 0.123456789, 12);
            writer.AddScalar("nan", double.NaN, 13);
            path = writer.FilePath;
        }
        var events = EventFileReader.Read(path);
        Assert.Equal(3, events.Count);
        Assert.Equal((12L, "metrics/accuracy", 0.123456789f), (events[1].Step, events[1].Values[0].Tag, events[1].Values[0].Simple!.Value));
        Assert.True(float.IsNaN(events[2].Values[0].Simple!.Value));
    }

    [Fact]
    public void Image_is_a_png_of_the_right_size_and_pixels()
    {
        // A 3 × 5 RGB ramp: v = (y·5·3 + x·3 + c) / 44; the PNG holds round(255·v). The image is decoded with the
        // core library's own PNG reader, whose result is byte / 255.
        var values = new float[3 * 5 * 3];
        for (int i = 0; i < values.Length; i++) values[i] = i / 44f;
        values[0] = -0.5f; // clamped to 0
        values[1] = float.NaN; // written as 0
        using var folder = new TempFolder();
        string path;
        using (var writer = new SummaryWriter(folder.Path))
        {
            writer.AddImage("ramp", Tensor.FromArray(values, new Shape(3, 5, 3)), 2);
            path = writer.FilePath;
        }
        var image = EventFileReader.Read(path)[1].Values[0].Image!;
        Assert.Equal((3, 5, 3), (image.Height, image.Width, image.Colorspace));
        var decoded = Data.ImageFile.Decode(image.Png);
        Assert.Equal(new Shape(3, 5, 3), decoded.Shape);
        var pixels = decoded.ToArray<float>();
        for (int i = 0; i < values.Length; i++)
        {
            float expected = i < 2 ? 0 : MathF.Round(255 * Math.Min(values[i], 1f)) / 255f;
            Assert.Equal(expected, pixels[i], 6);
        }
    }

    [Fact]
    public void Image_batches_are_tagged_per_image()
    {
        using var folder = new TempFolder();
        string path;
        using (var writer = new SummaryWriter(folder.Path))
        {
            writer.AddImages("digits", Tensor.Ones(new Shape(2, 4, 6, 1)), 0);
            path = writer.FilePath;
        }
        var values = EventFileReader.Read(path).Skip(1).Select(e => e.Values[0]).ToList();
        Assert.Equal(["digits/image/0", "digits/image/1"], values.Select(v => v.Tag));
        var decoded = Data.ImageFile.Decode(values[1].Image!.Png);
        Assert.Equal(new Shape(4, 6, 1), decoded.Shape);
        Assert.All(decoded.ToArray<float>(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Bad_input_raises_documented_errors()
    {
        Assert.Throws<ArgumentException>(() => new SummaryWriter(" "));
        using var folder = new TempFolder();
        var writer = new SummaryWriter(folder.Path);
        Assert.Throws<ArgumentException>(() => writer.AddScalar("", 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddScalar("x", 1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddHistogram("h", [1f], 0, buckets: 0));
        var e = Assert.Throws<ArgumentException>(() => writer.AddImage("i", Tensor.Zeros(new Shape(4, 4)), 0));
        Assert.Contains("(4, 4)", e.Message);
        Assert.Throws<ArgumentException>(() => writer.AddImage("i", Tensor.Zeros(new Shape(4, 4, 5)), 0));
        Assert.Throws<ArgumentException>(() => writer.AddImages("i", Tensor.Zeros(new Shape(4, 4, 3)), 0));
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.AddScalar("x", 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TensorBoardOptions { HistogramFrequency = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TensorBoardOptions { HistogramBuckets = 0 });
        Assert.Throws<ArgumentException>(() => new TensorBoardOptions { Images = Tensor.Zeros(new Shape(2, 3)) });
        Assert.Throws<ArgumentException>(() => new TensorBoardCallback(""));
    }
}
