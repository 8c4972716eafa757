using System.Diagnostics;
using System.Runtime.InteropServices;
using DeepLearning.Devices.Cpu;
using DeepLearning.Distributed;

namespace DeepLearning.Benchmarks;

/// <summary>
/// The data-parallel scale measurement of docs/distributed.md: a training workload (mlp128 or cnn) at its global batch,
/// each rank training on its 1/N share through <see cref="Models.Model.TrainOnBatch"/> with the model's communicator set,
/// so every step all-reduces the gradients as Fit does. Run it under <c>mpirun -np N</c> (or alone: one rank, no
/// all-reduce). Every rank runs the same number of steps (rank 0 sizes the blocks and broadcasts the count, so no rank
/// waits in a collective the others never reach); rank 0 prints the global rate, the all-reduce time per step and the
/// all-reduce bandwidth at the gradient's size. With --overlap the all-reduce runs during the backward pass
/// (<see cref="Models.Model.OverlapGradientReduction"/>).
/// </summary>
internal static class DistributedWorkload
{
    public static IEnumerable<string> Run(string id, int repeats, int? threads, bool overlap)
    {
        using var comm = MpiCommunicator.Initialize();
        KernelPool.ThreadCount = threads ?? Math.Max(1, Environment.ProcessorCount / comm.Size);
        int globalBatch = id switch { "mlp128" => 128, "cnn" => 64, _ => throw new ArgumentException($"distributed: unknown workload '{id}'; known: mlp128, cnn") };
        var setup = Workloads.Training(id, batch: globalBatch / comm.Size);
        setup.Model.Communicator = comm;
        setup.Model.OverlapGradientReduction = overlap;
        int k = 0;
        void Step() { setup.Model.TrainOnBatch(setup.Xs[k % 8], setup.Ys[k % 8]); k++; }

        for (int i = 0; i < 10; i++) Step();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < 5; i++) Step();
        int steps = Math.Max(3, (int)(0.5 / (sw.Elapsed.TotalSeconds / 5)));
        comm.Broadcast(MemoryMarshal.CreateSpan(ref steps, 1));

        var rates = new double[repeats];
        var reduceMs = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            comm.Barrier();
            var reduceBefore = comm.AllReduceTime;
            sw.Restart();
            for (int i = 0; i < steps; i++) Step();
            comm.Barrier();
            rates[r] = steps * (double)globalBatch / sw.Elapsed.TotalSeconds;
            reduceMs[r] = (comm.AllReduceTime - reduceBefore).TotalMilliseconds / steps;
        }
        long gradientElements = setup.Model.TrainableWeights.Sum(w => (long)w.ElementCount);
        double bandwidth = Bandwidth(comm, (int)gradientElements);
        if (!comm.IsPrimary) yield break;
        Array.Sort(rates);
        Array.Sort(reduceMs);
        yield return Measure.Line($"{id}-ranks{comm.Size}x{KernelPool.ThreadCount}{(overlap ? "-overlap" : "")}", (rates[repeats / 2], rates[0], rates[^1]), "samples/s", "F0");
        yield return $"  all-reduce per step: median {reduceMs[repeats / 2]:F2} ms (min-max {reduceMs[0]:F2} - {reduceMs[^1]:F2}); " +
                     $"gradient {gradientElements:N0} floats = {gradientElements * 4 / 1e6:F2} MB; " +
                     $"all-reduce alone at that size: {bandwidth:F2} GB/s of gradient per rank";
    }

    /// <summary>Times 20 all-reduces (mean) of a buffer of <paramref name="elements"/> floats after 3 untimed ones and
    /// returns the gradient bytes reduced per second (S / t, the figure the ring model of docs/distributed.md uses).</summary>
    private static double Bandwidth(Communicator comm, int elements)
    {
        if (comm.Size == 1) return double.PositiveInfinity;
        var buffer = new float[elements];
        for (int i = 0; i < 3; i++) comm.AllReduce(buffer, ReduceOperation.Mean);
        comm.Barrier();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < 20; i++) comm.AllReduce(buffer, ReduceOperation.Mean);
        return 20.0 * elements * sizeof(float) / sw.Elapsed.TotalSeconds / 1e9;
    }
}
