using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

public class MaxPooling1DTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        LayerHarness.Check(() => new MaxPooling1D(), [2, 7, 3], [2, 3, 3], 0);
        LayerHarness.Check(() => new MaxPooling1D(3, strides: 2, padding: Padding.Same), [2, 7, 2], [2, 4, 2], 0);
    }

    [Fact]
    public void WindowsOfStepsPerChannel()
    {
        var x = Tensor.FromArray(new double[] { 1, -1, 5, -5, 2, -2, 0, 0, 7, -7 }, [1, 5, 2]);
        // pool 2 valid: steps (0,1), (2,3); channel 0: max(1,5), max(2,0); channel 1: max(−1,−5), max(−2,0).
        TestHelpers.AssertValues([5, -1, 2, 0], new MaxPooling1D().Call(x));
        // same: ⌈5/2⌉ = 3 windows, the last holds step 4 only.
        TestHelpers.AssertValues([5, -1, 2, 0, 7, -7], new MaxPooling1D(padding: Padding.Same).Call(x));
    }

    [Fact]
    public void BadInputAndConfig()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaxPooling1D(0));
        var e = Assert.Throws<ArgumentException>(() => new MaxPooling1D(4, name: "mp1").Call(Tensor.Zeros([1, 3, 2])));
        Assert.Contains("mp1", e.Message);
        Assert.Contains("(None, 3, 2)", e.Message);
        Assert.Throws<ArgumentException>(() => new MaxPooling1D().Call(Tensor.Zeros([1, 4, 4, 2])));
        RoundTrip(new MaxPooling1D(3, strides: 1, padding: Padding.Same), Seq([2, 6, 2], 0.3, 0.2));
    }
}
