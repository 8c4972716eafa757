// The course's "check that the GPU works and time it" exercise: the same matrix product and the same small CNN
// training step on the CPU and on the GPU, both timed. Without a GPU it says why and times the CPU alone
// (--cpu-accelerator runs the GPU kernels on ILGPU's CPU accelerator instead, to check them, slowly).
//
//   GpuCheck [--size N] [--batch N] [--steps N] [--cpu-accelerator]
using System.Diagnostics;
using System.Globalization;
using DeepLearning;
using DeepLearning.Devices;
using DeepLearning.Ilgpu;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;

int Flag(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

bool cpuAccelerator = args.Contains("--cpu-accelerator");
int size = Flag("--size", cpuAccelerator ? 32 : 1024), batch = Flag("--batch", cpuAccelerator ? 2 : 64), steps = Flag("--steps", 5);
var inv = CultureInfo.InvariantCulture;

Console.WriteLine("ILGPU devices found:");
foreach (var d in IlgpuDevice.List()) Console.WriteLine($"  {d}");

IlgpuDevice? gpu = null;
try
{
    gpu = cpuAccelerator ? IlgpuDevice.CpuAccelerator() : IlgpuDevice.Cuda();
    Console.WriteLine($"GPU device: {gpu.Name}: {gpu.Info}");
}
catch (InvalidOperationException e)
{
    Console.WriteLine($"No GPU: {e.Message}");
    Console.WriteLine("Timing the CPU only.");
}

// 1. Matrix product c = a·b, N×N float32: 2N³ flops.
Generator.Seed(1);
var a = Tensor.RandomUniform([size, size], -1, 1);
var b = Tensor.RandomUniform([size, size], -1, 1);
double flops = 2.0 * size * size * size;
var (cpuFirst, cpuBest, cpuProduct) = TimeMatMul(a, b, Device.Cpu);
Console.WriteLine(string.Format(inv, "matmul {0}x{0} cpu: {1:0.00} ms ({2:0.0} GFLOP/s)", size, cpuBest, flops / cpuBest / 1e6));
if (gpu is not null)
{
    var (first, best, product) = TimeMatMul(a.To(gpu), b.To(gpu), gpu);
    float maxError = MaxRelativeError(cpuProduct, product.To(Device.Cpu));
    Console.WriteLine(string.Format(inv, "matmul {0}x{0} {1}: {2:0.00} ms ({3:0.0} GFLOP/s); first call {4:0} ms (kernel compile + launch); max relative difference from the CPU {5:E1}",
        size, gpu.Name, best, flops / best / 1e6, first, maxError));
    Console.WriteLine(string.Format(inv, "matmul speed-up {0}/cpu: {1:0.00}x", gpu.Name, cpuBest / best));
}

// 2. One training step of a small CNN (Conv-Pool-Conv-Pool-Dense) on a batch of 28×28×1 images.
var x = Tensor.RandomUniform([batch, 28, 28, 1]);
var y = Tensor.RandomInt([batch], 0, 10);
var (cpuStepFirst, cpuStep, cpuLoss) = TimeTraining(Device.Cpu);
Console.WriteLine(string.Format(inv, "cnn step batch {0} cpu: {1:0.0} ms (first {2:0} ms), first loss {3:0.000000}", batch, cpuStep, cpuStepFirst, cpuLoss));
if (gpu is not null)
{
    var (firstStep, step, loss) = TimeTraining(gpu);
    Console.WriteLine(string.Format(inv, "cnn step batch {0} {1}: {2:0.0} ms (first {3:0} ms, kernel compiles), first loss {4:0.000000} (cpu {5:0.000000})",
        batch, gpu.Name, step, firstStep, loss, cpuLoss));
    Console.WriteLine(string.Format(inv, "cnn step speed-up {0}/cpu: {1:0.00}x", gpu.Name, cpuStep / step));
    Console.WriteLine(string.Format(inv, "device memory: {0:0.0} MiB allocated, peak {1:0.0} MiB; transfers: {2} uploads, {3} downloads",
        gpu.BytesAllocated / 1048576.0, gpu.PeakBytesAllocated / 1048576.0, gpu.Uploads, gpu.Downloads));
    gpu.Dispose();
}
return 0;

(double First, double Best, Tensor Product) TimeMatMul(Tensor p, Tensor q, Device device)
{
    var watch = Stopwatch.StartNew();
    var product = p.MatMul(q);
    device.Synchronize();
    double first = watch.Elapsed.TotalMilliseconds, best = double.MaxValue;
    for (int r = 0; r < 3; r++)
    {
        watch.Restart();
        product = p.MatMul(q);
        device.Synchronize();
        best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
    }
    return (first, best, product);
}

(double First, double Mean, double FirstLoss) TimeTraining(Device device)
{
    Generator.Seed(2);
    var model = new Sequential(
        new Input(28, 28, 1),
        new Conv2D(16, 3, padding: Padding.Same, activation: Activation.ReLU),
        new MaxPooling2D(2),
        new Conv2D(32, 3, padding: Padding.Same, activation: Activation.ReLU),
        new MaxPooling2D(2),
        new Flatten(),
        new Dense(10, activation: Activation.Softmax));
    model.Compile(new Adam(1e-3), new SparseCategoricalCrossentropy());
    model.To(device);
    var watch = Stopwatch.StartNew();
    double firstLoss = model.TrainOnBatch(x, y)["loss"];   // reading the loss waits for the device
    double first = watch.Elapsed.TotalMilliseconds;
    watch.Restart();
    for (int s = 0; s < steps; s++) model.TrainOnBatch(x, y);
    double mean = watch.Elapsed.TotalMilliseconds / steps;
    model.To(Device.Cpu);
    return (first, mean, firstLoss);
}

static float MaxRelativeError(Tensor expected, Tensor actual)
{
    var e = expected.ToArray<float>();
    var a = actual.ToArray<float>();
    float scale = e.Max(v => Math.Abs(v)), max = 0;
    for (int i = 0; i < e.Length; i++) max = Math.Max(max, Math.Abs(e[i] - a[i]) / scale);
    return max;
}
