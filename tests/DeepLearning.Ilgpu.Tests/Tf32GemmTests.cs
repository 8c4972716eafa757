using DeepLearning.Devices;

namespace DeepLearning.Ilgpu.Tests;

/// <summary>
/// The opt-in TF32 GEMM (<see cref="IlgpuDevice.AllowTf32"/>) on a CPU accelerator with 128-thread groups, where the
/// tensor-core step is emulated: against a float64 product of the inputs rounded to TF32 here (round to nearest,
/// ties away, 13 mantissa bits dropped, as cvt.rna.tf32.f32), with ragged sizes, a transposed operand and batches.
/// The instruction itself only runs on a GPU (tools/gpu-bench.sh); <see cref="PtxCompileTests"/> checks it is emitted.
/// </summary>
public class Tf32GemmTests
{
    private static double Tf32(double x)
    {
        uint bits = BitConverter.SingleToUInt32Bits((float)x);
        uint magnitude = bits & 0x7FFFFFFF, rounded = (magnitude + (1u << 12)) >> 13 << 13;
        return BitConverter.UInt32BitsToSingle(bits & 0x80000000 | rounded);
    }

    [Fact]
    public void Tf32ProductsMatchFloat64ProductsOfRoundedInputsAndAreOffByDefault()
    {
        const int batches = 2, m = 70, k = 37, n = 65;
        using var device = IlgpuDevice.CpuAccelerator(32, 4);
        Assert.False(device.AllowTf32);
        double[] a = Operand.Values(batches * m * k, 1, -1, 1), b = Operand.Values(k * n, 2, -1, 1);
        var av = Oracle.Place(device, Operand.Dense(DType.Float32, [batches, m, k], a));
        // b stored (n, k) and read transposed, broadcast over the batch.
        var bStore = new double[n * k];
        for (int p = 0; p < k; p++)
            for (int j = 0; j < n; j++) bStore[j * k + p] = b[p * n + j];
        var bv = Oracle.Place(device, new Operand(DType.Float32, bStore, [batches, k, n], new Strides(0, 1, k)));
        var c32 = Oracle.Place(device, Operand.Dense(DType.Float32, [batches, m, n], new double[batches * m * n]));
        var c19 = Oracle.Place(device, Operand.Dense(DType.Float32, [batches, m, n], new double[batches * m * n]));
        device.MatMul(av, bv, c32);
        device.AllowTf32 = true;
        device.MatMul(av, bv, c19);
        double[] fp32 = Oracle.ReadStorage(device, c32.Storage), tf32 = Oracle.ReadStorage(device, c19.Storage);
        double largestDifference = 0;
        for (int z = 0; z < batches; z++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double exact = 0, rounded = 0;
                    for (int p = 0; p < k; p++)
                    {
                        double x = a[(z * m + i) * k + p], y = b[p * n + j];
                        exact += x * y;
                        rounded += Tf32(x) * Tf32(y);
                    }
                    int at = (z * m + i) * n + j;
                    Assert.True(Math.Abs(tf32[at] - rounded) <= 2e-6 * k, $"TF32 ({z}, {i}, {j}): {tf32[at]} vs {rounded}");
                    Assert.True(Math.Abs(fp32[at] - exact) <= 2e-6 * k, $"FP32 ({z}, {i}, {j}): {fp32[at]} vs {exact}");
                    largestDifference = Math.Max(largestDifference, Math.Abs(tf32[at] - fp32[at]));
                }
        // TF32 keeps 11 significant bits: its products differ from float32's by far more than float32 rounding.
        Assert.True(largestDifference > 1e-4, $"TF32 and FP32 differ by at most {largestDifference}");
    }
}
