using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

public class FlattenTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        LayerHarness.Check(() => new Flatten(), [2, 3, 4, 2], [2, 24], 0);
        LayerHarness.Check(() => new Flatten(), [3, 5], [3, 5], 0);
    }

    [Fact]
    public void RowMajorOrderOfNhwcFeatures()
    {
        // Keras (channels_last): feature index (h·W + w)·C + c. SEEDS.md §4 item 9: 14×14×64 → 12,544.
        var x = Tensor.Arange(12, DType.Float64).Reshape(1, 2, 3, 2);
        TestHelpers.AssertValues([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], new Flatten().Call(x));
        Assert.Equal(new Shape(2, 12_544), new Flatten().Call(Tensor.Zeros([2, 14, 14, 64])).Shape);
        Assert.Equal(new Shape(4, 1), new Flatten().Call(Tensor.Zeros([4])).Shape);
        // A non-contiguous input is copied in logical order.
        var t = Tensor.Arange(6, DType.Float64).Reshape(1, 2, 3).Transpose(1, 2);
        TestHelpers.AssertValues([0, 3, 1, 4, 2, 5], new Flatten().Call(t));
        RoundTrip(new Flatten(), Seq([2, 3, 2], 0.3, 0.1));
    }
}
