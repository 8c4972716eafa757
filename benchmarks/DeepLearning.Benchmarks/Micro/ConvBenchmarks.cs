using BenchmarkDotNet.Attributes;
using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;
using DeepLearning.Devices.Cpu;

namespace DeepLearning.Benchmarks.Micro;

/// <summary>The CPU convolution kernels on the cnn workload's two layers (batch 64, 28×28, 3×3 "same", NHWC):
/// conv1 1 → 32 channels, conv2 32 → 64 channels; the forward pass and both backward passes (∂input, ∂kernel), and
/// the inference forward pass fused with bias, ReLU and 2×2 max pooling (<see cref="IFusedKernels.Conv2DBiasActivationPool"/>;
/// for conv2 the Winograd kernel, and with it off the direct kernel).</summary>
public class ConvBenchmarks
{
    private Tensor _x = null!, _kernel = null!, _y = null!, _dy = null!, _dx = null!, _dKernel = null!, _bias = null!, _pooled = null!;
    private Conv2DGeometry _g;
    private Pool2DGeometry _pool;

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
        _bias = Tensor.RandomNormal([oc], std: 0.1);
        _pool = ConvShapes.Pool2D("MaxPool2D", _y.Shape, (2, 2), (2, 2), Padding.Valid);
        _pooled = Tensor.Zeros([64, 14, 14, oc]);
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

    /// <summary>pool(relu(x ⋆ kernel + bias)) in one kernel, as inference runs a convolution and the pooling after it.</summary>
    [Benchmark]
    public void ForwardBiasReluMaxPool() => ((IFusedKernels)_x.Device).Conv2DBiasActivationPool(_x.View, _kernel.View, _bias.View, _pooled.View, _g,
        FusedActivation.Relu, PoolKind.Max, _pool);

    /// <summary>The same on the direct kernel (<see cref="CpuDevice.WinogradEnabled"/> off; conv1 takes it either way).</summary>
    [Benchmark]
    public void ForwardBiasReluMaxPoolDirect()
    {
        CpuDevice.Instance.WinogradEnabled = false;
        try
        {
            ForwardBiasReluMaxPool();
        }
        finally
        {
            CpuDevice.Instance.WinogradEnabled = true;
        }
    }
}
