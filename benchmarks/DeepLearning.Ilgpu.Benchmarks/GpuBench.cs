using System.Diagnostics;
using System.Globalization;
using DeepLearning.Benchmarks;
using Device = DeepLearning.Devices.Device;

namespace DeepLearning.Ilgpu.Benchmarks;

/// <summary>The options of the gpu mode, validated.</summary>
internal sealed record GpuBenchOptions(string Device, int[] Sizes, string[] Workloads, string MemoryWorkload, int MemorySteps,
    int Repeats, bool Cpu, bool Tf32)
{
    private static readonly string[] Trainable = ["mlp32", "mlp128", "cnn", "lstm"];

    /// <exception cref="ArgumentException">An option is unknown, lacks its value or has a bad one.</exception>
    public static GpuBenchOptions Parse(string[] args)
    {
        var o = new GpuBenchOptions("cuda", [1024, 4096, 8192], ["cnn", "mlp128", "lstm"], "mlp128", 10_000, 5, true, false);
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"gpu: {args[i]} needs a value.");
            int Positive(string v) => int.TryParse(v, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : throw new ArgumentException($"gpu: '{v}' is not a positive integer.");
            o = args[i] switch
            {
                "--device" => o with { Device = DeviceKind(Value()) },
                "--sizes" => o with { Sizes = [.. Value().Split(',').Select(Positive)] },
                "--workloads" => o with { Workloads = Value().Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--memory-workload" => o with { MemoryWorkload = Value() },
                "--memory-steps" => o with { MemorySteps = Value() is "0" ? 0 : Positive(args[i]) },
                "--repeats" => o with { Repeats = Positive(Value()) },
                "--no-cpu" => o with { Cpu = false },
                "--tf32" => o with { Tf32 = true },
                _ => throw new ArgumentException($"gpu: unknown option '{args[i]}'."),
            };
        }
        foreach (var w in o.Workloads.Append(o.MemoryWorkload))
            if (!Trainable.Contains(w)) throw new ArgumentException($"gpu: '{w}' is not a training workload ({string.Join(", ", Trainable)}).");
        if (o.MemorySteps is > 0 and < 100) throw new ArgumentException("gpu: --memory-steps is 0 (skip) or at least 100 (the first reading is at step 100).");
        return o;
    }

    private static string DeviceKind(string value) =>
        value is "cuda" or "cpu-accelerator" ? value : throw new ArgumentException($"gpu: --device is cuda or cpu-accelerator, not '{value}'.");
}

/// <summary>
/// The GPU measurements of tools/gpu-bench.sh, each line in the workload runner's format: SGEMM (C = A·B, square
/// float32 random-normal, 2n³ flops, through Tensor.MatMul) in GFLOP/s with its largest difference from the CPU device
/// where that is quick to compute; the training workloads on the device and on the CPU device; the device's bytes in
/// use after 100 training steps and after the last.
/// </summary>
internal static class GpuBench
{
    public static int Run(GpuBenchOptions o)
    {
        var inv = CultureInfo.InvariantCulture;
        using var device = o.Device == "cuda" ? IlgpuDevice.Cuda() : IlgpuDevice.CpuAccelerator();
        Console.WriteLine($"device: {device.Name}: {device.Info}; CPU device: {Environment.ProcessorCount} cores");
        foreach (int n in o.Sizes)
        {
            Console.WriteLine(Sgemm(device, n, o.Repeats, tf32: false));
            if (o.Tf32) Console.WriteLine(Sgemm(device, n, o.Repeats, tf32: true));
        }
        foreach (var id in o.Workloads)
        {
            Console.WriteLine(Workloads.Run(id, o.Repeats, device, $"{id} {device.Name}"));
            if (o.Cpu) Console.WriteLine(Workloads.Run(id, o.Repeats, null, $"{id} cpu"));
        }
        if (o.MemorySteps == 0) return 0;
        var (atHundred, atEnd, peak, seconds) = Memory(device, o.MemoryWorkload, o.MemorySteps);
        long difference = atEnd - atHundred;
        bool flat = Math.Abs(difference) <= 1 << 20;
        Console.WriteLine(string.Format(inv, "memory {0} {1}: bytes in use at step 100 {2}, at step {3} {4}, difference {5} ({6} 1 MiB); peak {7}; {8:0.0} s",
            o.MemoryWorkload, device.Name, atHundred, o.MemorySteps, atEnd, difference, flat ? "within" : "OVER", peak, seconds));
        return flat ? 0 : 1;
    }

    private static string Sgemm(IlgpuDevice device, int n, int repeats, bool tf32)
    {
        device.AllowTf32 = tf32;
        try
        {
            var a = Tensor.RandomNormal([n, n]);
            var b = Tensor.RandomNormal([n, n]);
            var (da, db) = (a.To(device), b.To(device));
            string check = "";
            if (n <= 2048)
            {
                float[] expected = a.MatMul(b).ToArray<float>(), actual = da.MatMul(db).ToArray<float>();
                double scale = expected.Max(Math.Abs), worst = 0;
                for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]) / scale);
                check = string.Format(CultureInfo.InvariantCulture, "; largest difference from the CPU device {0:E1} of max |C|", worst);
            }
            var r = Measure.Rate(() =>
            {
                using var scope = TensorScope.Begin();
                da.MatMul(db);
            }, 2.0 * n * n * n / 1e9, repeats, 0.25, device.Synchronize);
            return Measure.Line($"{(tf32 ? "sgemm-tf32" : "sgemm")}-{n} {device.Name}", r, "GFLOP/s", "F1") + check;
        }
        finally
        {
            device.AllowTf32 = false;
        }
    }

    /// <summary>Trains workload <paramref name="id"/> for <paramref name="steps"/> steps through Model.TrainOnBatch and
    /// reads the device's bytes in use after step 100 and after the last.</summary>
    private static (long AtHundred, long AtEnd, long Peak, double Seconds) Memory(IlgpuDevice device, string id, int steps)
    {
        var setup = Workloads.Training(id, device);
        long atHundred = 0;
        var watch = Stopwatch.StartNew();
        for (int step = 1; step <= steps; step++)
        {
            setup.Model.TrainOnBatch(setup.Xs[step % 8], setup.Ys[step % 8]);
            if (step == 100)
            {
                device.Synchronize();
                atHundred = device.BytesAllocated;
            }
        }
        device.Synchronize();
        return (atHundred, device.BytesAllocated, device.PeakBytesAllocated, watch.Elapsed.TotalSeconds);
    }
}
