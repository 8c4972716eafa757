using DeepLearning.Devices;

namespace DeepLearning.Ilgpu.Tests;

/// <summary>
/// The float32 register-blocked SGEMM against float64 products of the same float32 inputs: sizes 1, 7, 33, 65 and
/// 129 (no multiple of any tile), every transposition read in place, broadcast batches, accumulation, and the fused
/// bias + activation epilogue against a host float64 computation of act(a·b + bias).
/// </summary>
public class SgemmTests
{
    public static TheoryData<int, int, int> Sizes() => new()
    {
        { 1, 7, 33 }, { 7, 33, 65 }, { 65, 129, 7 }, { 129, 65, 33 }, { 33, 1, 129 }, { 129, 129, 129 },
    };

    private static Operand Matrix(int rows, int cols, bool transposed, int seed) => transposed
        ? new Operand(DType.Float32, Operand.Values(rows * cols, seed, -1, 1), [rows, cols], new Strides(1, rows))
        : Operand.Random(DType.Float32, [rows, cols], seed, -1, 1);

    [Theory]
    [MemberData(nameof(Sizes))]
    public void EveryTranspositionMatchesFloat64(int m, int k, int n)
    {
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
            {
                var c = Operand.Random(DType.Float32, [m, n], 3, -1, 1);
                Oracle.Check((d, v) => d.MatMul(v[0], v[1], v[2]), [Matrix(m, k, ta, 1), Matrix(k, n, tb, 2), c], 1e-5, 2e-6 * k,
                    $"{m}x{k}x{n} ta {ta} tb {tb}");
            }
        Oracle.Check((d, v) => d.MatMul(v[0], v[1], v[2], accumulate: true),
            [Matrix(m, k, false, 1), Matrix(k, n, true, 2), Operand.Random(DType.Float32, [m, n], 3, -1, 1)], 1e-5, 2e-6 * k, "accumulate");
    }

    [Fact]
    public void BatchesWithBroadcastAndAnOffsetMatchFloat64()
    {
        // a: 3 batches of (33, 17) at offset 5; b: one (17, 65) transposed matrix broadcast over the batches.
        var a = new Operand(DType.Float32, Operand.Values(5 + 3 * 33 * 17, 8, -1, 1), [3, 33, 17], new Strides(33 * 17, 17, 1), 5);
        var b = new Operand(DType.Float32, Operand.Values(17 * 65, 9, -1, 1), [3, 17, 65], new Strides(0, 1, 17));
        Oracle.Check((d, v) => d.MatMul(v[0], v[1], v[2]), [a, b, Operand.Random(DType.Float32, [3, 33, 65], 10)], 1e-5, 4e-5, "batched");
    }

    [Theory]
    [InlineData(FusedActivation.Linear)]
    [InlineData(FusedActivation.Relu)]
    [InlineData(FusedActivation.Sigmoid)]
    [InlineData(FusedActivation.Tanh)]
    public void TheBiasAndActivationEpilogueMatchesFloat64(FusedActivation activation)
    {
        const int m = 33, k = 19, n = 65;
        var device = TestDevice.Ilgpu;
        var a = Operand.Values(m * k, 11, -1, 1);
        var b = Operand.Values(k * n, 12, -1, 1);
        var bias = Operand.Values(n, 13, -1, 1);
        var av = Oracle.Place(device, new Operand(DType.Float32, a, [k, m], Strides.RowMajor([k, m])));   // a stored transposed
        var bv = Oracle.Place(device, Operand.Dense(DType.Float32, [k, n], b));
        var biasv = Oracle.Place(device, Operand.Dense(DType.Float32, [n], bias));
        var cv = Oracle.Place(device, Operand.Dense(DType.Float32, [m, n], new double[m * n]));
        device.MatMulBiasActivation(new StridedView(av.Storage, 0, [m, k], new Strides(1, m)), bv, biasv, cv, activation);
        var c = Oracle.ReadStorage(device, cv.Storage);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double z = bias[j];
                for (int p = 0; p < k; p++) z += a[p * m + i] * b[p * n + j];
                double e = activation switch
                {
                    FusedActivation.Relu => Math.Max(0, z),
                    FusedActivation.Sigmoid => 1 / (1 + Math.Exp(-z)),
                    FusedActivation.Tanh => Math.Tanh(z),
                    _ => z,
                };
                Assert.True(Math.Abs(c[i * n + j] - e) <= 1e-5 + 1e-5 * Math.Abs(e), $"{activation} ({i}, {j}): {c[i * n + j]} vs {e}");
            }
    }

    [Fact]
    public void TheEpilogueRejectsShapesThatDoNotChain()
    {
        var device = TestDevice.Ilgpu;
        var a = Oracle.Place(device, Operand.Random(DType.Float32, [4, 5], 1));
        var b = Oracle.Place(device, Operand.Random(DType.Float32, [6, 3], 2));
        var bias = Oracle.Place(device, Operand.Random(DType.Float32, [3], 3));
        var c = Oracle.Place(device, Operand.Random(DType.Float32, [4, 3], 4));
        var e = Assert.Throws<ArgumentException>(() => device.MatMulBiasActivation(a, b, bias, c, FusedActivation.Relu));
        Assert.Contains("(4, 5)", e.Message);
        var wrongBias = Oracle.Place(device, Operand.Random(DType.Float32, [4], 3));
        var b2 = Oracle.Place(device, Operand.Random(DType.Float32, [5, 3], 2));
        Assert.Throws<ArgumentException>(() => device.MatMulBiasActivation(a, b2, wrongBias, c, FusedActivation.Relu));
        var c64 = Oracle.Place(device, Operand.Random(DType.Float64, [4, 3], 4));
        Assert.Throws<ArgumentException>(() => device.MatMulBiasActivation(a, b2, bias, c64, FusedActivation.Relu));
    }
}
