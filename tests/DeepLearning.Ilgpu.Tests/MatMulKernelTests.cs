using DeepLearning.Devices;

namespace DeepLearning.Ilgpu.Tests;

/// <summary>The tiled GEMM against the float64 reference: non-square, K &gt; M, sizes that are not multiples of
/// the 16×16 tile, transposed and broadcast operands, batches, accumulation.</summary>
public class MatMulKernelTests
{
    public static TheoryData<int, int, int> Sizes() => new() { { 1, 1, 1 }, { 17, 33, 65 }, { 5, 70, 3 }, { 32, 16, 48 }, { 3, 0, 4 } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MatMulMatchesTheReference(int m, int k, int n)
    {
        var a = Operand.Random(DType.Float32, [m, k], 1);
        var b = Operand.Random(DType.Float32, [k, n], 2);
        Oracle.Check((d, v) => d.MatMul(v[0], v[1], v[2]), [a, b, Operand.Random(DType.Float32, [m, n], 3)], 1e-5, 1e-5, $"{m}x{k}x{n}");
        Oracle.Check((d, v) => d.MatMul(v[0], v[1], v[2], accumulate: true), [a, b, Operand.Random(DType.Float32, [m, n], 3)], 1e-5, 1e-5, "accumulate");
    }

    [Fact]
    public void TransposedAndBroadcastBatchesMatchTheReference()
    {
        // a (2, 3, 19, 21) batches; b is one (21, 18) matrix stored transposed, broadcast over both batch axes.
        var a = Operand.Random(DType.Float32, [2, 3, 19, 21], 4);
        var b = new Operand(DType.Float32, Operand.Values(21 * 18, 5, -1, 1), [2, 3, 21, 18], new Strides(0, 0, 1, 21));
        Oracle.Check((d, v) => d.MatMul(v[0], v[1], v[2]), [a, b, Operand.Dense(DType.Float32, [2, 3, 19, 18], new double[2 * 3 * 19 * 18])], 1e-5, 1e-5, "batched");
        var a64 = Operand.Random(DType.Float64, [3, 40, 7], 6);
        var b64 = Operand.Random(DType.Float64, [3, 7, 9], 7);
        Oracle.Check((d, v) => d.MatMul(v[0], v[1], v[2]), [a64, b64, Operand.Dense(DType.Float64, [3, 40, 9], new double[3 * 40 * 9])], 1e-12, 1e-12, "float64");
    }
}

/// <summary>The GEMM with the 16×16 tile a GPU uses, on a CPU accelerator with 256-thread groups (slow to launch,
/// so one case).</summary>
public class FullTileMatMulTests
{
    [Fact]
    public void TheSixteenBySixteenTileMatchesTheReference()
    {
        using var device = IlgpuDevice.CpuAccelerator(32, 8);
        var a = new Operand(DType.Float32, Operand.Values(40 * 19, 1, -1, 1), [19, 40], new Strides(1, 19));   // transposed
        var b = Operand.Random(DType.Float32, [40, 33], 2);
        var expected = Oracle.Run(Oracle.Reference, (d, v) => d.MatMul(v[0], v[1], v[2]), [a, b, Operand.Dense(DType.Float32, [19, 33], new double[19 * 33])]);
        var actual = Oracle.Run(device, (d, v) => d.MatMul(v[0], v[1], v[2]), [a, b, Operand.Dense(DType.Float32, [19, 33], new double[19 * 33])]);
        for (int i = 0; i < expected[2].Length; i++) Assert.Equal(expected[2][i], actual[2][i], 1e-5);
    }
}
