using DeepLearning.Devices;

namespace DeepLearning.Ilgpu.Tests;

/// <summary>Convolution (float32: implicit GEMMs; float64: direct), its two backward kernels and pooling against the
/// float64 reference device.</summary>
public class ConvolutionKernelTests
{
    private static Conv2DGeometry Geometry(int stride, int dilation, int pad, int groups)
    {
        int n = 2, h = 7, w = 6, c = 4, kh = 3, kw = 2, oc = 6;
        int oh = (h + 2 * pad - dilation * (kh - 1) - 1) / stride + 1, ow = (w + 2 * pad - dilation * (kw - 1) - 1) / stride + 1;
        return new Conv2DGeometry(n, h, w, c, kh, kw, oc, stride, stride, dilation, dilation, pad, pad, oh, ow, groups);
    }

    public static TheoryData<int, int, int, int> Cases() => new() { { 1, 1, 0, 1 }, { 2, 1, 1, 1 }, { 1, 2, 2, 2 }, { 2, 2, 1, 2 } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConvolutionAndItsGradientsMatchTheReference(int stride, int dilation, int pad, int groups)
    {
        var g = Geometry(stride, dilation, pad, groups);
        var x = Operand.Random(DType.Float32, [g.Batch, g.InHeight, g.InWidth, g.InChannels], 1);
        var k = Operand.Random(DType.Float32, [g.KernelHeight, g.KernelWidth, g.GroupInChannels, g.OutChannels], 2);
        var y = Operand.Random(DType.Float32, [g.Batch, g.OutHeight, g.OutWidth, g.OutChannels], 3);
        Oracle.Check((d, v) => d.Conv2D(v[0], v[1], v[2], g), [x, k, y], 1e-5, 1e-5, "Conv2D");
        Oracle.Check((d, v) => d.Conv2DBackwardInput(v[0], v[1], v[2], g), [y, k, x], 1e-5, 1e-5, "Conv2DBackwardInput");
        Oracle.Check((d, v) => d.Conv2DBackwardKernel(v[0], v[1], v[2], g), [x, y, k], 1e-5, 1e-5, "Conv2DBackwardKernel");
    }

    [Fact]
    public void TheImplicitGemmSpansSeveralTilesAndSlices()
    {
        // The float32 passes are GEMMs over patch matrices: here K = 3·3·12 = 108 (14 slices of 8, ragged), the
        // forward M = 3·9·9 = 243 rows (ragged tiles), and ∂kernel's K = 243; odd channel counts on both sides.
        var g = new Conv2DGeometry(3, 9, 9, 12, 3, 3, 20, 1, 1, 1, 1, 1, 1, 9, 9, 1);
        var x = Operand.Random(DType.Float32, [3, 9, 9, 12], 4, -1, 1);
        var k = Operand.Random(DType.Float32, [3, 3, 12, 20], 5, -1, 1);
        var y = Operand.Random(DType.Float32, [3, 9, 9, 20], 6, -1, 1);
        Oracle.Check((d, v) => d.Conv2D(v[0], v[1], v[2], g), [x, k, y], 1e-5, 2e-5, "Conv2D");
        Oracle.Check((d, v) => d.Conv2DBackwardInput(v[0], v[1], v[2], g), [y, k, x], 1e-5, 2e-5, "Conv2DBackwardInput");
        Oracle.Check((d, v) => d.Conv2DBackwardKernel(v[0], v[1], v[2], g), [x, y, k], 1e-5, 1e-4, "Conv2DBackwardKernel");
    }

    public static TheoryData<PoolKind, int, int, int> PoolCases() =>
        new() { { PoolKind.Max, 2, 2, 0 }, { PoolKind.Average, 2, 2, 0 }, { PoolKind.Max, 3, 2, 1 }, { PoolKind.Average, 3, 1, 1 } };

    [Theory]
    [MemberData(nameof(PoolCases))]
    public void PoolingAndItsGradientMatchTheReference(PoolKind kind, int size, int stride, int pad)
    {
        int n = 2, h = 7, w = 5, c = 3;
        int oh = (h + 2 * pad - size) / stride + 1, ow = (w + 2 * pad - size) / stride + 1;
        var g = new Pool2DGeometry(n, h, w, c, size, size, stride, stride, pad, pad, oh, ow);
        var data = Operand.Values(n * h * w * c, 8, -2, 2);
        data[5] = data[8] = 1.75;   // ties: the gradient goes to the first maximal cell
        data[20] = double.NaN;
        var x = Operand.Dense(DType.Float32, [n, h, w, c], data);
        var y = Operand.Random(DType.Float32, [n, oh, ow, c], 9);
        Oracle.Check((d, v) => d.Pool2D(kind, v[0], v[1], g), [x, y], what: $"Pool2D {kind}");
        Oracle.Check((d, v) => d.Pool2DBackward(kind, v[0], v[1], v[2], g), [x, y, Operand.Random(DType.Float32, [n, h, w, c], 10)], what: $"Pool2DBackward {kind}");
    }
}
