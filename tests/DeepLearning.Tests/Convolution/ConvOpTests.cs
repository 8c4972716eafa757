using DeepLearning.Autograd;

namespace DeepLearning.Tests.Convolution;

/// <summary>The differentiable convolution and pooling ops: GradCheck (float64) of every node, output sizes,
/// the adjoint identity of the transposed convolution, and bad input.</summary>
public class ConvOpTests
{
    private static Tensor R(Shape shape, ulong seed) => Tensor.RandomUniform(shape, -1, 1, DType.Float64, new Generator(seed));

    private static void Passes(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        var report = GradCheck.Check(f, inputs);
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void Conv2DGradientsMatchCentralDifferences()
    {
        Passes(t => t[0].Conv2D(t[1], (2, 1), Padding.Same), R([2, 5, 4, 3], 1), R([3, 2, 3, 4], 2));
        Passes(t => t[0].Conv2D(t[1], null, Padding.Same, dilation: (2, 2)), R([1, 5, 5, 2], 3), R([3, 3, 2, 2], 4));
        Passes(t => t[0].Conv2D(t[1], (2, 2), Padding.Valid, groups: 2), R([2, 5, 5, 4], 5), R([2, 2, 2, 4], 6));
        Passes(t => t[0].Conv2D(t[1], (3, 2), (2, 0, 1, 3)), R([1, 4, 5, 2], 7), R([2, 3, 2, 3], 8));
        Passes(t => t[0].Conv2D(t[1]), R([2, 3, 3, 3], 9), R([1, 1, 3, 2], 10));
    }

    [Fact]
    public void Conv1DDepthwiseAndTransposedGradientsMatchCentralDifferences()
    {
        Passes(t => t[0].Conv1D(t[1], 2, Padding.Same), R([2, 7, 3], 11), R([3, 3, 2], 12));
        Passes(t => t[0].Conv1D(t[1], 1, Padding.Causal, dilation: 2), R([1, 6, 2], 13), R([2, 2, 3], 14));
        Passes(t => t[0].DepthwiseConv2D(t[1], (2, 2), Padding.Same), R([2, 5, 4, 3], 15), R([3, 3, 3, 2], 16));
        Passes(t => t[0].Conv2DTranspose(t[1], (2, 2), Padding.Same), R([1, 3, 2, 3], 17), R([3, 3, 2, 3], 18));
        Passes(t => t[0].Conv2DTranspose(t[1], (2, 3), Padding.Valid, outputPadding: (1, 2)), R([2, 2, 3, 2], 19), R([2, 3, 3, 2], 20));
        Passes(t => t[0].Conv2DTranspose(t[1], null, Padding.Same, dilation: (2, 1)), R([1, 3, 3, 2], 21), R([3, 2, 2, 2], 22));
    }

    [Fact]
    public void PoolingGradientsMatchCentralDifferences()
    {
        // Continuous random inputs have no ties, so max pooling is differentiable at them.
        Passes(t => t[0].MaxPool2D((2, 2)), R([2, 4, 5, 3], 23));
        Passes(t => t[0].MaxPool2D((3, 3), (1, 2), Padding.Same), R([1, 5, 4, 2], 24));
        Passes(t => t[0].AvgPool2D((3, 2), (2, 1), Padding.Same), R([2, 5, 4, 2], 25));
        Passes(t => t[0].AvgPool2D((2, 2)), R([1, 4, 4, 3], 26));
        Passes(t => t[0].MaxPool1D(3, 2, Padding.Same), R([2, 7, 2], 27));
        Passes(t => t[0].AvgPool1D(2, 1), R([2, 5, 3], 28));
    }

    [Fact]
    public void OpsOnTheReferenceDeviceAgreeWithTheCpu()
    {
        var x = R([2, 6, 5, 4], 29);
        var k = R([3, 3, 2, 6], 30);
        var xr = x.To(TestHelpers.Reference);
        var kr = k.To(TestHelpers.Reference);
        TestHelpers.AssertClose(xr.Conv2D(kr, (2, 1), Padding.Same, groups: 2), x.Conv2D(k, (2, 1), Padding.Same, groups: 2), 1e-12, 1e-12);
        var kt = R([3, 2, 5, 4], 31);
        TestHelpers.AssertClose(xr.Conv2DTranspose(kt.To(TestHelpers.Reference), (2, 2), Padding.Same, (1, 0)),
            x.Conv2DTranspose(kt, (2, 2), Padding.Same, (1, 0)), 1e-12, 1e-12);
        TestHelpers.AssertClose(xr.MaxPool2D((3, 2), (2, 2), Padding.Same), x.MaxPool2D((3, 2), (2, 2), Padding.Same), 0, 0);
        TestHelpers.AssertClose(xr.AvgPool2D((3, 3), (2, 2), Padding.Same), x.AvgPool2D((3, 3), (2, 2), Padding.Same), 1e-14, 1e-14);
    }

    [Theory]
    // SEEDS.md §4 item 7: 128×128, stride 2, same, k = 3 → 64×64 (Keras "same" gives ⌈n/s⌉).
    [InlineData(128, 3, 2, Padding.Same, 1, 64)]
    // item 4: 32×32 input, 5×5 kernel, valid → 28×28; (n + 2p − f)/s + 1 with p = 0.
    [InlineData(32, 5, 1, Padding.Valid, 1, 28)]
    [InlineData(7, 3, 2, Padding.Valid, 1, 3)]
    [InlineData(7, 3, 3, Padding.Same, 1, 3)]
    [InlineData(9, 3, 1, Padding.Valid, 2, 5)]
    [InlineData(9, 3, 1, Padding.Same, 2, 9)]
    [InlineData(4, 4, 1, Padding.Valid, 1, 1)]
    public void OutputSizesFollowKeras(int n, int k, int s, Padding padding, int d, int expected)
    {
        var y = Tensor.Zeros([1, n, n, 1]).Conv2D(Tensor.Zeros([k, k, 1, 1]), (s, s), padding, (d, d));
        Assert.Equal(new Shape(1, expected, expected, 1), y.Shape);
    }

    [Theory]
    // Keras deconv_output_length (keras/src/utils/... conv_utils): valid n·s + max(k − s, 0); same n·s;
    // with output padding p: (n − 1)·s + k − 2·⌊k/2⌋·[same] + p.
    [InlineData(4, 3, 2, Padding.Valid, -1, 9)]
    [InlineData(4, 3, 2, Padding.Same, -1, 8)]
    [InlineData(4, 1, 3, Padding.Valid, -1, 12)]
    [InlineData(4, 3, 2, Padding.Same, 1, 8)]
    [InlineData(4, 3, 2, Padding.Same, 0, 7)]
    [InlineData(4, 4, 2, Padding.Same, 1, 7)]
    [InlineData(4, 3, 2, Padding.Valid, 1, 10)]
    [InlineData(5, 2, 1, Padding.Valid, -1, 6)]
    public void TransposedOutputSizesFollowKeras(int n, int k, int s, Padding padding, int outputPadding, int expected)
    {
        var y = Tensor.Zeros([1, n, n, 2]).Conv2DTranspose(Tensor.Zeros([k, k, 3, 2]), (s, s), padding,
            outputPadding < 0 ? null : (outputPadding, outputPadding));
        Assert.Equal(new Shape(1, expected, expected, 3), y.Shape);
    }

    [Theory]
    [InlineData(Padding.Valid, -1, -1)]
    [InlineData(Padding.Same, -1, -1)]
    [InlineData(Padding.Same, 1, 0)]
    [InlineData(Padding.Valid, 1, 1)]
    public void TransposedConvolutionIsTheAdjointOfConvolution(Padding padding, int opH, int opW)
    {
        // ⟨conv(u), v⟩ = ⟨u, convᵀ(v)⟩ where conv maps the transposed output shape back to its input shape.
        (int, int)? op = opH < 0 ? null : (opH, opW);
        var k = R([3, 2, 4, 3], 32);              // transposed: (kh, kw, out 4, in 3); as a conv: 4 → 3 channels
        var v = R([2, 3, 4, 3], 33);
        var t = v.Conv2DTranspose(k, (2, 2), padding, op);
        var u = R(t.Shape, 34);
        var g = DeepLearning.Autograd.Ops.ConvShapes.Conv2DTranspose("test", v.Shape, k.Shape, (2, 2), padding, op, (1, 1));
        var conv = u.Conv2D(k, (2, 2), (g.PadTop, BottomPad(g), g.PadLeft, RightPad(g)));
        Assert.Equal(v.Shape, conv.Shape);
        Assert.Equal((conv * v).Sum().Item<double>(), (u * t).Sum().Item<double>(), 10);
    }

    private static int BottomPad(DeepLearning.Devices.Conv2DGeometry g) => Math.Max((g.OutHeight - 1) * g.StrideHeight + g.KernelHeight - g.InHeight - g.PadTop, 0);
    private static int RightPad(DeepLearning.Devices.Conv2DGeometry g) => Math.Max((g.OutWidth - 1) * g.StrideWidth + g.KernelWidth - g.InWidth - g.PadLeft, 0);

    [Fact]
    public void DepthwiseOutputChannelIsChannelTimesMultiplierPlusM()
    {
        // Keras DepthwiseConv2D: output channel c·M + m uses kernel[:, :, c, m] on input channel c.
        var x = R([1, 3, 3, 2], 35);
        var k = R([2, 2, 2, 3], 36);
        var y = x.DepthwiseConv2D(k);
        Assert.Equal(new Shape(1, 2, 2, 6), y.Shape);
        for (int c = 0; c < 2; c++)
            for (int m = 0; m < 3; m++)
            {
                var single = x[.., .., .., c..(c + 1)].Conv2D(k[.., .., c..(c + 1), m..(m + 1)]);
                TestHelpers.AssertClose(single, y[.., .., .., (c * 3 + m)..(c * 3 + m + 1)], 1e-14, 1e-14);
            }
    }

    [Fact]
    public void CausalConv1DSeesOnlyThePast()
    {
        var x = R([1, 6, 1], 37);
        var k = R([3, 1, 1], 38);
        var y = x.Conv1D(k, padding: Padding.Causal);
        Assert.Equal(new Shape(1, 6, 1), y.Shape);
        var xs = x.ToArray<double>();
        var ks = k.ToArray<double>();
        for (int t = 0; t < 6; t++)
        {
            double e = 0;
            for (int a = 0; a < 3; a++)
                if (t - 2 + a >= 0) e += xs[t - 2 + a] * ks[a];
            Assert.Equal(e, y.ToArray<double>()[t], 12);
        }
    }

    [Fact]
    public void BadInputRaisesClearErrors()
    {
        var x = Tensor.Zeros([1, 4, 4, 3]);
        var e1 = Assert.Throws<ArgumentException>(() => x.Conv2D(Tensor.Zeros([5, 5, 3, 2])));
        Assert.Contains("Conv2D", e1.Message);
        Assert.Contains("(1, 4, 4, 3)", e1.Message);
        Assert.Contains("Conv2D", Assert.Throws<ArgumentException>(() => x.Conv2D(Tensor.Zeros([3, 3, 2, 2]))).Message);
        Assert.Contains("divisible", Assert.Throws<ArgumentException>(() => x.Conv2D(Tensor.Zeros([3, 3, 1, 2]), groups: 2)).Message);
        Assert.Contains("divisible", Assert.Throws<ArgumentException>(() => Tensor.Zeros([1, 4, 4, 4]).Conv2D(Tensor.Zeros([3, 3, 2, 3]), groups: 2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Conv2D(Tensor.Zeros([3, 3, 3, 2]), (0, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Conv2D(Tensor.Zeros([3, 3, 3, 2]), dilation: (1, -1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Conv2D(Tensor.Zeros([3, 3, 3, 2]), (1, 1), (-1, 0, 0, 0)));
        Assert.Contains("rank 4", Assert.Throws<ArgumentException>(() => Tensor.Zeros([4, 4, 3]).Conv2D(Tensor.Zeros([3, 3, 3, 2]))).Message);
        Assert.Contains("Causal", Assert.Throws<ArgumentException>(() => x.Conv2D(Tensor.Zeros([3, 3, 3, 2]), padding: Padding.Causal)).Message);
        Assert.Contains("dtype", Assert.Throws<ArgumentException>(() => x.Conv2D(Tensor.Zeros([3, 3, 3, 2], DType.Float64))).Message);
        Assert.Contains("Conv1D", Assert.Throws<ArgumentException>(() => Tensor.Zeros([1, 2, 3]).Conv1D(Tensor.Zeros([3, 3, 1]))).Message);
        Assert.Contains("DepthwiseConv2D", Assert.Throws<ArgumentException>(() => x.DepthwiseConv2D(Tensor.Zeros([3, 3, 2, 1]))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Conv2DTranspose(Tensor.Zeros([3, 3, 2, 3]), (2, 2), outputPadding: (2, 0)));
        Assert.Contains("Conv2DTranspose", Assert.Throws<ArgumentException>(() => x.Conv2DTranspose(Tensor.Zeros([3, 3, 2, 4]))).Message);
        var e2 = Assert.Throws<ArgumentException>(() => x.MaxPool2D((5, 2)));
        Assert.Contains("MaxPool2D", e2.Message);
        Assert.Contains("(1, 4, 4, 3)", e2.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.AvgPool2D((0, 2)));
        Assert.Contains("AvgPool1D", Assert.Throws<ArgumentException>(() => Tensor.Zeros([1, 2, 3]).AvgPool1D(3)).Message);
        Assert.Contains("rank 3", Assert.Throws<ArgumentException>(() => x.MaxPool1D(2)).Message);
        Assert.Contains("int32", Assert.Throws<ArgumentException>(() => Tensor.Zeros([1, 4, 4, 3], DType.Int32).MaxPool2D((2, 2))).Message, StringComparison.OrdinalIgnoreCase);
    }
}
