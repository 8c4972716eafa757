using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;
using DeepLearning.Devices.Cpu;
using DeepLearning.Tests.Devices;

namespace DeepLearning.Tests.Convolution;

/// <summary>
/// The fused convolution kernels (<see cref="IFusedKernels.Conv2DBiasActivation"/> and
/// <see cref="IFusedKernels.Conv2DBiasActivationPool"/>; on the CPU the direct NHWC kernel) against their composition
/// from core kernels on the scalar float64 reference device: Same, Valid and explicit padding, strides, dilation, channel
/// counts that are not multiples of the vector width (1, 3, 17, 33 in; 1, 5, 20, 70 out), batch 1, every fused
/// activation, with and without bias, max and average pooling with windows that overlap, leave cells out or cross
/// the padding; bit-identical results for any thread count; the argument checks.
/// </summary>
[Collection(nameof(KernelPoolCollection))]
public class FusedConvTests
{
    private static IFusedKernels Fused => (IFusedKernels)Device.Cpu;

    /// <summary>(name, input, kernel (KH, KW), filters, strides, explicit pads (T, B, L, R), dilation).</summary>
    public record Case(string Name, Shape X, (int H, int W) Kernel, int Filters, (int H, int W) Strides, (int T, int B, int L, int R) Pads,
        (int H, int W) Dilation)
    {
        public override string ToString() => Name;

        public Conv2DGeometry Geometry() => ConvShapes.Conv2D("test", X, new Shape(Kernel.H, Kernel.W, X[3], Filters), Strides,
            new Pads2D(Pads.T, Pads.B, Pads.L, Pads.R), Dilation, 1);
    }

    public static readonly Case[] Cases =
    [
        new("3x3 same, 1 channel in, 32 out (a first layer)", [2, 7, 9, 1], (3, 3), 32, (1, 1), (1, 1, 1, 1), (1, 1)),
        new("3x3 same, 33 in, 70 out (two channel blocks, partial vectors)", [1, 6, 7, 33], (3, 3), 70, (1, 1), (1, 1, 1, 1), (1, 1)),
        new("3x3 valid, 17 in, 20 out, batch 1", [1, 8, 6, 17], (3, 3), 20, (1, 1), (0, 0, 0, 0), (1, 1)),
        new("2x3 stride (2,3), asymmetric pads", [3, 9, 11, 3], (2, 3), 5, (2, 3), (0, 1, 1, 2), (1, 1)),
        new("3x3 dilation (2,1) same", [2, 9, 8, 3], (3, 3), 1, (1, 1), (2, 2, 1, 1), (2, 1)),
        new("3x2 dilation (1,3) (taps one by one)", [1, 7, 10, 4], (3, 2), 17, (1, 1), (1, 1, 2, 1), (1, 3)),
        new("1x1 pointwise", [2, 5, 7, 6], (1, 1), 9, (1, 1), (0, 0, 0, 0), (1, 1)),
        new("kernel larger than the unpadded input", [1, 2, 3, 2], (3, 4), 4, (1, 1), (1, 1, 2, 1), (1, 1)),
        new("stride 3, pads wider than the stride", [2, 10, 10, 5], (5, 5), 16, (3, 3), (3, 2, 2, 3), (1, 1)),
    ];

    public static TheoryData<Case, DType> CaseData()
    {
        var data = new TheoryData<Case, DType>();
        foreach (var c in Cases)
        {
            data.Add(c, DType.Float32);
            data.Add(c, DType.Float64);
        }
        return data;
    }

    private static (Tensor X, Tensor K, Tensor B) Operands(in Conv2DGeometry g, DType dtype) => (
        ConvKernelTests.Random([g.Batch, g.InHeight, g.InWidth, g.InChannels], dtype, 1),
        ConvKernelTests.Random([g.KernelHeight, g.KernelWidth, g.InChannels, g.OutChannels], dtype, 2),
        ConvKernelTests.Random([g.OutChannels], dtype, 3));

    /// <summary>The composition on the reference device (the oracle): conv, broadcast add, activation, pooling.</summary>
    private static Tensor Composed(Tensor x, Tensor k, Tensor? b, in Conv2DGeometry g, FusedActivation f, (PoolKind Kind, Pool2DGeometry G)? pool)
    {
        var r = TestHelpers.Reference;
        var y = Tensor.Full([g.Batch, g.OutHeight, g.OutWidth, g.OutChannels], 123.0, x.DType, r);
        var bias = b?.To(r).View ?? default;
        ConvKernels.ComposeBiasActivation(r, x.To(r).View, k.To(r).View, bias, y.View, g, f);
        if (pool is not { } p) return y;
        var pooled = Tensor.Full([p.G.Batch, p.G.OutHeight, p.G.OutWidth, p.G.Channels], 123.0, x.DType, r);
        r.Pool2D(p.Kind, y.View, pooled.View, p.G);
        return pooled;
    }

    private static Tensor FusedRun(Tensor x, Tensor k, Tensor? b, in Conv2DGeometry g, FusedActivation f, (PoolKind Kind, Pool2DGeometry G)? pool)
    {
        if (pool is not { } p)
        {
            var y = Tensor.Full([g.Batch, g.OutHeight, g.OutWidth, g.OutChannels], 123.0, x.DType); // garbage: must be overwritten
            Fused.Conv2DBiasActivation(x.View, k.View, b?.View ?? default, y.View, g, f);
            return y;
        }
        var pooled = Tensor.Full([p.G.Batch, p.G.OutHeight, p.G.OutWidth, p.G.Channels], 123.0, x.DType);
        Fused.Conv2DBiasActivationPool(x.View, k.View, b?.View ?? default, pooled.View, g, f, p.Kind, p.G);
        return pooled;
    }

    [Theory]
    [MemberData(nameof(CaseData))]
    public void FusedConvolutionMatchesTheComposition(Case c, DType dtype)
    {
        var g = c.Geometry();
        var (x, k, b) = Operands(g, dtype);
        var (rtol, atol) = ConvKernelTests.Tolerance(dtype);
        foreach (var f in Enum.GetValues<FusedActivation>())
            foreach (var bias in new[] { b, null })
                TestHelpers.AssertClose(Composed(x, k, bias, g, f, null), FusedRun(x, k, bias, g, f, null), rtol, atol,
                    $"{c} {f} bias {bias is not null}");
        // The core convolution (no bias, linear) goes through the same kernel.
        var y = Tensor.Full([g.Batch, g.OutHeight, g.OutWidth, g.OutChannels], 123.0, dtype);
        Device.Cpu.Conv2D(x.View, k.View, y.View, g);
        TestHelpers.AssertClose(Composed(x, k, null, g, FusedActivation.Linear, null), y, rtol, atol, $"{c} core Conv2D");
    }

    /// <summary>Pooling windows (size, strides, Same or Valid) over each case's conv output.</summary>
    private static readonly ((int H, int W) Size, (int H, int W) Strides, Padding Padding)[] Pools =
    [
        ((2, 2), (2, 2), Padding.Valid),   // the usual one; odd sizes leave the last row or column out
        ((3, 3), (2, 2), Padding.Same),    // overlapping windows that reach into the padding
        ((2, 3), (1, 2), Padding.Valid),   // stride 1 rows: every conv row feeds two pooled rows
    ];

    [Theory]
    [MemberData(nameof(CaseData))]
    public void FusedPoolingMatchesTheComposition(Case c, DType dtype)
    {
        var g = c.Geometry();
        var (x, k, b) = Operands(g, dtype);
        var (rtol, atol) = ConvKernelTests.Tolerance(dtype);
        foreach (var (size, strides, padding) in Pools)
        {
            if (padding == Padding.Valid && (size.H > g.OutHeight || size.W > g.OutWidth)) continue;
            var pg = ConvShapes.Pool2D("test", [g.Batch, g.OutHeight, g.OutWidth, g.OutChannels], size, strides, padding);
            foreach (var kind in new[] { PoolKind.Max, PoolKind.Average })
                foreach (var f in new[] { FusedActivation.Relu, FusedActivation.Linear, FusedActivation.Tanh })
                    TestHelpers.AssertClose(Composed(x, k, b, g, f, (kind, pg)), FusedRun(x, k, b, g, f, (kind, pg)), rtol, atol,
                        $"{c} {kind} pool {size} stride {strides} {padding} {f}");
        }
    }

    [Fact]
    public void LargeImagesArePooledInSeveralBands()
    {
        // 40 × 48 × 70 float32 conv rows are 13 KiB each: a task keeps a band of them in cache, so a batch of 1 image is
        // pooled band by band (and split over the threads); each band must read the conv rows its windows need.
        var g = ConvShapes.Conv2D("test", [1, 40, 48, 6], [3, 3, 6, 70], (1, 1), new Pads2D(1, 1, 1, 1), (1, 1), 1);
        var (x, k, b) = Operands(g, DType.Float32);
        foreach (var (size, strides, padding) in new[] { ((2, 2), (2, 2), Padding.Valid), ((3, 3), (1, 1), Padding.Same) })
        {
            var pg = ConvShapes.Pool2D("test", [1, g.OutHeight, g.OutWidth, g.OutChannels], size, strides, padding);
            TestHelpers.AssertClose(Composed(x, k, b, g, FusedActivation.Relu, (PoolKind.Max, pg)),
                FusedRun(x, k, b, g, FusedActivation.Relu, (PoolKind.Max, pg)), 2e-5, 2e-5, $"pool {size} {padding}");
        }
    }

    [Fact]
    public void NaNPropagatesThroughReluAndMaxPooling()
    {
        var g = ConvShapes.Conv2D("test", [1, 4, 4, 2], [1, 1, 2, 3], (1, 1), new Pads2D(0, 0, 0, 0), (1, 1), 1);
        var values = ConvKernelTests.Random([1, 4, 4, 2], DType.Float32, 4).ToArray<float>();
        values[(1 * 4 + 2) * 2] = float.NaN; // pixel (1, 2), channel 0
        var x = TestHelpers.T(values, [1, 4, 4, 2]);
        var k = ConvKernelTests.Random([1, 1, 2, 3], DType.Float32, 5);
        var pg = ConvShapes.Pool2D("test", [1, 4, 4, 3], (2, 2), (2, 2), Padding.Valid);
        var y = FusedRun(x, k, null, g, FusedActivation.Relu, (PoolKind.Max, pg)).ToArray<float>();
        // Pixel (1, 2) lies in pooled cell (0, 1): its three channels are NaN (ReLU and max keep NaN), the others not.
        for (int i = 0; i < y.Length; i++)
            Assert.Equal(i / 3 == 1, float.IsNaN(y[i]));
    }

    [Fact]
    public void ResultsAreBitIdenticalForAnyThreadCount()
    {
        foreach (var batch in new[] { 1, 5 })
        {
            var g = ConvShapes.Conv2D("test", [batch, 13, 11, 7], [3, 3, 7, 20], (1, 1), new Pads2D(1, 1, 1, 1), (1, 1), 1);
            var (x, k, b) = Operands(g, DType.Float32);
            var pg = ConvShapes.Pool2D("test", [batch, 13, 11, 20], (2, 2), (2, 2), Padding.Valid);
            float[] With(int threads, bool pooled)
            {
                int saved = KernelPool.ThreadCount;
                try
                {
                    KernelPool.ThreadCount = threads;
                    return FusedRun(x, k, b, g, FusedActivation.Relu, pooled ? (PoolKind.Max, pg) : null).ToArray<float>();
                }
                finally
                {
                    KernelPool.ThreadCount = saved;
                }
            }
            foreach (var pooled in new[] { false, true })
            {
                var one = With(1, pooled);
                Assert.Equal(one, With(2, pooled));
                Assert.Equal(one, With(3, pooled));
                Assert.Equal(one, With(8, pooled));
            }
        }
    }

    [Fact]
    public void GroupedConvolutionsTakeTheComposedPath()
    {
        var g = ConvShapes.Conv2D("test", [2, 5, 5, 4], [3, 3, 2, 6], (1, 1), new Pads2D(1, 1, 1, 1), (1, 1), 2);
        var x = ConvKernelTests.Random([2, 5, 5, 4], DType.Float64, 6);
        var k = ConvKernelTests.Random([3, 3, 2, 6], DType.Float64, 7);
        var b = ConvKernelTests.Random([6], DType.Float64, 8);
        TestHelpers.AssertClose(Composed(x, k, b, g, FusedActivation.Sigmoid, null), FusedRun(x, k, b, g, FusedActivation.Sigmoid, null), 1e-12, 1e-12);
        var pg = ConvShapes.Pool2D("test", [2, 5, 5, 6], (2, 2), (2, 2), Padding.Same);
        TestHelpers.AssertClose(Composed(x, k, b, g, FusedActivation.Relu, (PoolKind.Average, pg)),
            FusedRun(x, k, b, g, FusedActivation.Relu, (PoolKind.Average, pg)), 1e-12, 1e-12);
    }

    [Fact]
    public void BadViewsAreRejectedWithTheKernelsName()
    {
        var g = ConvShapes.Conv2D("test", [2, 5, 5, 3], [3, 3, 3, 4], (1, 1), new Pads2D(1, 1, 1, 1), (1, 1), 1);
        var x = Tensor.Zeros([2, 5, 5, 3]);
        var k = Tensor.Zeros([3, 3, 3, 4]);
        var y = Tensor.Zeros([2, 5, 5, 4]);
        var ex = Assert.Throws<ArgumentException>(() => Fused.Conv2DBiasActivation(x.View, k.View, Tensor.Zeros([5]).View, y.View, g, FusedActivation.Relu));
        Assert.Contains("Conv2DBiasActivation", ex.Message);
        Assert.Contains("bias", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Fused.Conv2DBiasActivation(x.View, k.View, default, Tensor.Zeros([2, 5, 4, 4]).View, g, FusedActivation.Relu));
        Assert.Contains("y", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Fused.Conv2DBiasActivation(x.View, Tensor.Zeros([3, 3, 3, 4], DType.Float64).View, default, y.View, g, FusedActivation.Relu));
        Assert.Contains("kernel", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Fused.Conv2DBiasActivation(x.Transpose(1, 2).View, k.View, default, y.View, g, FusedActivation.Relu));
        Assert.Contains("contiguous", ex.Message);
        var wrongPool = ConvShapes.Pool2D("test", [2, 6, 5, 4], (2, 2), (2, 2), Padding.Valid);
        ex = Assert.Throws<ArgumentException>(() => Fused.Conv2DBiasActivationPool(x.View, k.View, default, Tensor.Zeros([2, 3, 2, 4]).View, g,
            FusedActivation.Relu, PoolKind.Max, wrongPool));
        Assert.Contains("Conv2DBiasActivationPool", ex.Message);
        Assert.Contains("pooling", ex.Message);
        var ints = Tensor.Zeros([2, 5, 5, 3], DType.Int32);
        ex = Assert.Throws<ArgumentException>(() => Fused.Conv2DBiasActivation(ints.View, k.View, default, y.View, g, FusedActivation.Relu));
        Assert.Contains("float32 and float64", ex.Message);
    }
}
