using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

public class GlobalMaxPooling1DTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        LayerHarness.Check(() => new GlobalMaxPooling1D(), [2, 5, 3], [2, 3], 0);
        LayerHarness.Check(() => new GlobalMaxPooling1D(keepDims: true), [2, 5, 3], [2, 1, 3], 0);
    }

    [Fact]
    public void MaximumOverSteps()
    {
        var x = Tensor.FromArray(new double[] { 1, -10, 7, -20, 3, -30 }, [1, 3, 2]);
        TestHelpers.AssertValues([7, -10], new GlobalMaxPooling1D().Call(x));
        RoundTrip(new GlobalMaxPooling1D(), Seq([2, 4, 3], 0.3, 0.1));
    }
}
