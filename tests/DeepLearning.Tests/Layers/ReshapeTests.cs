using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

public class ReshapeTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        LayerHarness.Check(() => new Reshape([3, 4]), [2, 12], [2, 3, 4], 0);
        LayerHarness.Check(() => new Reshape([-1, 2]), [2, 3, 4], [2, 6, 2], 0);
    }

    [Fact]
    public void TargetShapeExcludesTheBatchAxis()
    {
        var x = Tensor.Arange(12, DType.Float64).Reshape(2, 6);
        var y = new Reshape([3, -1]).Call(x);
        Assert.Equal(new Shape(2, 3, 2), y.Shape);
        TestHelpers.AssertValues(Enumerable.Range(0, 12).Select(i => (double)i).ToArray(), y);
        Assert.Equal(new Shape(5, 2, 3, 2), new Reshape([2, 3, 2]).Call(Tensor.Zeros([5, 12])).Shape);
    }

    [Fact]
    public void BadInputRaisesClearErrors()
    {
        Assert.Throws<ArgumentException>(() => new Reshape([-1, -1]));
        Assert.Throws<ArgumentException>(() => new Reshape([0, 3]));
        Assert.Throws<ArgumentException>(() => new Reshape([-2]));
        var e = Assert.Throws<ArgumentException>(() => new Reshape([5, -1], name: "rs").Call(Tensor.Zeros([2, 12])));
        Assert.Contains("rs", e.Message);
        Assert.Contains("(None, 12)", e.Message);
        Assert.Throws<ArgumentException>(() => new Reshape([3, 5]).Call(Tensor.Zeros([2, 12])));
    }

    [Fact]
    public void ConfigRoundTrip() => Assert.Equal(new[] { 2, -1 }, RoundTrip(new Reshape([2, -1]), Seq([3, 6], 0.2, 0.1)).GetConfig().GetInts("target_shape"));
}
