using BenchmarkDotNet.Attributes;

namespace DeepLearning.Benchmarks.Micro;

/// <summary>The CPU GEMM kernel, C (M, N) = A (M, K) · B (K, N), on the shapes the workloads produce: square, the
/// MLP's layers forward (64×784×300, 32×300×100) and their weight gradients (784×64×300, skinny K), a single row
/// (1×512×512, inference of one sample) and a tall-thin product (4096×16×16).</summary>
public class GemmBenchmarks
{
    private Tensor _a = null!, _b = null!, _c = null!;

    /// <summary>The product's shape "M×K×N".</summary>
    [Params("64x784x300", "32x300x100", "784x64x300", "1x512x512", "4096x16x16", "512x512x512")]
    public string Shape { get; set; } = "";

    /// <summary>Random-normal operands and the output, made once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        int[] d = [.. Shape.Split('x').Select(int.Parse)];
        _a = Tensor.RandomNormal([d[0], d[1]]);
        _b = Tensor.RandomNormal([d[1], d[2]]);
        _c = Tensor.Zeros([d[0], d[2]]);
    }

    /// <summary>One product, C overwritten.</summary>
    [Benchmark]
    public void MatMul() => _c.Device.MatMul(_a.View, _b.View, _c.View);
}
