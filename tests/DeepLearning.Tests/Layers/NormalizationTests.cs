using DeepLearning.Layers;

namespace DeepLearning.Tests.Layers;

public class NormalizationTests
{
    [Fact]
    public void GivenStatisticsStandardiseAndInvert()
    {
        // y = (x − mean)/max(√variance, 1e-7): features with mean [1, 2] and variance [4, 0.25].
        var norm = new Normalization(mean: [1, 2], variance: [4, 0.25]);
        var y = norm.Call(TestHelpers.D([3, 2, -1, 3], [2, 2]));
        TestHelpers.AssertValues([1, 0, -1, 2], y, 1e-15);
        Assert.Equal(0, norm.CountParams()); // given statistics are configuration, not weights (Keras)
        var inverse = new Normalization(mean: [1, 2], variance: [4, 0.25], invert: true);
        TestHelpers.AssertValues([3, 2, -1, 3], inverse.Call(y), 1e-15);
        // One scalar broadcast to every feature; a zero variance divides by 1e-7, not by 0.
        TestHelpers.AssertValues([5, 50], new Normalization(mean: [1], variance: [0.16]).Call(TestHelpers.D([3, 21], [1, 2])), 1e-12);
        TestHelpers.AssertValues([1e7], new Normalization(mean: [0], variance: [0]).Call(TestHelpers.D([1], [1, 1])), 1e-12);
    }

    [Fact]
    public void AdaptLearnsPerFeatureMomentsWithKerasParameterCounts()
    {
        var data = TestHelpers.D([1, 10, 2, 20, 3, 30, 6, 60], [4, 2]);
        var norm = new Normalization();
        norm.Adapt(data);
        // mean [3, 30]; biased variance [(4 + 1 + 0 + 9)/4, 100·3.5] = [3.5, 350].
        TestHelpers.AssertValues([3, 30], norm.Mean!, 1e-15);
        TestHelpers.AssertValues([3.5, 350], norm.Variance!, 1e-15);
        Assert.Equal(4, norm.Count!.Item<int>());
        // mean, variance and count are non-trainable weights: 2·features + 1 parameters, as Keras.
        Assert.Equal(5, norm.CountParams());
        Assert.Empty(norm.TrainableWeights);
        Assert.Equal(3, norm.NonTrainableWeights.Count);
        var y = norm.Call(data);
        TestHelpers.AssertClose(Tensor.Zeros([2], DType.Float64), y.Mean(0), 0, 1e-7);
        TestHelpers.AssertClose(Tensor.Ones([2], DType.Float64), y.Var(0), 1e-6, 0);
    }

    [Fact]
    public void StreamingAdaptEqualsOneShotAdapt()
    {
        // Keras's lack-of-fit combination of batch moments, over uneven batches of an NHWC-like tensor with one
        // statistic per channel (axis −1) and with scalar statistics (no kept axis).
        var data = Tensor.RandomNormal([23, 3, 2, 4], 5, 3, DType.Float32, new Generator(12));
        var batches = new[] { data.Narrow(0, 0, 7), data.Narrow(0, 7, 1), data.Narrow(0, 8, 10), data.Narrow(0, 18, 5) };
        foreach (var make in new Func<Normalization>[] { () => new Normalization(), () => new Normalization(Array.Empty<int>()), () => new Normalization([1, 3]) })
        {
            var once = make();
            once.Adapt(data);
            var streamed = make();
            streamed.Adapt(batches);
            TestHelpers.AssertClose(once.Mean!, streamed.Mean!, 1e-6, 1e-6);
            TestHelpers.AssertClose(once.Variance!, streamed.Variance!, 1e-6, 1e-6);
            Assert.Equal(once.Count!.Item<int>(), streamed.Count!.Item<int>());
            TestHelpers.AssertClose(once.Call(data), streamed.Call(data), 1e-5, 1e-5);
        }
        // In float64 the streamed moments equal those of the concatenation to rounding.
        var d64 = data.Cast(DType.Float64);
        var norm = new Normalization();
        norm.Adapt(new[] { d64.Narrow(0, 0, 5), d64.Narrow(0, 5, 18) });
        TestHelpers.AssertClose(d64.Mean([0, 1, 2]), norm.Mean!, 1e-12, 1e-12);
        TestHelpers.AssertClose(d64.Var([0, 1, 2]), norm.Variance!, 1e-12, 1e-12);
        Assert.Equal(23 * 3 * 2, norm.Count!.Item<int>());
    }

    [Fact]
    public void GoesThroughTheHarness()
    {
        LayerHarness.Check(() => new Normalization(mean: [1, 2, 3], variance: [1, 4, 9]), [4, 3], [4, 3], 0);
        LayerHarness.Check(() => new Normalization(), [4, 3], [4, 3], 0, 7);
        LayerHarness.Check(() => new Normalization([1, 2]), [2, 3, 4], [2, 3, 4], 0, 25);
        LayerHarness.Check(() => new Normalization(invert: true), [4, 3], [4, 3], 0, 7);
    }

    [Fact]
    public void BadArgumentsAndShapesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new Normalization(mean: [1]));
        Assert.Throws<ArgumentException>(() => new Normalization(mean: [1, 2], variance: [1]));
        Assert.Throws<ArgumentException>(() => new Normalization(mean: [1], variance: [-1]));
        Assert.Throws<InvalidOperationException>(() => new Normalization(mean: [1], variance: [1]).Adapt(Tensor.Ones([2, 1])));
        Assert.Throws<ArgumentException>(() => new Normalization().Adapt(Array.Empty<Tensor>()));
        var e = Assert.Throws<ArgumentException>(() => new Normalization(mean: [1, 2, 3], variance: [1, 1, 1], name: "probe_norm").Call(Tensor.Ones([2, 2])));
        Assert.Contains("probe_norm", e.Message);
        var norm = new Normalization(name: "probe_adapt");
        norm.Adapt(Tensor.Ones([3, 4]));
        var a = Assert.Throws<ArgumentException>(() => norm.Adapt(Tensor.Ones([3, 5])));
        Assert.Contains("(3, 5)", a.Message);
        Assert.Contains("(None, 4)", a.Message);
    }
}

public class RescalingTests
{
    [Fact]
    public void ScalesAndOffsetsLikeKeras()
    {
        // y = x·scale + offset: pixels to [0, 1] and to [−1, 1]; int inputs are cast to float32 first.
        var pixels = Tensor.FromArray(new[] { 0, 51, 255 }, [1, 3]);
        var y = new Rescaling(1.0 / 255).Call(pixels);
        Assert.Equal(DType.Float32, y.DType);
        TestHelpers.AssertValues([0, 0.2, 1], y, 1e-7);
        TestHelpers.AssertValues([-1, -0.6, 1], new Rescaling(1.0 / 127.5, -1).Call(pixels), 1e-6);
        // Per-channel: [x₀·2 + 1, x₁·0.5 − 1].
        TestHelpers.AssertValues([3, -0.5, 5, 0], new Rescaling([2, 0.5], [1, -1]).Call(TestHelpers.T([1, 1, 2, 2], [2, 2])), 1e-7);
        LayerHarness.Check(() => new Rescaling(0.5, 2), [3, 4], [3, 4], 0);
        LayerHarness.Check(() => new Rescaling([1, 2, 3, 4], [0, 0, 1, 1]), [2, 3, 4], [2, 3, 4], 0);
        var e = Assert.Throws<ArgumentException>(() => new Rescaling([1, 2], [0], name: "probe_rescale").Call(Tensor.Ones([1, 3])));
        Assert.Contains("probe_rescale", e.Message);
        Assert.Throws<ArgumentException>(() => new Rescaling(double.NaN));
    }
}
