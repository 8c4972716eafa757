using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

public class AveragePooling1DTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        LayerHarness.Check(() => new AveragePooling1D(3), [2, 7, 3], [2, 2, 3], 0);
        LayerHarness.Check(() => new AveragePooling1D(2, strides: 1, padding: Padding.Same), [1, 5, 2], [1, 5, 2], 0);
    }

    [Fact]
    public void SameExcludesPaddedSteps()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5 }, [1, 5, 1]);
        // pool 2, stride 2, same: ⌈5/2⌉ = 3, the last window holds step 4 only: (1+2)/2, (3+4)/2, 5/1.
        TestHelpers.AssertValues([1.5, 3.5, 5], new AveragePooling1D(padding: Padding.Same).Call(x));
        TestHelpers.AssertValues([1.5, 3.5], new AveragePooling1D().Call(x));
    }

    [Fact]
    public void Config() => RoundTrip(new AveragePooling1D(3, padding: Padding.Same), Seq([2, 7, 2], 0.3, 0.2));
}
