using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;
using DeepLearning.Devices.Cpu;
using DeepLearning.Tests.Devices;

namespace DeepLearning.Tests.Convolution;

/// <summary>
/// The CPU convolution kernels (im2col + GEMM, col2im) against the scalar float64 reference device, over awkward
/// geometries: strides 2–3, dilation 2, groups, asymmetric Same padding, explicit pads, 1×1 kernels, kernels as large
/// as the input, batch 1, 3, 5 and 9 (the kernel gradient sums images in chunks of 4), odd sizes; float32 and float64.
/// </summary>
[Collection(nameof(KernelPoolCollection))]
public class ConvKernelTests
{
    public record ConvCase(string Name, Shape X, (int H, int W) Kernel, int Filters, (int H, int W) Strides, Padding? Padding,
        (int T, int B, int L, int R) Pads, (int H, int W) Dilation, int Groups)
    {
        public override string ToString() => Name;

        public Conv2DGeometry Geometry()
        {
            var k = new Shape(Kernel.H, Kernel.W, X[3] / Groups, Filters);
            var pads = Padding is { } p ? ConvShapes.Resolve("test", p, X[1], X[2], Kernel, Strides, Dilation) : new Pads2D(Pads.T, Pads.B, Pads.L, Pads.R);
            return ConvShapes.Conv2D("test", X, k, Strides, pads, Dilation, Groups);
        }
    }

    public static readonly ConvCase[] Cases =
    [
        new("3x3 valid, one channel", [1, 5, 5, 1], (3, 3), 1, (1, 1), Padding.Valid, default, (1, 1), 1),
        new("3x2 stride (2,3) same, asymmetric pads", [3, 7, 6, 4], (3, 2), 5, (2, 3), Padding.Same, default, (1, 1), 1),
        new("dilation 2 same", [2, 9, 8, 3], (3, 3), 4, (1, 1), Padding.Same, default, (2, 2), 1),
        new("groups 2 stride 2 valid", [3, 6, 6, 4], (3, 3), 6, (2, 2), Padding.Valid, default, (1, 1), 2),
        new("1x1 pointwise", [1, 5, 7, 6], (1, 1), 4, (1, 1), Padding.Valid, default, (1, 1), 1),
        new("1x1 stride 2 same groups 3", [2, 5, 7, 6], (1, 1), 3, (2, 2), Padding.Same, default, (1, 1), 3),
        new("kernel as large as the input", [3, 4, 5, 2], (4, 5), 3, (1, 1), Padding.Valid, default, (1, 1), 1),
        new("kernel as large as the input, stride 3 same", [1, 4, 5, 2], (4, 5), 3, (3, 3), Padding.Same, default, (1, 1), 1),
        new("stride (3,2) dilation (2,1) same", [2, 11, 10, 3], (3, 3), 2, (3, 2), Padding.Same, default, (2, 1), 1),
        new("explicit pads (2,1,0,3) stride 2", [2, 6, 5, 3], (3, 2), 4, (2, 2), null, (2, 1, 0, 3), (1, 1), 1),
        new("depthwise groups = channels", [2, 6, 5, 3], (3, 3), 6, (1, 1), Padding.Same, default, (1, 1), 3),
        new("16 channels (vector paths)", [2, 5, 6, 16], (3, 3), 8, (1, 1), Padding.Same, default, (1, 1), 1),
        new("dilated window larger than input, same", [1, 3, 3, 1], (3, 3), 2, (1, 1), Padding.Same, default, (2, 2), 1),
        new("batch 5 (partial chunk)", [5, 5, 4, 2], (2, 2), 3, (1, 2), Padding.Same, default, (1, 1), 1),
        new("batch 9 even kernel same", [9, 4, 6, 3], (2, 4), 2, (1, 1), Padding.Same, default, (1, 1), 1),
        new("1x1 with explicit pads", [2, 3, 4, 5], (1, 1), 2, (1, 1), null, (1, 0, 2, 1), (1, 1), 1),
        new("33 channels groups 3", [2, 5, 5, 33], (2, 2), 9, (1, 1), Padding.Valid, default, (1, 1), 3),
        // 28·720 patch entries per output row (80 KB in float32): the patch matrix is built in bands of output rows.
        new("patch matrix in row bands", [1, 7, 30, 80], (3, 3), 2, (1, 1), Padding.Valid, default, (1, 1), 1),
        new("row bands with same padding and stride 2", [2, 9, 31, 64], (3, 3), 3, (2, 1), Padding.Same, default, (1, 1), 1),
    ];

    public static TheoryData<ConvCase, DType> CaseData()
    {
        var data = new TheoryData<ConvCase, DType>();
        foreach (var c in Cases)
        {
            data.Add(c, DType.Float32);
            data.Add(c, DType.Float64);
        }
        return data;
    }

    internal static Tensor Random(Shape shape, DType dtype, ulong seed) => Tensor.RandomUniform(shape, -1, 1, DType.Float64, new Generator(seed)).Cast(dtype);

    private static Tensor Run(Device device, Shape shape, DType dtype, Action<Tensor> kernel)
    {
        var y = Tensor.Full(shape, 123.0, dtype, device); // garbage: kernels must overwrite
        kernel(y);
        return y;
    }

    internal static (double Rtol, double Atol) Tolerance(DType dtype) => dtype == DType.Float32 ? (2e-5, 2e-5) : (1e-12, 1e-12);

    [Theory]
    [MemberData(nameof(CaseData))]
    public void CpuKernelsMatchTheReference(ConvCase c, DType dtype)
    {
        var g = c.Geometry();
        var ref_ = TestHelpers.Reference;
        var x = Random(c.X, dtype, 1);
        var k = Random([g.KernelHeight, g.KernelWidth, g.GroupInChannels, g.OutChannels], dtype, 2);
        var dy = Random([g.Batch, g.OutHeight, g.OutWidth, g.OutChannels], dtype, 3);
        var (xr, kr, dyr) = (x.To(ref_), k.To(ref_), dy.To(ref_));
        var (rtol, atol) = Tolerance(dtype);

        var yShape = dy.Shape;
        var y = Run(Device.Cpu, yShape, dtype, t => Device.Cpu.Conv2D(x.View, k.View, t.View, g));
        var yr = Run(ref_, yShape, dtype, t => ref_.Conv2D(xr.View, kr.View, t.View, g));
        TestHelpers.AssertClose(yr, y, rtol, atol, $"{c} forward");

        var dx = Run(Device.Cpu, c.X, dtype, t => Device.Cpu.Conv2DBackwardInput(dy.View, k.View, t.View, g));
        var dxr = Run(ref_, c.X, dtype, t => ref_.Conv2DBackwardInput(dyr.View, kr.View, t.View, g));
        TestHelpers.AssertClose(dxr, dx, rtol, atol, $"{c} backward input");

        var dk = Run(Device.Cpu, k.Shape, dtype, t => Device.Cpu.Conv2DBackwardKernel(x.View, dy.View, t.View, g));
        var dkr = Run(ref_, k.Shape, dtype, t => ref_.Conv2DBackwardKernel(xr.View, dyr.View, t.View, g));
        TestHelpers.AssertClose(dkr, dk, rtol, atol, $"{c} backward kernel");
    }

    [Fact]
    public void TheReferenceConvolutionIsTheTextbookSum()
    {
        // An independent scalar loop (written here) checks the reference itself on one awkward case.
        var c = Cases[8];
        var g = c.Geometry();
        var x = Random(c.X, DType.Float64, 4);
        var k = Random([g.KernelHeight, g.KernelWidth, g.GroupInChannels, g.OutChannels], DType.Float64, 5);
        var xs = x.ToArray<double>();
        var ks = k.ToArray<double>();
        var expected = new double[g.Batch * g.OutHeight * g.OutWidth * g.OutChannels];
        int idx = 0;
        for (int n = 0; n < g.Batch; n++)
            for (int i = 0; i < g.OutHeight; i++)
                for (int j = 0; j < g.OutWidth; j++)
                    for (int o = 0; o < g.OutChannels; o++, idx++)
                        for (int a = 0; a < g.KernelHeight; a++)
                            for (int b = 0; b < g.KernelWidth; b++)
                                for (int ch = 0; ch < g.InChannels; ch++)
                                {
                                    int h = i * g.StrideHeight - g.PadTop + a * g.DilationHeight, w = j * g.StrideWidth - g.PadLeft + b * g.DilationWidth;
                                    if (h < 0 || h >= g.InHeight || w < 0 || w >= g.InWidth) continue;
                                    expected[idx] += xs[((n * g.InHeight + h) * g.InWidth + w) * g.InChannels + ch] * ks[((a * g.KernelWidth + b) * g.InChannels + ch) * g.OutChannels + o];
                                }
        var ref_ = TestHelpers.Reference;
        var y = Run(ref_, [g.Batch, g.OutHeight, g.OutWidth, g.OutChannels], DType.Float64, t => ref_.Conv2D(x.To(ref_).View, k.To(ref_).View, t.View, g));
        TestHelpers.AssertValues(expected, y, 1e-12);
    }

    [Fact]
    public void KernelGradientIsBitIdenticalForAnyThreadCount()
    {
        foreach (var c in new[] { Cases[1], Cases[3], Cases[14] })
        {
            var g = c.Geometry();
            var x = Tensor.RandomNormal(c.X, generator: new Generator(6));
            var dy = Tensor.RandomNormal([g.Batch, g.OutHeight, g.OutWidth, g.OutChannels], generator: new Generator(7));
            float[] With(int threads)
            {
                int saved = KernelPool.ThreadCount;
                try
                {
                    KernelPool.ThreadCount = threads;
                    var dk = Tensor.Zeros([g.KernelHeight, g.KernelWidth, g.GroupInChannels, g.OutChannels]);
                    Device.Cpu.Conv2DBackwardKernel(x.View, dy.View, dk.View, g);
                    return dk.ToArray<float>();
                }
                finally
                {
                    KernelPool.ThreadCount = saved;
                }
            }
            var one = With(1);
            Assert.Equal(one, With(2));
            Assert.Equal(one, With(3));
        }
    }
}
