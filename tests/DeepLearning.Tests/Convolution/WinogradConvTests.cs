using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;
using DeepLearning.Devices.Cpu;
using DeepLearning.Tests.Devices;

namespace DeepLearning.Tests.Convolution;

/// <summary>
/// The CPU's Winograd F(2 × 2, 3 × 3) convolution (<see cref="CpuWinogradConv"/>, taken by the fused float32 kernels
/// for 3 × 3 stride-1 layers) against a float64 convolution written out here: the error of every output within
/// 2⁻¹⁹ (8 float32 ulps at 1) of Σ|x·w| + |b| over its window, for even and odd sizes, Same, Valid and asymmetric
/// padding, partial blocks of output channels, batch 1, ReLU, and 2 × 2 max and average pooling; infinities and NaN
/// reaching exactly the outputs the direct kernel gives them; a non-finite weight sending the call to the direct kernel;
/// bit-identical results for any thread count; and the switch.
/// </summary>
[Collection(nameof(KernelPoolCollection))]
public class WinogradConvTests
{
    /// <summary>The direct kernel for every convolution.</summary>
    private static readonly CpuDevice Direct = new() { WinogradEnabled = false };

    /// <summary>(name, input NHWC, output channels, pads (T, B, L, R)).</summary>
    public record Case(string Name, Shape X, int Filters, (int T, int B, int L, int R) Pads)
    {
        public override string ToString() => Name;

        public Conv2DGeometry Geometry() => ConvShapes.Conv2D("test", X, new Shape(3, 3, X[3], Filters), (1, 1),
            new Pads2D(Pads.T, Pads.B, Pads.L, Pads.R), (1, 1), 1);
    }

    public static readonly Case[] Cases =
    [
        new("8x8x16 same, 16 out, batch 2", [2, 8, 8, 16], 16, (1, 1, 1, 1)),
        new("7x9x32 same, 70 out (odd sizes, partial channel block)", [1, 7, 9, 32], 70, (1, 1, 1, 1)),
        new("6x5x48 valid, 20 out, batch 3", [3, 6, 5, 48], 20, (0, 0, 0, 0)),
        new("5x6x16 asymmetric pads, 5 out", [1, 5, 6, 16], 5, (2, 0, 1, 2)),
        new("14x14x128 same, 64 out", [2, 14, 14, 128], 64, (1, 1, 1, 1)),
    ];

    public static TheoryData<Case> CaseData()
    {
        var data = new TheoryData<Case>();
        foreach (var c in Cases) data.Add(c);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseData))]
    public void WinogradMatchesAFloat64Convolution(Case c)
    {
        var g = c.Geometry();
        Assert.True(CpuWinogradConv.Supports(g, DType.Float32, FusedActivation.Relu, null, default));
        var (x, k, b) = Operands(g, 1);
        foreach (var f in new[] { FusedActivation.Linear, FusedActivation.Relu })
            foreach (var bias in new[] { b, null })
                CheckBound(g, x, k, bias, f, null, Run(Device.Cpu, x, k, bias, g, f, null), $"{c} {f} bias {bias is not null}");
        foreach (var kind in new[] { PoolKind.Max, PoolKind.Average })
        {
            var pg = ConvShapes.Pool2D("test", [g.Batch, g.OutHeight, g.OutWidth, g.OutChannels], (2, 2), (2, 2), Padding.Valid);
            Assert.True(CpuWinogradConv.Supports(g, DType.Float32, FusedActivation.Relu, kind, pg));
            CheckBound(g, x, k, b, FusedActivation.Relu, (kind, pg), Run(Device.Cpu, x, k, b, g, FusedActivation.Relu, (kind, pg)), $"{c} {kind} pool");
        }

        // The Winograd path is the one taken: its rounding differs from the direct kernel's chain somewhere.
        var winograd = Run(Device.Cpu, x, k, b, g, FusedActivation.Linear, null).ToArray<float>();
        var direct = Run(Direct, x, k, b, g, FusedActivation.Linear, null).ToArray<float>();
        Assert.NotEqual(direct, winograd);
    }

    [Fact]
    public void NonFiniteInputsReachTheOutputsTheDirectKernelGivesThem()
    {
        var g = new Case("", [1, 9, 8, 16], 20, (1, 1, 1, 1)).Geometry();
        var (x, k, b) = Operands(g, 2);
        var values = x.ToArray<float>();
        values[(2 * 8 + 3) * 16 + 5] = float.NaN;              // pixel (2, 3)
        values[(6 * 8 + 1) * 16 + 0] = float.PositiveInfinity; // pixel (6, 1)
        values[(6 * 8 + 6) * 16 + 9] = float.NegativeInfinity; // pixel (6, 6)
        x = TestHelpers.T(values, x.Shape);
        var pg = ConvShapes.Pool2D("test", [1, g.OutHeight, g.OutWidth, g.OutChannels], (2, 2), (2, 2), Padding.Valid);
        foreach (var pool in new (PoolKind, Pool2DGeometry)?[] { null, (PoolKind.Max, pg) })
        {
            var winograd = Run(Device.Cpu, x, k, b, g, FusedActivation.Relu, pool).ToArray<float>();
            var direct = Run(Direct, x, k, b, g, FusedActivation.Relu, pool).ToArray<float>();
            int nonFinite = 0;
            for (int i = 0; i < direct.Length; i++)
            {
                if (float.IsFinite(direct[i]))
                {
                    Assert.True(float.IsFinite(winograd[i]), $"output {i}: {winograd[i]} where the direct kernel gives {direct[i]}");
                    continue;
                }
                nonFinite++;
                Assert.Equal(BitConverter.SingleToInt32Bits(direct[i]), BitConverter.SingleToInt32Bits(winograd[i]));
            }
            Assert.True(nonFinite > 0);
        }
    }

    [Fact]
    public void ANonFiniteWeightTakesTheDirectKernel()
    {
        var g = new Case("", [2, 6, 6, 16], 18, (1, 1, 1, 1)).Geometry();
        var (x, k, b) = Operands(g, 3);
        var w = k.ToArray<float>();
        w[100] = float.PositiveInfinity;
        k = TestHelpers.T(w, k.Shape);
        Assert.Equal(Run(Direct, x, k, b, g, FusedActivation.Relu, null).ToArray<float>(), Run(Device.Cpu, x, k, b, g, FusedActivation.Relu, null).ToArray<float>());
    }

    [Fact]
    public void OtherLayersAndTheSwitchTakeTheDirectKernel()
    {
        var g = new Case("", [2, 6, 6, 16], 18, (1, 1, 1, 1)).Geometry();
        Assert.False(CpuWinogradConv.Supports(g, DType.Float32, FusedActivation.Tanh, null, default));
        Assert.False(CpuWinogradConv.Supports(g, DType.Float64, FusedActivation.Relu, null, default));
        Assert.False(CpuWinogradConv.Supports(new Case("", [2, 6, 6, 17], 18, (1, 1, 1, 1)).Geometry(), DType.Float32, FusedActivation.Relu, null, default));
        Assert.False(CpuWinogradConv.Supports(new Case("", [2, 6, 6, 144], 18, (1, 1, 1, 1)).Geometry(), DType.Float32, FusedActivation.Relu, null, default));
        Assert.False(CpuWinogradConv.Supports(ConvShapes.Conv2D("test", [2, 6, 6, 16], [3, 3, 16, 18], (2, 2), new Pads2D(1, 1, 1, 1), (1, 1), 1),
            DType.Float32, FusedActivation.Relu, null, default));
        var overlapping = ConvShapes.Pool2D("test", [2, 6, 6, 18], (3, 3), (2, 2), Padding.Same);
        Assert.False(CpuWinogradConv.Supports(g, DType.Float32, FusedActivation.Relu, PoolKind.Max, overlapping));
        var (x, k, b) = Operands(g, 4);
        Assert.Equal(Run(Direct, x, k, b, g, FusedActivation.Tanh, null).ToArray<float>(), Run(Device.Cpu, x, k, b, g, FusedActivation.Tanh, null).ToArray<float>());
        Assert.Equal(Run(Direct, x, k, b, g, FusedActivation.Relu, (PoolKind.Max, overlapping)).ToArray<float>(),
            Run(Device.Cpu, x, k, b, g, FusedActivation.Relu, (PoolKind.Max, overlapping)).ToArray<float>());
        Assert.True(new CpuDevice().WinogradEnabled);
    }

    [Fact]
    public void ResultsAreBitIdenticalForAnyThreadCount()
    {
        foreach (var batch in new[] { 1, 5 })
        {
            var g = new Case("", [batch, 13, 11, 32], 20, (1, 1, 1, 1)).Geometry();
            var (x, k, b) = Operands(g, 5);
            var pg = ConvShapes.Pool2D("test", [batch, 13, 11, 20], (2, 2), (2, 2), Padding.Valid);
            foreach (var pool in new (PoolKind, Pool2DGeometry)?[] { null, (PoolKind.Max, pg) })
            {
                float[] With(int threads)
                {
                    int saved = KernelPool.ThreadCount;
                    try
                    {
                        KernelPool.ThreadCount = threads;
                        return Run(Device.Cpu, x, k, b, g, FusedActivation.Relu, pool).ToArray<float>();
                    }
                    finally
                    {
                        KernelPool.ThreadCount = saved;
                    }
                }
                var one = With(1);
                Assert.Equal(one, With(2));
                Assert.Equal(one, With(3));
                Assert.Equal(one, With(8));
            }
        }
    }

    private static (Tensor X, Tensor K, Tensor B) Operands(in Conv2DGeometry g, ulong seed) => (
        ConvKernelTests.Random([g.Batch, g.InHeight, g.InWidth, g.InChannels], DType.Float32, seed),
        ConvKernelTests.Random([3, 3, g.InChannels, g.OutChannels], DType.Float32, seed + 100),
        ConvKernelTests.Random([g.OutChannels], DType.Float32, seed + 200));

    private static Tensor Run(Device d, Tensor x, Tensor k, Tensor? b, in Conv2DGeometry g, FusedActivation f, (PoolKind Kind, Pool2DGeometry G)? pool)
    {
        var fused = (IFusedKernels)d;
        x = x.To(d);
        k = k.To(d);
        var bv = b?.To(d).View ?? default;
        if (pool is not { } p)
        {
            var y = Tensor.Full([g.Batch, g.OutHeight, g.OutWidth, g.OutChannels], 123.0, DType.Float32, d); // garbage: must be overwritten
            fused.Conv2DBiasActivation(x.View, k.View, bv, y.View, g, f);
            return y.To(Device.Cpu);
        }
        var pooled = Tensor.Full([p.G.Batch, p.G.OutHeight, p.G.OutWidth, p.G.Channels], 123.0, DType.Float32, d);
        fused.Conv2DBiasActivationPool(x.View, k.View, bv, pooled.View, g, f, p.Kind, p.G);
        return pooled.To(Device.Cpu);
    }

    /// <summary>|y − exact| ≤ 2⁻¹⁹ · (Σ|x·w| + |b|) for every output, the exact value and the magnitude computed in
    /// float64 from the float32 operands (for a pooled output, the largest magnitude of its window).</summary>
    private static void CheckBound(in Conv2DGeometry g, Tensor x, Tensor k, Tensor? b, FusedActivation f, (PoolKind Kind, Pool2DGeometry G)? pool,
        Tensor actual, string label)
    {
        var xs = x.ToArray<float>();
        var ks = k.ToArray<float>();
        var bs = b?.ToArray<float>();
        int oc = g.OutChannels, c = g.InChannels;
        var exact = new double[g.Batch * g.OutHeight * g.OutWidth * oc];
        var magnitude = new double[exact.Length];
        for (int n = 0; n < g.Batch; n++)
            for (int oy = 0; oy < g.OutHeight; oy++)
                for (int ox = 0; ox < g.OutWidth; ox++)
                    for (int o = 0; o < oc; o++)
                    {
                        double sum = bs?[o] ?? 0, abs = Math.Abs(bs?[o] ?? 0);
                        for (int kh = 0; kh < 3; kh++)
                            for (int kw = 0; kw < 3; kw++)
                            {
                                int iy = oy + kh - g.PadTop, ix = ox + kw - g.PadLeft;
                                if ((uint)iy >= (uint)g.InHeight || (uint)ix >= (uint)g.InWidth) continue;
                                for (int ci = 0; ci < c; ci++)
                                {
                                    double p = (double)xs[((n * g.InHeight + iy) * g.InWidth + ix) * c + ci] * ks[((kh * 3 + kw) * c + ci) * oc + o];
                                    sum += p;
                                    abs += Math.Abs(p);
                                }
                            }
                        int i = ((n * g.OutHeight + oy) * g.OutWidth + ox) * oc + o;
                        exact[i] = f == FusedActivation.Relu ? Math.Max(0, sum) : sum;
                        magnitude[i] = abs;
                    }
        var y = actual.ToArray<float>();
        if (pool is { } p2)
        {
            var pg = p2.G;
            var pooled = new double[y.Length];
            var pooledMagnitude = new double[y.Length];
            for (int n = 0; n < g.Batch; n++)
                for (int py = 0; py < pg.OutHeight; py++)
                    for (int px = 0; px < pg.OutWidth; px++)
                        for (int o = 0; o < oc; o++)
                        {
                            double max = double.NegativeInfinity, sum = 0, mag = 0;
                            for (int dy = 0; dy < 2; dy++)
                                for (int dx = 0; dx < 2; dx++)
                                {
                                    int i = ((n * g.OutHeight + 2 * py + dy) * g.OutWidth + 2 * px + dx) * oc + o;
                                    max = Math.Max(max, exact[i]);
                                    sum += exact[i];
                                    mag = Math.Max(mag, magnitude[i]);
                                }
                            int j = ((n * pg.OutHeight + py) * pg.OutWidth + px) * oc + o;
                            pooled[j] = p2.Kind == PoolKind.Max ? max : sum / 4;
                            pooledMagnitude[j] = mag;
                        }
            exact = pooled;
            magnitude = pooledMagnitude;
        }
        Assert.Equal(exact.Length, y.Length);
        for (int i = 0; i < y.Length; i++)
        {
            double bound = Math.ScaleB(magnitude[i], -19);
            Assert.True(Math.Abs(y[i] - exact[i]) <= bound, $"{label}: output {i} is {y[i]}, exactly {exact[i]} (bound {bound})");
        }
    }
}
