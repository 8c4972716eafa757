using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

public class GlobalAveragePooling1DTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        LayerHarness.Check(() => new GlobalAveragePooling1D(), [2, 5, 3], [2, 3], 0);
        LayerHarness.Check(() => new GlobalAveragePooling1D(keepDims: true), [2, 5, 3], [2, 1, 3], 0);
    }

    [Fact]
    public void MaskedStepsAreLeftOut()
    {
        // Keras: Σ_t m[t]·x[t, c] / Σ_t m[t]; the output carries no mask.
        var x = Tensor.FromArray(new double[] { 1, 10, 2, 20, 3, 30, 100, 100, 4, 40, 5, 50 }, [2, 3, 2]);
        var mask = Tensor.FromArray(new float[] { 1, 1, 0, 1, 1, 1 }, [2, 3]);
        var layer = new GlobalAveragePooling1D();
        var y = layer.Call(x, mask: mask);
        TestHelpers.AssertValues([1.5, 15, (100 + 4 + 5) / 3.0, (100 + 40 + 50) / 3.0], y);
        Assert.Null(y.Mask);
        TestHelpers.AssertValues([2, 20, 109 / 3.0, 190 / 3.0], layer.Call(x));
        // The mask travelling on the input tensor is used too, and gradients flow to valid steps only.
        var xg = x.Detach().Clone();
        xg.RequiresGrad = true;
        var masked = xg * 1;
        masked.Mask = mask;
        layer.Call(masked).Sum().Backward();
        TestHelpers.AssertValues([0.5, 0.5, 0.5, 0.5, 0, 0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 1 / 3.0], xg.Grad!);
        Assert.Throws<ArgumentException>(() => layer.Call(x, mask: Tensor.Ones([2, 4])));
    }

    [Fact]
    public void BadInputAndConfig()
    {
        Assert.Contains("(None, 4, 4, 2)", Assert.Throws<ArgumentException>(() => new GlobalAveragePooling1D().Call(Tensor.Zeros([1, 4, 4, 2]))).Message);
        Assert.True(RoundTrip(new GlobalAveragePooling1D(keepDims: true), Seq([2, 4, 3], 0.3, 0.1)).GetConfig().GetBool("keepdims"));
    }
}
