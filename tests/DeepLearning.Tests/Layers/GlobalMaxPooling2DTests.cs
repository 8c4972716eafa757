using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

public class GlobalMaxPooling2DTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        LayerHarness.Check(() => new GlobalMaxPooling2D(), [2, 3, 4, 3], [2, 3], 0);
        LayerHarness.Check(() => new GlobalMaxPooling2D(keepDims: true), [2, 3, 4, 3], [2, 1, 1, 3], 0);
    }

    [Fact]
    public void MaximumOverRowsAndColumns()
    {
        var x = Tensor.FromArray(new double[] { 1, 10, 2, 20, 3, -30, 6, 6 }, [1, 2, 2, 2]);
        TestHelpers.AssertValues([6, 20], new GlobalMaxPooling2D().Call(x));
        RoundTrip(new GlobalMaxPooling2D(), Seq([2, 3, 3, 2], 0.3, 0.1));
    }
}
