using BenchmarkDotNet.Attributes;
using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;

namespace DeepLearning.Benchmarks.Micro;

/// <summary>The CPU 2×2 max-pooling kernels on the cnn workload's pooling layer: (64, 28, 28, 64) → (64, 14, 14, 64).</summary>
public class MaxPoolBenchmarks
{
    private Tensor _x = null!, _y = null!, _dy = null!, _dx = null!;
    private Pool2DGeometry _g;

    /// <summary>Random input and output gradient; the geometry as the MaxPool2D op resolves it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _x = Tensor.RandomNormal([64, 28, 28, 64]);
        _y = Tensor.Zeros([64, 14, 14, 64]);
        _dy = Tensor.RandomNormal(_y.Shape);
        _dx = Tensor.Zeros(_x.Shape);
        _g = ConvShapes.Pool2D("MaxPool2D", _x.Shape, (2, 2), (2, 2), Padding.Valid);
    }

    /// <summary>y = the maximum of each 2×2 window.</summary>
    [Benchmark]
    public void Forward() => _x.Device.Pool2D(PoolKind.Max, _x.View, _y.View, _g);

    /// <summary>∂x: each window's gradient to its maximal cell.</summary>
    [Benchmark]
    public void Backward() => _x.Device.Pool2DBackward(PoolKind.Max, _x.View, _dy.View, _dx.View, _g);
}
