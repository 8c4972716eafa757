using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

public class Cropping2DTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        LayerHarness.Check(() => new Cropping2D(1), [2, 4, 5, 2], [2, 2, 3, 2], 0);
        LayerHarness.Check(() => new Cropping2D((0, 2), (1, 0)), [1, 4, 3, 1], [1, 2, 2, 1], 0);
    }

    [Fact]
    public void KeepsTheInterior()
    {
        var x = Tensor.Arange(12, DType.Float64).Reshape(1, 3, 4, 1);
        TestHelpers.AssertValues([5, 6], new Cropping2D((1, 1), (1, 1)).Call(x));
        TestHelpers.AssertValues([1, 2, 3, 5, 6, 7], new Cropping2D((0, 1), (1, 0)).Call(x));
    }

    [Fact]
    public void BadInputAndConfig()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Cropping2D((0, -1), (0, 0)));
        var e = Assert.Throws<ArgumentException>(() => new Cropping2D((2, 1), (0, 0), name: "crop").Call(Tensor.Zeros([1, 3, 4, 1])));
        Assert.Contains("crop", e.Message);
        Assert.Contains("(None, 3, 4, 1)", e.Message);
        var layer = new Cropping2D(1);
        layer.Call(Tensor.Zeros([1, 5, 5, 1]));
        Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Zeros([1, 2, 5, 1])));
        RoundTrip(new Cropping2D((1, 0), (0, 2)), Seq([2, 3, 4, 2], 0.3, 0.1));
    }
}
