namespace DeepLearning.Benchmarks;

/// <summary>gemm-n: C = A·B for square float32 n×n random-normal matrices, through Tensor.MatMul, in GFLOP/s
/// (2n³ per product), blocks of 0.25 s as the anchor.</summary>
internal static class GemmWorkload
{
    public static string Run(int n, int repeats)
    {
        var a = Tensor.RandomNormal([n, n]);
        var b = Tensor.RandomNormal([n, n]);
        var r = Measure.Rate(() =>
        {
            using var scope = TensorScope.Begin();
            a.MatMul(b);
        }, 2.0 * n * n * n / 1e9, repeats, 0.25);
        return Measure.Line($"gemm-{n}", r, "GFLOP/s", "F1");
    }
}
