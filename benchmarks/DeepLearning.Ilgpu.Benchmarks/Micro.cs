using System.Diagnostics;
using System.Globalization;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using Device = DeepLearning.Devices.Device;

namespace DeepLearning.Ilgpu.Benchmarks;

/// <summary>
/// The micro mode: each hot kernel of the ILGPU device on ILGPU's CPU accelerator at a small size, timed (the first
/// call, which compiles the kernel, and the mean of later calls) and compared with the CPU device. Seconds in all.
/// The times say what a change costs on the CPU accelerator, a rough proxy; only a GPU measures a GPU.
/// </summary>
internal static class Micro
{
    public static int Run()
    {
        using var small = IlgpuDevice.CpuAccelerator();             // 4-thread groups, as the CI tests
        using var wide = IlgpuDevice.CpuAccelerator(32, 4);          // 128-thread groups, for the TF32 kernel
        var unfused = IlgpuDevice.CpuAccelerator();
        unfused.FusedKernelsEnabled = false;
        using (unfused)
        {
            var a = Tensor.RandomNormal([64, 64]);
            var b = Tensor.RandomNormal([64, 64]);
            var a32 = Tensor.RandomNormal([32, 32]);
            var b32 = Tensor.RandomNormal([32, 32]);
            Case("sgemm 64³ float32 (register-blocked)", small, d => { var (x, y) = (a.To(d), b.To(d)); return () => x.MatMul(y); });
            Case("sgemm 32³ float32 (register-blocked)", small, d => { var (x, y) = (a32.To(d), b32.To(d)); return () => x.MatMul(y); });
            Case("gemm 32³ float64 (generic kernel)", small, d => { var (x, y) = (a32.Cast(DType.Float64).To(d), b32.Cast(DType.Float64).To(d)); return () => x.MatMul(y); });
            Case("sgemm 64³ float32, 128-thread groups", wide, d => { var (x, y) = (a.To(d), b.To(d)); return () => x.MatMul(y); });
            wide.AllowTf32 = true;
            Case("tf32 64³ (tensor-core step emulated)", wide, d => { var (x, y) = (a.To(d), b.To(d)); return () => x.MatMul(y); });
            wide.AllowTf32 = false;

            var image = Tensor.RandomUniform([1, 8, 8, 16]);
            var kernel = Tensor.RandomNormal([3, 3, 16, 32]) * 0.1;
            Case("conv2d 1×8×8×16→32 3×3 same, float32 (implicit GEMM)", small,
                d => { var (x, k) = (image.To(d), kernel.To(d)); return () => x.Conv2D(k, padding: Padding.Same); });
            Case("conv2d the same, float64 (direct kernel)", small,
                d => { var (x, k) = (image.Cast(DType.Float64).To(d), kernel.Cast(DType.Float64).To(d)); return () => x.Conv2D(k, padding: Padding.Same); });
            Case("conv2d forward + both backward passes, float32", small, d =>
            {
                var (x, k) = (image.To(d), kernel.To(d));
                return () =>
                {
                    var xg = x.Detach();
                    xg.RequiresGrad = true;
                    var kg = k.Detach();
                    kg.RequiresGrad = true;
                    xg.Conv2D(kg, padding: Padding.Same).Sum().Backward();
                    return Tensor.Concat([xg.Grad!.Reshape([-1]), kg.Grad!.Reshape([-1])], 0);
                };
            });
            var pooled = Tensor.RandomUniform([1, 16, 16, 16]);
            Case("maxpool2d 1×16×16×16 float32", small, d => { var x = pooled.To(d); return () => x.MaxPool2D((2, 2)); });

            Case("mlp step batch 4, fused Adam and derivatives", small, d => TrainStep(d, Mlp(), [8, 8, 1]));
            Case("mlp step batch 4, composed", unfused, d => TrainStep(d, Mlp(), [8, 8, 1]));
            Case("lstm(8) step over 4 steps, fused cell", small, d => TrainStep(d, Lstm(), [4, 6]));
            Case("lstm(8) step over 4 steps, composed", unfused, d => TrainStep(d, Lstm(), [4, 6]));
        }
        return 0;
    }

    private static Model Mlp() => new Sequential(new Flatten(), new Dense(16, Activation.ReLU), new Dense(10));

    private static Model Lstm() => new Sequential(new LSTM(8), new Dense(10));

    /// <summary>One training step with Adam on fixed data; the loss after it, as a tensor.</summary>
    private static Func<Tensor> TrainStep(Device device, Model model, int[] sample)
    {
        Generator.Seed(7);
        model.Compile(new Adam(1e-3), new SparseCategoricalCrossentropy(fromLogits: true));
        model.To(device);
        var x = Tensor.RandomUniform([4, .. sample]).To(device);
        var y = Tensor.RandomInt([4], 0, 10).To(device);
        // The step count differs between the timed device and the CPU reference, so compare the first step's loss.
        double first = double.NaN;
        return () =>
        {
            double loss = model.TrainOnBatch(x, y)["loss"];
            if (double.IsNaN(first)) first = loss;
            return Tensor.FromArray([first]);
        };
    }

    /// <summary>Times the closure <paramref name="prepare"/> returns on <paramref name="device"/> (first call, then
    /// calls for at least 0.2 s) and prints the largest difference of its result from the same work on the CPU device.</summary>
    private static void Case(string name, IlgpuDevice device, Func<Device, Func<Tensor>> prepare)
    {
        var inv = CultureInfo.InvariantCulture;
        float[] expected = prepare(Device.Cpu)().ToArray<float>();
        var work = prepare(device);
        var watch = Stopwatch.StartNew();
        float[] actual = work().ToArray<float>();
        double first = watch.Elapsed.TotalMilliseconds;
        int calls = 0;
        watch.Restart();
        while (watch.Elapsed.TotalSeconds < 0.2 || calls < 2)
        {
            using var scope = TensorScope.Begin();
            work();
            calls++;
        }
        device.Synchronize();
        double each = watch.Elapsed.TotalMilliseconds / calls;
        double scale = Math.Max(1e-30, expected.Max(Math.Abs)), worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]) / scale);
        Console.WriteLine(string.Format(inv, "{0}: {1:0.00} ms per call (first {2:0} ms, with compile); largest difference from the CPU device {3:E1} of max |y|",
            name, each, first, worst));
    }
}
