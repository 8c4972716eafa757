using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

public class Conv1DTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        LayerHarness.Check(() => new Conv1D(3, 3), [2, 7, 2], [2, 5, 3], 3 * 2 * 3 + 3);
        LayerHarness.Check(() => new Conv1D(2, 4, strides: 3, padding: Padding.Same), [2, 8, 3], [2, 3, 2], 4 * 3 * 2 + 2);
        LayerHarness.Check(() => new Conv1D(2, 2, dilationRate: 2, padding: Padding.Causal, groups: 2), [1, 6, 4], [1, 6, 2], 2 * 2 * 2 + 2);
    }

    [Fact]
    public void TheWorkedMovingAverageExample()
    {
        // SEEDS.md §4 item 5 (S3 §7.1): f = [4, 3, 2, −5, 3, 5, 2, 5, 5, 6], kernel [1/3, 1/3, 1/3], valid →
        // [3, 0, 0, 1, 10/3, 4, 4, 16/3]; first element 4·1/3 + 3·1/3 + 2·1/3.
        var conv = new Conv1D(1, 3, useBias: false);
        var f = Tensor.FromArray(new double[] { 4, 3, 2, -5, 3, 5, 2, 5, 5, 6 }, [1, 10, 1]);
        conv.Call(f);
        Set(conv.Kernel, Tensor.Full([3, 1, 1], 1.0 / 3, DType.Float64));
        var y = conv.Call(f);
        Assert.Equal(new Shape(1, 8, 1), y.Shape);
        TestHelpers.AssertValues([3, 0, 0, 1, 10.0 / 3, 4, 4, 16.0 / 3], y, 1e-12);
        // Same padding keeps the two edge cells the notes mark "??": (0 + 4 + 3)/3 and (5 + 6 + 0)/3.
        var same = new Conv1D(1, 3, padding: Padding.Same, useBias: false);
        same.Call(f);
        Set(same.Kernel, Tensor.Full([3, 1, 1], 1.0 / 3, DType.Float64));
        TestHelpers.AssertValues([7.0 / 3, 3, 0, 0, 1, 10.0 / 3, 4, 4, 16.0 / 3, 11.0 / 3], same.Call(f), 1e-12);
    }

    [Fact]
    public void CausalPaddingLooksOnlyBackwards()
    {
        // Keras Conv1D(padding="causal"): dilation·(K − 1) zeros before the sequence, output length = input length.
        var conv = new Conv1D(1, 2, padding: Padding.Causal, dilationRate: 2, useBias: false);
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5 }, [1, 5, 1]);
        conv.Call(x);
        Set(conv.Kernel, Tensor.FromArray(new double[] { 10, 1 }, [2, 1, 1]));
        // y[t] = 10·x[t − 2] + x[t].
        TestHelpers.AssertValues([1, 2, 13, 24, 35], conv.Call(x));
    }

    [Fact]
    public void BadInputRaisesClearErrors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv1D(-1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv1D(2, 0));
        Assert.Throws<ArgumentException>(() => new Conv1D(2, 3, strides: 2, dilationRate: 3));
        var e = Assert.Throws<ArgumentException>(() => new Conv1D(2, 5, name: "short").Call(Tensor.Zeros([1, 4, 3])));
        Assert.Contains("short", e.Message);
        Assert.Contains("(None, 4, 3)", e.Message);
        Assert.Contains("(batch, steps, channels)", Assert.Throws<ArgumentException>(() => new Conv1D(2, 2).Call(Tensor.Zeros([1, 4, 4, 3]))).Message);
    }

    [Fact]
    public void ConfigRoundTrip()
    {
        var copy = RoundTrip(new Conv1D(4, 3, padding: Padding.Causal, dilationRate: 2, groups: 2, activation: Activation.Sigmoid), Seq([2, 9, 2], 0.4, 0.1));
        Assert.Equal("causal", copy.GetConfig().GetString("padding"));
        Assert.Equal(new[] { 2 }, copy.GetConfig().GetInts("dilation_rate"));
    }
}
