using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

public class DepthwiseConv2DTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        // Parameters: KH·KW·C·M + C·M.
        LayerHarness.Check(() => new DepthwiseConv2D(3, depthMultiplier: 2), [2, 5, 4, 3], [2, 3, 2, 6], 3 * 3 * 3 * 2 + 6);
        LayerHarness.Check(() => new DepthwiseConv2D((2, 3), strides: 2, padding: Padding.Same, useBias: false), [1, 5, 5, 2], [1, 3, 3, 2], 2 * 3 * 2);
    }

    [Fact]
    public void OutputChannelIsChannelTimesMultiplierPlusM()
    {
        // Keras layout: kernel (kh, kw, C, M); output channel c·M + m = Σ x[…, c] · kernel[…, c, m] + bias[c·M + m].
        var layer = new DepthwiseConv2D(2, depthMultiplier: 3);
        var x = Seq([1, 3, 3, 2], 0.5, 0.2);
        layer.Call(x);
        Assert.Equal(new Shape(2, 2, 2, 3), layer.Kernel!.Shape);
        Assert.Equal(new Shape(6), layer.Bias!.Shape);
        var k = Seq([2, 2, 2, 3], 0.3, 0.1, cos: true);
        Set(layer.Kernel, k);
        Set(layer.Bias, Tensor.Arange(6, DType.Float64) * 0.1);
        var y = layer.Call(x);
        var xs = x.ToArray<double>();
        var ks = k.ToArray<double>();
        var ys = y.ToArray<double>();
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
                for (int c = 0; c < 2; c++)
                    for (int m = 0; m < 3; m++)
                    {
                        double e = 0.1 * (c * 3 + m);
                        for (int a = 0; a < 2; a++)
                            for (int b = 0; b < 2; b++)
                                e += xs[((i + a) * 3 + (j + b)) * 2 + c] * ks[((a * 2 + b) * 2 + c) * 3 + m];
                        Assert.Equal(e, ys[(i * 2 + j) * 6 + c * 3 + m], 12);
                    }
    }

    [Fact]
    public void BadInputRaisesClearErrors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DepthwiseConv2D(3, depthMultiplier: 0));
        Assert.Throws<ArgumentException>(() => new DepthwiseConv2D(3, padding: Padding.Causal));
        var e = Assert.Throws<ArgumentException>(() => new DepthwiseConv2D(4, name: "dw").Call(Tensor.Zeros([1, 3, 3, 2])));
        Assert.Contains("dw", e.Message);
        Assert.Contains("(None, 3, 3, 2)", e.Message);
    }

    [Fact]
    public void ConfigRoundTrip()
    {
        var copy = RoundTrip(new DepthwiseConv2D((3, 2), padding: Padding.Same, depthMultiplier: 2, dilationRate: (1, 2)), Seq([2, 5, 5, 3], 0.3, 0.2));
        Assert.Equal(2, copy.GetConfig().GetInt("depth_multiplier"));
        Assert.Equal("glorot_uniform", copy.GetConfig().GetString("depthwise_initializer"));
    }
}
