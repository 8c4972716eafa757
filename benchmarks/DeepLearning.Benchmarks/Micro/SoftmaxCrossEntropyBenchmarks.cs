using BenchmarkDotNet.Attributes;
using DeepLearning.Autograd;
using DeepLearning.Losses;

namespace DeepLearning.Benchmarks.Micro;

/// <summary>Softmax folded into the cross-entropy (from logits, 10 classes) as the training workloads compute it,
/// through the public loss: forward to the mean loss, and forward with the backward pass to ∂logits.</summary>
public class SoftmaxCrossEntropyBenchmarks
{
    private readonly SparseCategoricalCrossentropy _loss = new(fromLogits: true);
    private Tensor _logits = null!, _labels = null!;

    /// <summary>Rows of the batch (64: cnn and lstm; 256: inference batches).</summary>
    [Params(64, 256)]
    public int Batch { get; set; }

    /// <summary>Random-normal logits that require a gradient and uniform labels 0–9.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _logits = Tensor.RandomNormal([Batch, 10]);
        _logits.RequiresGrad = true;
        _labels = Tensor.RandomInt([Batch], 0, 10);
    }

    /// <summary>The mean loss, no gradient recorded.</summary>
    [Benchmark]
    public void Forward()
    {
        using var scope = TensorScope.Begin();
        using var noGrad = GradMode.Disable();
        _loss.Call(_labels, _logits);
    }

    /// <summary>The mean loss and ∂loss/∂logits.</summary>
    [Benchmark]
    public void ForwardBackward()
    {
        using var scope = TensorScope.Begin();
        _logits.Grad = null;
        _loss.Call(_labels, _logits).Backward();
    }
}
