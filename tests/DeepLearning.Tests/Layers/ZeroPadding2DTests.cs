using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

public class ZeroPadding2DTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        LayerHarness.Check(() => new ZeroPadding2D(), [2, 3, 2, 2], [2, 5, 4, 2], 0);
        LayerHarness.Check(() => new ZeroPadding2D((1, 0), (2, 3)), [1, 2, 2, 1], [1, 3, 7, 1], 0);
        LayerHarness.Check(() => new ZeroPadding2D((2, 1)), [1, 2, 2, 1], [1, 6, 4, 1], 0);
    }

    [Fact]
    public void ZerosAroundTheImage()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, [1, 2, 2, 1]);
        var y = new ZeroPadding2D((1, 0), (0, 1)).Call(x);
        Assert.Equal(new Shape(1, 3, 3, 1), y.Shape);
        TestHelpers.AssertValues([0, 0, 0, 1, 2, 0, 3, 4, 0], y);
    }

    [Fact]
    public void BadInputAndConfig()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZeroPadding2D(-1));
        Assert.Contains("(None, 4, 4)", Assert.Throws<ArgumentException>(() => new ZeroPadding2D().Call(Tensor.Zeros([1, 4, 4]))).Message);
        Assert.Equal(new[] { 1, 2, 3, 4 }, RoundTrip(new ZeroPadding2D((1, 2), (3, 4)), Seq([1, 2, 2, 2], 0.3, 0.1)).GetConfig().GetInts("padding"));
    }
}
