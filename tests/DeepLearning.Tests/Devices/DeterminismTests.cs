using DeepLearning.Devices;
using DeepLearning.Devices.Cpu;
using static DeepLearning.Tests.Layers.RecurrentTestData;

namespace DeepLearning.Tests.Devices;

/// <summary>Results are bit-identical whatever the kernel pool's thread count (fixed chunks, fixed order).</summary>
[Collection(nameof(KernelPoolCollection))]
public class DeterminismTests
{
    private static T[] WithThreads<T>(int threads, Func<Tensor> compute) where T : unmanaged
    {
        int saved = KernelPool.ThreadCount;
        try
        {
            KernelPool.ThreadCount = threads;
            return compute().ToArray<T>();
        }
        finally
        {
            KernelPool.ThreadCount = saved;
        }
    }

    private static void Same(Func<Tensor> compute)
    {
        var one = WithThreads<float>(1, compute);
        var two = WithThreads<float>(2, compute);
        var four = WithThreads<float>(4, compute);
        Assert.Equal(one, two);
        Assert.Equal(one, four);
    }

    [Fact]
    public void LargeReductionsAreBitIdentical()
    {
        var x = Tensor.RandomNormal([3_000_000], generator: new Generator(1));
        Same(() => x.Sum());
        var m = Tensor.RandomNormal([1500, 700], generator: new Generator(2));
        Same(() => m.Sum(0));
        Same(() => m.Sum(1));
        Same(() => m.Mean([0, 1]));
        Same(() => m.Max(0));
        Same(() => m.Transpose().Sum(1));
    }

    [Fact]
    public void MatMulAndConvolutionAreBitIdentical()
    {
        var a = Tensor.RandomNormal([257, 300], generator: new Generator(3));
        var b = Tensor.RandomNormal([300, 129], generator: new Generator(4));
        Same(() => a.MatMul(b));
        Same(() => a.Transpose().MatMul(a));
        var x = Tensor.RandomNormal([9, 12, 12, 3], generator: new Generator(5));
        var k = Tensor.RandomNormal([3, 3, 3, 8], generator: new Generator(6));
        var g = new Conv2DGeometry(9, 12, 12, 3, 3, 3, 8, 1, 1, 1, 1, 1, 1, 12, 12, 1);
        Same(() =>
        {
            var y = Tensor.Zeros([9, 12, 12, 8]);
            Device.Cpu.Conv2D(x.View, k.View, y.View, g);
            return y;
        });
        Same(() =>
        {
            var dk = Tensor.Zeros([3, 3, 3, 8]);
            Device.Cpu.Conv2DBackwardKernel(x.View, Tensor.Ones([9, 12, 12, 8]).View, dk.View, g);
            return dk;
        });
    }

    [Fact]
    public void ATrainingStepIsBitIdentical()
    {
        Same(() =>
        {
            var x = Tensor.RandomNormal([128, 50], generator: new Generator(7));
            var w = Tensor.RandomNormal([50, 20], generator: new Generator(8));
            w.RequiresGrad = true;
            (x.MatMul(w).Tanh().Square().Mean()).Backward();
            return w.Grad!;
        });
    }

    [Fact]
    public void ADenseLayerStepIsBitIdentical()
    {
        // 2·64·200·150 flops: enough for the GEMM (and its bias + ReLU epilogue) to split the work between threads.
        Same(() =>
        {
            var x = Tensor.RandomNormal([64, 200], generator: new Generator(21));
            var w = Tensor.RandomNormal([200, 150], 0, 0.1, generator: new Generator(22));
            var b = Tensor.RandomNormal([150], 0, 0.1, generator: new Generator(23));
            w.RequiresGrad = true;
            b.RequiresGrad = true;
            var y = DeepLearning.Autograd.Ops.DenseNode.Apply(x, w, b, FusedActivation.Relu);
            (y * y).Mean().Backward();
            return Tensor.Concat([y.Reshape(-1), w.Grad!.Reshape(-1), b.Grad!]);
        });
    }

    [Fact]
    public void AnLstmTrainingStepIsBitIdentical()
    {
        // 37 rows: the fused sequence kernels cut the batch into a number of chunks that depends on the thread count.
        foreach (int which in new[] { 0, 1, 2, 3 })
            Same(() =>
            {
                var lstm = Built(new DeepLearning.Layers.LSTM(16, returnSequences: true, goBackwards: which == 1), [37, 6, 5], DType.Float32);
                for (int i = 0; i < lstm.Weights.Count; i++) Set(lstm.Weights[i], 0.3, 0.1 + i);
                var x = Tensor.RandomNormal([37, 6, 5], generator: new Generator(12));
                x.RequiresGrad = true;
                lstm.Call(x).Tanh().Square().Mean().Backward();
                return which switch { 0 or 1 => lstm.RecurrentKernel!.Grad!, 2 => lstm.Kernel!.Grad!, _ => x.Grad! };
            });
    }

    [Fact]
    public void ElementwiseResultsDoNotDependOnWhereTheBufferLies()
    {
        // TensorPrimitives' float64 exp computes a whole vector with the scalar function when one lane needs it (−1e9,
        // a masked attention logit): which neighbours share that vector must not depend on the buffer's address.
        var values = Enumerable.Range(0, 64).Select(i => i % 5 == 2 ? -1e9 : -0.013 * i).ToArray();
        var x = Tensor.FromArray(values, [64]);
        var first = x.Exp().ToArray<double>();
        var held = new List<Tensor>();
        for (int i = 1; i <= 24; i++)
        {
            held.Add(Tensor.Zeros([i], DType.Float64)); // moves where the next buffers lie
            Assert.Equal(first, x.Exp().ToArray<double>());
        }
        foreach (var t in held.Append(x).Append(Tensor.Zeros([3], DType.Float32)).Append(Tensor.Zeros([5], DType.Int32)))
            Assert.Equal(0, ((CpuStorage)t.View.Storage!).Pointer % CpuStorage.Alignment);
    }

    [Fact]
    public void RandomTensorsAreTheSameOnEveryDeviceAndThreadCount()
    {
        var shape = new Shape(5, 1001);
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var cpu = Tensor.RandomUniform(shape, -1, 2, dtype, new Generator(9));
            var reference = Tensor.RandomUniform(shape, -1, 2, dtype, new Generator(9), TestHelpers.Reference);
            Assert.Equal(cpu.ToArray<double>(), reference.ToArray<double>());
            var n1 = Tensor.RandomNormal(shape, 0, 1, dtype, new Generator(10));
            var n2 = Tensor.RandomNormal(shape, 0, 1, dtype, new Generator(10), TestHelpers.Reference);
            Assert.Equal(n1.ToArray<double>(), n2.ToArray<double>());
        }
        var mask1 = Tensor.Bernoulli([100_000], 0.3, generator: new Generator(11));
        var mask2 = Tensor.Bernoulli([100_000], 0.3, generator: new Generator(11), device: TestHelpers.Reference);
        Assert.Equal(mask1.ToArray<float>(), mask2.ToArray<float>());
        Same(() => Tensor.Bernoulli([100_000], 0.3, generator: new Generator(11)));
    }
}

[CollectionDefinition(nameof(KernelPoolCollection), DisableParallelization = true)]
public class KernelPoolCollection;
