namespace DeepLearning.Tests.Conformance;

/// <summary>Matrix products on the device under test against float64 products of the same float32 inputs: shapes that
/// are not multiples of any tile, K larger than M and N, degenerate sizes, every combination of transposed operands
/// (strided views), and broadcast batch axes.</summary>
public abstract partial class DeviceConformance
{
    /// <summary>(m, k, n) of the GEMM cases.</summary>
    public static TheoryData<int, int, int> GemmShapes() => new()
    {
        { 1, 1, 1 }, { 3, 17, 5 }, { 2, 64, 3 }, { 7, 33, 9 }, { 17, 5, 13 }, { 33, 70, 65 }, { 1, 9, 31 }, { 31, 9, 1 },
    };

    [Theory]
    [MemberData(nameof(GemmShapes))]
    public void MatMulMatchesFloat64InEveryTransposition(int m, int k, int n)
    {
        foreach (bool transposeA in new[] { false, true })
            foreach (bool transposeB in new[] { false, true })
            {
                // Stored transposed and transposed back by a view on the device: a strided operand.
                var a = OpInputs.Draw(transposeA ? [k, m] : [m, k], Domain.Any, DType.Float32, Oracle, 31);
                var b = OpInputs.Draw(transposeB ? [n, k] : [k, n], Domain.Any, DType.Float32, Oracle, 32);
                Tensor A(Tensor t) => transposeA ? t.Transpose() : t;
                Tensor B(Tensor t) => transposeB ? t.Transpose() : t;
                var expected = A(a.Cast(DType.Float64)).MatMul(B(b.Cast(DType.Float64)));
                var actual = A(a.To(Device)).MatMul(B(b.To(Device)));
                AssertClose(expected, actual, 1e-5, 2e-6 * k, $"({m}×{k})·({k}×{n}) transposeA {transposeA} transposeB {transposeB}");
            }
    }

    [Fact]
    public void BatchedMatMulBroadcastsBatchAxes()
    {
        var a = OpInputs.Draw([2, 1, 5, 19], Domain.Any, DType.Float32, Oracle, 33);
        var b = OpInputs.Draw([3, 19, 6], Domain.Any, DType.Float32, Oracle, 34);
        var expected = a.Cast(DType.Float64).MatMul(b.Cast(DType.Float64));
        AssertClose(expected, a.To(Device).MatMul(b.To(Device)), 1e-5, 4e-5, "(2, 1, 5, 19)·(3, 19, 6)");
        var bt = OpInputs.Draw([3, 6, 19], Domain.Any, DType.Float32, Oracle, 35);
        AssertClose(a.Cast(DType.Float64).MatMul(bt.Cast(DType.Float64).Transpose(-1, -2)), a.To(Device).MatMul(bt.To(Device).Transpose(-1, -2)),
            1e-5, 4e-5, "with b transposed");
    }

    [Fact]
    public void MatMulGradientsMatchTheReference()
    {
        // ∂(a·b) needs gᵀ products with transposed operands: the backward kernels of a training step.
        var a = OpInputs.Draw([9, 21], Domain.Any, DType.Float64, Oracle, 36);
        var b = OpInputs.Draw([21, 4], Domain.Any, DType.Float64, Oracle, 37);
        var w = OpInputs.Draw([9, 4], Domain.Any, DType.Float64, Oracle, 38);
        var (ga, gb) = MatMulGradients(a, b, w);
        var (da, db) = MatMulGradients(a.To(Device), b.To(Device), w.To(Device));
        AssertClose(ga, da, 1e-11, 1e-12, "∂a");
        AssertClose(gb, db, 1e-11, 1e-12, "∂b");
    }

    private static (Tensor, Tensor) MatMulGradients(Tensor a, Tensor b, Tensor w)
    {
        a = a.Detach();
        b = b.Detach();
        a.RequiresGrad = true;
        b.RequiresGrad = true;
        (a.MatMul(b) * w).Sum().Backward();
        return (a.Grad!, b.Grad!);
    }
}
