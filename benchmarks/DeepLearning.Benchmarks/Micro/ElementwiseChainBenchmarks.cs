using BenchmarkDotNet.Attributes;
using DeepLearning.Autograd;

namespace DeepLearning.Benchmarks.Micro;

/// <summary>An element-wise chain through the public tensor API, without gradients: y = relu(x + b) ⊙ m · 2 (a bias
/// broadcast over the rows, the activation, a dropout-style mask and its rescale): four element-wise ops, each a
/// full pass over memory unless fused. Sizes: the MLP's first layer at batch 64 (64×300) and the cnn's second
/// convolution output (64·28·28 rows × 64 channels).</summary>
public class ElementwiseChainBenchmarks
{
    private Tensor _x = null!, _bias = null!, _mask = null!;

    /// <summary>"64x300" or "50176x64".</summary>
    [Params("64x300", "50176x64")]
    public string Shape { get; set; } = "";

    /// <summary>Random input, bias and a 0/1 mask.</summary>
    [GlobalSetup]
    public void Setup()
    {
        int[] d = [.. Shape.Split('x').Select(int.Parse)];
        _x = Tensor.RandomNormal([d[0], d[1]]);
        _bias = Tensor.RandomNormal([d[1]]);
        _mask = Tensor.RandomInt([d[0], d[1]], 0, 2, DType.Float32);
    }

    /// <summary>The four ops, temporaries released by the scope.</summary>
    [Benchmark]
    public void BiasReluMaskScale()
    {
        using var scope = TensorScope.Begin();
        using var noGrad = GradMode.Disable();
        _ = (_x + _bias).Relu() * _mask * 2.0;
    }
}
