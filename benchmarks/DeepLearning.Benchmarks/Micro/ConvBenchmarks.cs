using BenchmarkDotNet.Attributes;
using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;

namespace DeepLearning.Benchmarks.Micro;

/// <summary>The CPU convolution kernels on the cnn workload's two layers (batch 64, 28×28, 3×3 "same", NHWC):
/// conv1 1 → 32 channels, conv2 32 → 64 channels; the forward pass and both backward passes (∂input, ∂kernel).</summary>
public class ConvBenchmarks
{
    private Tensor _x = null!, _kernel = null!, _y = null!, _dy = null!, _dx = null!, _dKernel = null!;
    private Conv2DGeometry _g;

    /// <summary>"conv1" (1 → 32 channels) or "conv2" (32 → 64 channels).</summary>
    [Params("conv1", "conv2")]
    public string Layer { get; set; } = "";

    /// <summary>Random input, kernel and output gradient; the geometry as the Conv2D op resolves it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (c, oc) = Layer == "conv1" ? (1, 32) : (32, 64);
        _x = Tensor.RandomUniform([64, 28, 28, c]);
        _kernel = Tensor.RandomNormal([3, 3, c, oc], std: 0.1);
        _y = Tensor.Zeros([64, 28, 28, oc]);
        _dy = Tensor.RandomNormal([64, 28, 28, oc]);
        _dx = Tensor.Zeros(_x.Shape);
        _dKernel = Tensor.Zeros(_kernel.Shape);
        var pads = ConvShapes.Resolve("Conv2D", Padding.Same, 28, 28, (3, 3), (1, 1), (1, 1));
        _g = ConvShapes.Conv2D("Conv2D", _x.Shape, _kernel.Shape, (1, 1), pads, (1, 1), 1);
    }

    /// <summary>y = x ⋆ kernel.</summary>
    [Benchmark]
    public void Forward() => _x.Device.Conv2D(_x.View, _kernel.View, _y.View, _g);

    /// <summary>∂x from ∂y and the kernel.</summary>
    [Benchmark]
    public void BackwardInput() => _x.Device.Conv2DBackwardInput(_dy.View, _kernel.View, _dx.View, _g);

    /// <summary>∂kernel from x and ∂y.</summary>
    [Benchmark]
    public void BackwardKernel() => _x.Device.Conv2DBackwardKernel(_x.View, _dy.View, _dKernel.View, _g);
}
