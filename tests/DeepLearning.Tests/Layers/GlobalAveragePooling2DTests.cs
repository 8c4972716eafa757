using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

public class GlobalAveragePooling2DTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        LayerHarness.Check(() => new GlobalAveragePooling2D(), [2, 3, 4, 3], [2, 3], 0);
        LayerHarness.Check(() => new GlobalAveragePooling2D(keepDims: true), [2, 3, 4, 3], [2, 1, 1, 3], 0);
    }

    [Fact]
    public void MeanOverRowsAndColumns()
    {
        var x = Tensor.FromArray(new double[] { 1, 10, 2, 20, 3, 30, 6, 60 }, [1, 2, 2, 2]);
        TestHelpers.AssertValues([3, 30], new GlobalAveragePooling2D().Call(x));
        Assert.Contains("(None, 4, 2)", Assert.Throws<ArgumentException>(() => new GlobalAveragePooling2D().Call(Tensor.Zeros([1, 4, 2]))).Message);
        RoundTrip(new GlobalAveragePooling2D(keepDims: true), Seq([2, 3, 3, 2], 0.3, 0.1));
    }
}
