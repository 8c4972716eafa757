using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

public class MaxPooling2DTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        // Continuous random inputs have no ties, so the max is differentiable there.
        LayerHarness.Check(() => new MaxPooling2D(), [2, 4, 6, 3], [2, 2, 3, 3], 0);
        LayerHarness.Check(() => new MaxPooling2D(3, strides: 2, padding: Padding.Same), [1, 5, 4, 2], [1, 3, 2, 2], 0);
        LayerHarness.Check(() => new MaxPooling2D((2, 1)), [1, 5, 3, 2], [1, 2, 3, 2], 0);
    }

    [Fact]
    public void FourByFourWithF2S2GivesTwoByTwo()
    {
        // SEEDS.md §4 item 8 (S3 §7.3): "max Pool Layer over a matrix of 4×4, with F = 2 and S = 2, would yield a
        // pooled output of 2×2". Values: the max of each 2×2 block (hand-derived).
        var x = Tensor.FromArray(new double[] { 1, 1, 2, 4, 5, 6, 7, 8, 3, 2, 1, 0, 1, 2, 3, 4 }, [1, 4, 4, 1]);
        var y = new MaxPooling2D(2, strides: 2).Call(x);
        Assert.Equal(new Shape(1, 2, 2, 1), y.Shape);
        TestHelpers.AssertValues([6, 8, 3, 4], y);
    }

    [Fact]
    public void TheGradientGoesToTheFirstMaximum()
    {
        var x = Tensor.FromArray(new double[] { 2, 7, 7, 1, 5, 5, 5, 5, 0, 3, 3, 0, 3, 3, 1, 1 }, [1, 4, 4, 1]);
        x.RequiresGrad = true;
        new MaxPooling2D().Call(x).Sum().Backward();
        // Windows (row-major): {2,7,5,5} → the 7 at (0,1); {7,1,5,5} → the 7 at (0,2); {0,3,3,3} → (2,1); {3,0,1,1} → (2,2).
        TestHelpers.AssertValues([0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0], x.Grad!);
    }

    [Fact]
    public void SamePaddingNeverPicksAPaddedCell()
    {
        var x = Tensor.FromArray(new double[] { -1, -2, -3, -4, -5, -6, -7, -8, -9 }, [1, 3, 3, 1]);
        // Pool 2, stride 2, same: pads (0, 1) on both axes; all values are negative, a zero pad would win if counted.
        TestHelpers.AssertValues([-1, -3, -7, -9], new MaxPooling2D(2, padding: Padding.Same).Call(x));
    }

    [Fact]
    public void BadInputRaisesClearErrors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaxPooling2D(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaxPooling2D(2, strides: (1, -1)));
        Assert.Throws<ArgumentException>(() => new MaxPooling2D(2, padding: Padding.Causal));
        var e = Assert.Throws<ArgumentException>(() => new MaxPooling2D(3, name: "pool").Call(Tensor.Zeros([1, 2, 5, 1])));
        Assert.Contains("pool", e.Message);
        Assert.Contains("(None, 2, 5, 1)", e.Message);
        Assert.Contains("(None, 5, 1)", Assert.Throws<ArgumentException>(() => new MaxPooling2D().Call(Tensor.Zeros([1, 5, 1]))).Message);
    }

    [Fact]
    public void ConfigRoundTrip()
    {
        var copy = RoundTrip(new MaxPooling2D((3, 2), strides: (1, 2), padding: Padding.Same), Seq([2, 5, 5, 2], 0.3, 0.2));
        Assert.Equal(new[] { 3, 2 }, copy.GetConfig().GetInts("pool_size"));
        RoundTrip(new MaxPooling2D(), Seq([1, 4, 4, 1], 0.3, 0.2));
    }
}
