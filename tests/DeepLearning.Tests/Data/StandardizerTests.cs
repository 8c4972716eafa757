using DeepLearning.Data;

namespace DeepLearning.Tests.Data;

public class StandardizerTests
{
    [Fact]
    public void FitsOnTrainingDataOnlyAndTransformsAnySplit()
    {
        // Train columns: (1, 3, 5) → μ 3, σ² = (4 + 0 + 4)/3 = 8/3; (10, 10, 40) → μ 20, σ² = (100 + 100 + 400)/3 = 200.
        var train = Tensor.FromArray(new float[,] { { 1, 10 }, { 3, 10 }, { 5, 40 } });
        var test = Tensor.FromArray(new float[,] { { 3, 20 }, { 7, 0 } });
        var scaler = new Standardizer().Fit(train);
        Assert.Equal([3.0, 20.0], scaler.Mean);
        Assert.Equal(Math.Sqrt(8.0 / 3), scaler.Std[0], 12);
        Assert.Equal(Math.Sqrt(200.0), scaler.Std[1], 12);
        Assert.Equal(3, scaler.SampleCount);
        // Test values use the training statistics: (7 − 3)/√(8/3) = 2.449490, (0 − 20)/√200 = −1.414214.
        TestHelpers.AssertValues([0, 0, 2.449489742783178, -1.4142135623730951], scaler.Transform(test), 1e-6);
        var z = scaler.Transform(train).ToArray<double>();
        Assert.Equal(0, z.Where((_, i) => i % 2 == 0).Average(), 6);
        TestHelpers.AssertClose(train, scaler.InverseTransform(scaler.Transform(train)), 1e-6, 1e-5);
    }

    [Fact]
    public void ConstantFeaturesAreDividedByOne()
    {
        var scaler = new Standardizer().Fit(Tensor.FromArray(new float[,] { { 2, 1 }, { 2, 3 } }));
        Assert.Equal(1.0, scaler.Std[0]);
        TestHelpers.AssertValues([3, 0], scaler.Transform(Tensor.FromArray(new float[,] { { 5, 2 } })));
    }

    [Fact]
    public void PerChannelImagesGlobalAndBatchedFitsAgree()
    {
        var images = Tensor.RandomNormal([50, 4, 4, 3], 2, 3, generator: new Generator(1));
        var whole = new Standardizer().Fit(images);
        Assert.Equal(3, whole.Mean.Count);
        var values = images.ToArray<double>();
        for (int c = 0; c < 3; c++)
        {
            var channel = values.Where((_, i) => i % 3 == c).ToArray();
            double mu = channel.Average();
            Assert.Equal(mu, whole.Mean[c], 10);
            Assert.Equal(Math.Sqrt(channel.Average(v => (v - mu) * (v - mu))), whole.Std[c], 10);
        }
        var batched = new Standardizer().Fit(new TensorDataset(images), batchSize: 7);
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(whole.Mean[c], batched.Mean[c], 10);
            Assert.Equal(whole.Std[c], batched.Std[c], 10);
        }
        var global = new Standardizer(axis: null).Fit(images);
        Assert.Single(global.Mean);
        Assert.Equal(values.Average(), global.Mean[0], 10);
        var z = whole.Transform(images);
        Assert.Equal(images.Shape, z.Shape);
        var transformed = whole.AsTransform()(new Batch([images], []));
        Assert.Equal(z.ToArray<float>(), transformed.Input.ToArray<float>());
    }

    [Fact]
    public void SavesAndLoadsAtomically()
    {
        using var dir = new TempDirectory();
        var scaler = new Standardizer().Fit(Tensor.FromArray(new float[,] { { 1, 10 }, { 3, 10 }, { 5, 40 } }));
        string path = dir.File("scaler.json");
        scaler.Save(path);
        Assert.Equal(["scaler.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        var loaded = Standardizer.Load(path);
        Assert.Equal(scaler.Mean, loaded.Mean);
        Assert.Equal(scaler.Std, loaded.Std);
        Assert.Equal(-1, loaded.Axis);
        Assert.Equal(3, loaded.SampleCount);
        File.WriteAllText(path, "{\"axis\": -1, \"mean\": [1], \"std\": [0]}");
        Assert.Throws<InvalidDataException>(() => Standardizer.Load(path));
        File.WriteAllText(path, "not json");
        Assert.Throws<InvalidDataException>(() => Standardizer.Load(path));
    }

    [Fact]
    public void MisuseRaisesClearly()
    {
        var scaler = new Standardizer();
        Assert.Throws<InvalidOperationException>(() => scaler.Transform(Tensor.Zeros([2, 2])));
        scaler.Fit(Tensor.Ones([3, 2]));
        var ex = Assert.Throws<ArgumentException>(() => scaler.Transform(Tensor.Zeros([2, 5])));
        Assert.Contains("5 features", ex.Message);
        Assert.Throws<ArgumentException>(() => new Standardizer().Fit(Tensor.Zeros([3], DType.Int32)));
        Assert.Throws<ArgumentException>(() => new Standardizer(axis: 0).Fit(Tensor.Zeros([3, 2])));
        Assert.Throws<ArgumentException>(() => Standardizer.FromStatistics([1, 2], [1]));
    }
}
