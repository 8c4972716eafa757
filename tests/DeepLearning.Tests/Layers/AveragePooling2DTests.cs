using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

public class AveragePooling2DTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        LayerHarness.Check(() => new AveragePooling2D(), [2, 4, 5, 3], [2, 2, 2, 3], 0);
        LayerHarness.Check(() => new AveragePooling2D(3, strides: (2, 1), padding: Padding.Same), [1, 5, 4, 2], [1, 3, 4, 2], 0);
    }

    [Fact]
    public void SamePaddingAveragesOnlyRealCells()
    {
        // Keras/TensorFlow "same" average pooling divides by the number of cells inside the input (hand-derived):
        // 3×3 image 1…9, pool 2, stride 2 → pads (0, 1): (1+2+4+5)/4, (3+6)/2, (7+8)/2, 9/1.
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, [1, 3, 3, 1]);
        TestHelpers.AssertValues([3, 4.5, 7.5, 9], new AveragePooling2D(2, padding: Padding.Same).Call(x));
        x.RequiresGrad = true;
        new AveragePooling2D(2, padding: Padding.Same).Call(x).Sum().Backward();
        TestHelpers.AssertValues([0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 0.5, 0.5, 1], x.Grad!);
    }

    [Fact]
    public void ValidWindowsAreMeans()
    {
        var x = Tensor.FromArray(new double[] { 1, 1, 2, 4, 5, 6, 7, 8, 3, 2, 1, 0, 1, 2, 3, 4 }, [1, 4, 4, 1]);
        TestHelpers.AssertValues([13.0 / 4, 21.0 / 4, 2, 2], new AveragePooling2D().Call(x));
    }

    [Fact]
    public void BadInputAndConfig()
    {
        var e = Assert.Throws<ArgumentException>(() => new AveragePooling2D(4, name: "avg").Call(Tensor.Zeros([1, 3, 3, 1])));
        Assert.Contains("avg", e.Message);
        RoundTrip(new AveragePooling2D((2, 3), padding: Padding.Same), Seq([2, 5, 5, 2], 0.3, 0.2));
    }
}
