using System.Diagnostics;
using DeepLearning.Devices.Cpu;

namespace DeepLearning.Benchmarks;

/// <summary>
/// The foundation's speed floors: op dispatch for a 16-element add with graph recording (≤ 2 µs); a 4M-element
/// add against the machine's memory bandwidth (≥ 70 %), measured as a parallel vectorised triad z = x + y on raw
/// pinned arrays of the same size (the same traffic, no library code); and matmul n = 512 (≥ 100 GFLOP/s).
/// </summary>
internal static class Floors
{
    public static IEnumerable<string> Run(int repeats)
    {
        // Dispatch: a + b on 16 elements, b requiring grad so the node is recorded, inside a step scope.
        var a = Tensor.Ones([16]);
        var b = Tensor.Ones([16]);
        b.RequiresGrad = true;
        const int perStep = 1000;
        var dispatch = Measure.Rate(() =>
        {
            using var scope = TensorScope.Begin();
            for (int i = 0; i < perStep; i++) _ = a + b;
        }, perStep, repeats);
        yield return $"dispatch-add16: median {1e6 / dispatch.Median:F3} us/op (min-max {1e6 / dispatch.Max:F3} - {1e6 / dispatch.Min:F3})";

        // Bandwidth: 4M-element float32 add reads 2 × 16 MB and writes 16 MB.
        const int n = 4 << 20;
        var x = Tensor.RandomUniform([n]);
        var y = Tensor.RandomUniform([n]);
        var add = Measure.Rate(() =>
        {
            using var scope = TensorScope.Begin();
            _ = x + y;
        }, 3.0 * n * 4 / 1e9, repeats);
        var machine = MachineBandwidth(n, repeats);
        yield return Measure.Line("add-4m", add, "GB/s", "F1");
        yield return Measure.Line("machine-bandwidth", machine, "GB/s", "F1");
        yield return $"add-4m/machine: {100 * add.Median / machine.Median:F0} %";
        yield return GemmWorkload.Run(512, repeats);
    }

    /// <summary>A parallel triad (z = x + y) on raw pinned arrays, split across the kernel pool's threads: the
    /// reference bandwidth of the machine for this access pattern.</summary>
    private static (double Median, double Min, double Max) MachineBandwidth(int n, int repeats)
    {
        var x = GC.AllocateUninitializedArray<float>(n, pinned: true);
        var y = GC.AllocateUninitializedArray<float>(n, pinned: true);
        var z = GC.AllocateUninitializedArray<float>(n, pinned: true);
        Array.Fill(x, 1f);
        Array.Fill(y, 2f);
        Array.Fill(z, 0f);
        return Measure.Rate(() => Triad(x, y, z), 3.0 * n * 4 / 1e9, repeats);
    }

    private static unsafe void Triad(float[] x, float[] y, float[] z)
    {
        int threads = KernelPool.ThreadCount;
        fixed (float* px = x, py = y, pz = z)
        {
            var job = new TriadJob { X = px, Y = py, Z = pz, N = x.Length, Parts = threads };
            KernelPool.For(threads, ref job);
        }
    }

    private unsafe struct TriadJob : IParallelJob
    {
        public float* X, Y, Z;
        public int N, Parts;

        public void Execute(int index)
        {
            int chunk = (N + Parts - 1) / Parts, start = index * chunk, end = Math.Min(N, start + chunk);
            var vx = new ReadOnlySpan<float>(X + start, end - start);
            var vy = new ReadOnlySpan<float>(Y + start, end - start);
            System.Numerics.Tensors.TensorPrimitives.Add(vx, vy, new Span<float>(Z + start, end - start));
        }
    }

    internal static string Describe() => $"threads={KernelPool.ThreadCount}, cores={Environment.ProcessorCount}, {(Stopwatch.IsHighResolution ? "high-resolution" : "low-resolution")} timer";
}
