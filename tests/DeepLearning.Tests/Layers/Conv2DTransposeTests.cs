using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

public class Conv2DTransposeTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        // Kernel (KH, KW, filters, C): parameters KH·KW·filters·C + filters.
        LayerHarness.Check(() => new Conv2DTranspose(2, 3, strides: 2, padding: Padding.Same), [2, 3, 2, 3], [2, 6, 4, 2], 3 * 3 * 2 * 3 + 2);
        LayerHarness.Check(() => new Conv2DTranspose(3, (2, 3), strides: (2, 1)), [1, 3, 3, 2], [1, 6, 5, 3], 2 * 3 * 3 * 2 + 3);
        LayerHarness.Check(() => new Conv2DTranspose(1, 3, strides: 3, outputPadding: (2, 1), useBias: false), [1, 2, 2, 2], [1, 8, 7, 1], 3 * 3 * 1 * 2);
    }

    [Fact]
    public void SameStridedTransposeMatchesKeras()
    {
        // the script at the top of Conv2DTests.cs (torch 1.13, float64): x = seq((1,2,3,2), 0.7, 0.3); Keras kernel k = seq((4,3,1,2), 0.3, -0.5, cos)
        // with layout (kh, kw, out, in) → torch weight k.permute(3,2,0,1) = (in, out, kh, kw);
        // full = F.conv_transpose2d(x, w, bias=[0.25], stride=2) is 6×7; Keras "same" output 4×6 (= H·s, W·s) starts at
        // TF's SAME pad before ⌊((2−1)·2 + 4 − 4)/2⌋ = 1 row and ⌊((3−1)·2 + 3 − 6)/2⌋ = 0 columns: full[1:5, 0:6].
        var layer = new Conv2DTranspose(1, (4, 3), strides: 2, padding: Padding.Same);
        var x = Seq([1, 2, 3, 2], 0.7, 0.3);
        layer.Call(x);
        Assert.Equal(new Shape(4, 3, 1, 2), layer.Kernel!.Shape);
        Set(layer.Kernel, Seq([4, 3, 1, 2], 0.3, -0.5, cos: true));
        Set(layer.Bias, Tensor.FromArray(new[] { 0.25 }));
        var y = layer.Call(x);
        Assert.Equal(new Shape(1, 4, 6, 1), y.Shape);
        TestHelpers.AssertValues([0.30448075833001875, -0.34074521430836036, -0.5340609147622435, -0.46810572346415835, -1.1519136940448165,
            0.5966364580733331, -2.582505019406798, -2.3370150001176224, -2.8544263272796564, -1.1176033971420367, 1.9251202343695468,
            2.3721197160518313, 0.46366965125591064, 2.040504558412148, 3.3841797956998647, 1.4884266912837003, 1.8216119211685426,
            -1.1195208655943687, 2.0808070653861277, 1.6565078238233846, 0.8132306244553226, 0.36344778640263437, -1.4413015788375276,
            -1.1179430315769594], y, 1e-12);
    }

    [Fact]
    public void ValidTransposeWithOutputPaddingMatchesKeras()
    {
        // the script at the top of Conv2DTests.cs: x = seq((1,2,2,1), 0.7, 0.3); k = seq((2,3,1,1), 0.3, -0.5, cos); stride 2, valid,
        // output_padding 1: (2−1)·2 + 2 + 1 = 5 rows, (2−1)·2 + 3 + 1 = 6 columns; the extra last row/column gets nothing
        // (F.conv_transpose2d(..., stride=2, output_padding=1), no bias).
        var layer = new Conv2DTranspose(1, (2, 3), strides: 2, outputPadding: 1, useBias: false);
        var x = Seq([1, 2, 2, 1], 0.7, 0.3);
        layer.Call(x);
        Set(layer.Kernel, Seq([2, 3, 1, 1], 0.3, -0.5, cos: true));
        TestHelpers.AssertValues([0.25934338005223073, 0.2896294776255156, 1.0325040991559844, 0.8246975884333746, 0.8372671348444592, 0,
            0.27219213529543146, 0.22602632124962307, 0.9347163507814986, 0.6435925085569042, 0.4546487134128408, 0,
            0.8702677448934081, 0.9718975371457346, 1.5794853254105485, 0.6619988878205276, 0.6720886781403386, 0,
            0.9133837760330332, 0.7584670826795239, 1.157941572226554, 0.51662273644288, 0.36495431398081457, 0,
            0, 0, 0, 0, 0, 0], layer.Call(x), 1e-12);
    }

    [Fact]
    public void BadInputRaisesClearErrors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2DTranspose(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2DTranspose(2, 3, strides: 2, outputPadding: 2));
        Assert.Throws<ArgumentException>(() => new Conv2DTranspose(2, 3, strides: 2, dilationRate: 2));
        var e = Assert.Throws<ArgumentException>(() => new Conv2DTranspose(2, 3, name: "up").Call(Tensor.Zeros([4, 4, 3])));
        Assert.Contains("up", e.Message);
        Assert.Contains("(None, 4, 3)", e.Message);
    }

    [Fact]
    public void ConfigRoundTrip()
    {
        var copy = RoundTrip(new Conv2DTranspose(3, (3, 2), strides: (2, 3), padding: Padding.Same, outputPadding: (1, 0)), Seq([2, 3, 2, 2], 0.3, 0.2));
        Assert.Equal(new[] { 1, 0 }, copy.GetConfig().GetInts("output_padding"));
        RoundTrip(new Conv2DTranspose(2, 3), Seq([1, 2, 2, 1], 0.3, 0.2));
    }
}
