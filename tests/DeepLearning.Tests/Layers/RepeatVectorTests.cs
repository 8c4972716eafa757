using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

public class RepeatVectorTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients() => LayerHarness.Check(() => new RepeatVector(3), [2, 4], [2, 3, 4], 0);

    [Fact]
    public void RepeatsEachSample()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, [2, 2]);
        TestHelpers.AssertValues([1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4], new RepeatVector(3).Call(x));
        x.RequiresGrad = true;
        new RepeatVector(3).Call(x).Sum().Backward();
        TestHelpers.AssertValues([3, 3, 3, 3], x.Grad!);
    }

    [Fact]
    public void BadInputAndConfig()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RepeatVector(0));
        Assert.Contains("(None, 2, 2)", Assert.Throws<ArgumentException>(() => new RepeatVector(2).Call(Tensor.Zeros([1, 2, 2]))).Message);
        Assert.Equal(4, RoundTrip(new RepeatVector(4), Seq([2, 3], 0.3, 0.1)).GetConfig().GetInt("n"));
    }
}
