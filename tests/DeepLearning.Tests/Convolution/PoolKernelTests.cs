using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;

namespace DeepLearning.Tests.Convolution;

/// <summary>The CPU pooling kernels against the scalar reference device: overlapping and strided windows, Same
/// padding with its excluded cells, windows as large as the input, ties and NaN, channel counts around the vector width.</summary>
public class PoolKernelTests
{
    public record PoolCase(string Name, Shape X, (int H, int W) Pool, (int H, int W) Strides, Padding Padding)
    {
        public override string ToString() => Name;
        public Pool2DGeometry Geometry() => ConvShapes.Pool2D("test", X, Pool, Strides, Padding);
    }

    public static readonly PoolCase[] Cases =
    [
        new("2x2/2 valid", [1, 4, 4, 1], (2, 2), (2, 2), Padding.Valid),
        new("3x2 stride (2,1) same", [3, 7, 5, 3], (3, 2), (2, 1), Padding.Same),
        new("3x3/1 same overlapping, 9 channels", [2, 5, 5, 9], (3, 3), (1, 1), Padding.Same),
        new("2x3 stride (3,2) valid, 17 channels", [1, 6, 7, 17], (2, 3), (3, 2), Padding.Valid),
        new("window = input", [2, 3, 3, 2], (3, 3), (3, 3), Padding.Valid),
        new("4x4/3 same", [1, 5, 5, 4], (4, 4), (3, 3), Padding.Same),
        new("2x2/2 same odd size, 40 channels", [2, 7, 7, 40], (2, 2), (2, 2), Padding.Same),
        new("1x1/2", [2, 5, 4, 8], (1, 1), (2, 2), Padding.Valid),
    ];

    public static TheoryData<PoolCase, DType, PoolKind> CaseData()
    {
        var data = new TheoryData<PoolCase, DType, PoolKind>();
        foreach (var c in Cases)
            foreach (var dtype in new[] { DType.Float32, DType.Float64 })
                foreach (var kind in new[] { PoolKind.Max, PoolKind.Average })
                    data.Add(c, dtype, kind);
        return data;
    }

    private static Tensor Input(Shape shape, DType dtype, ulong seed, bool ties)
    {
        var u = Tensor.RandomUniform(shape, -1, 1, DType.Float64, new Generator(seed));
        // Ties: values from {−1, −0.5, 0, 0.5, 1}, so windows often hold several maxima.
        return (ties ? (u * 2).Round() * 0.5 : u).Cast(dtype);
    }

    private static void Compare(PoolCase c, DType dtype, PoolKind kind, Tensor x)
    {
        var g = c.Geometry();
        var ref_ = TestHelpers.Reference;
        var dy = Tensor.RandomUniform([g.Batch, g.OutHeight, g.OutWidth, g.Channels], -1, 1, DType.Float64, new Generator(9)).Cast(dtype);
        var (xr, dyr) = (x.To(ref_), dy.To(ref_));
        double tol = dtype == DType.Float32 ? 1e-6 : 1e-14;

        var y = Tensor.Full(dy.Shape, 7.0, dtype);
        Device.Cpu.Pool2D(kind, x.View, y.View, g);
        var yr = Tensor.Full(dy.Shape, 7.0, dtype, ref_);
        ref_.Pool2D(kind, xr.View, yr.View, g);
        TestHelpers.AssertClose(yr, y, tol, tol, $"{c} {kind} forward");

        var dx = Tensor.Full(c.X, 7.0, dtype);
        Device.Cpu.Pool2DBackward(kind, x.View, dy.View, dx.View, g);
        var dxr = Tensor.Full(c.X, 7.0, dtype, ref_);
        ref_.Pool2DBackward(kind, xr.View, dyr.View, dxr.View, g);
        TestHelpers.AssertClose(dxr, dx, tol, tol, $"{c} {kind} backward");
    }

    [Theory]
    [MemberData(nameof(CaseData))]
    public void CpuPoolingMatchesTheReference(PoolCase c, DType dtype, PoolKind kind)
    {
        Compare(c, dtype, kind, Input(c.X, dtype, 8, ties: false));
        Compare(c, dtype, kind, Input(c.X, dtype, 8, ties: true));
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void NaNPropagatesAndTakesTheMaxGradient(DType dtype)
    {
        // 9 channels: one 256-bit vector and a scalar tail; 40: 512-bit vectors, one 256-bit vector and a tail. A NaN in
        // a later cell of a window than the first, in the last cell, and two in one window.
        foreach (var c in new[] { Cases[2], Cases[6] })
        {
            var x = Input(c.X, dtype, 10, ties: true);
            var values = x.ToArray<double>();
            int ch = c.X[3], row = c.X[2] * ch;
            foreach (int i in new[] { 7, 100, 101, row + ch + 3, 2 * row + 17, 2 * row + ch + 17 })
                values[i % values.Length] = double.NaN;
            x = Tensor.FromArray(values, c.X).Cast(dtype);
            Compare(c, dtype, PoolKind.Max, x);
            Compare(c, dtype, PoolKind.Average, x);
        }
    }
}
