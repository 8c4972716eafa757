using System.Diagnostics;
using DeepLearning.Devices;
using DeepLearning.Models;

namespace DeepLearning.Benchmarks;

/// <summary>
/// The soak test: many training steps of a workload (mlp128 or cnn of <see cref="Workloads"/>) with the managed heap
/// (after a full collection), the process's resident set and the device's bytes in use sampled 50 times. After the
/// first tenth of the steps (warm-up: pools, JIT tiers, GC budgets settle) every later sample must stay within 5 % of
/// the warm-up's last one. Then eight threads call Predict on the trained model at once, and every result must equal
/// the single-threaded one bit for bit. Exit code 1 when memory grows or a concurrent result differs.
/// </summary>
internal static class Soak
{
    public static int Run(string id, int steps)
    {
        if (id is not ("mlp128" or "cnn")) throw new ArgumentException($"soak: unknown workload '{id}'; known: mlp128, cnn");
        var (model, batch, xs, ys) = Workloads.Training(id);
        const int samples = 50;
        int every = Math.Max(1, steps / samples), warmUp = Math.Max(every, steps / 10);
        Console.WriteLine($"soak {id}: {steps} steps of batch {batch}, sampled every {every}, warm-up {warmUp}");
        Console.WriteLine("step,seconds,managed_heap_bytes,rss_bytes,device_bytes_in_use,loss");
        long baseHeap = 0, baseRss = 0, maxHeap = 0, maxRss = 0;
        var clock = Stopwatch.StartNew();
        for (int step = 1; step <= steps; step++)
        {
            var loss = model.TrainOnBatch(xs[step % 8], ys[step % 8]);
            if (step % every != 0) continue;
            long heap = GC.GetTotalMemory(forceFullCollection: true);
            long rss = Environment.WorkingSet;
            Console.WriteLine($"{step},{clock.Elapsed.TotalSeconds:F1},{heap},{rss},{Device.Default.BytesInUse},{loss["loss"]:G6}");
            if (step <= warmUp) (baseHeap, baseRss) = (heap, rss);
            else (maxHeap, maxRss) = (Math.Max(maxHeap, heap), Math.Max(maxRss, rss));
        }
        double heapGrowth = (double)maxHeap / baseHeap - 1, rssGrowth = (double)maxRss / baseRss - 1;
        bool flat = heapGrowth <= 0.05 && rssGrowth <= 0.05;
        Console.WriteLine($"after warm-up: managed heap {baseHeap} -> max {maxHeap} ({100 * heapGrowth:+0.0;-0.0} %), " +
                          $"RSS {baseRss} -> max {maxRss} ({100 * rssGrowth:+0.0;-0.0} %): {(flat ? "flat" : "GROWS")} (limit 5 %)");
        bool same = ConcurrentPredictAgrees(model, Tensor.RandomUniform([256, .. xs[0].Shape.ToArray()[1..]]));
        return flat && same ? 0 : 1;
    }

    /// <summary>Eight threads predict the same batch 20 times each; every result must equal the single-threaded one.</summary>
    private static bool ConcurrentPredictAgrees(Model model, Tensor x)
    {
        float[] expected = model.Predict(x).ToArray<float>();
        int mismatches = 0;
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < 20; i++)
                if (!model.Predict(x).ToArray<float>().AsSpan().SequenceEqual(expected)) Interlocked.Increment(ref mismatches);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Console.WriteLine($"concurrent Predict, 8 threads x 20 calls: {(mismatches == 0 ? "all equal to the single-threaded result" : $"{mismatches} results DIFFER")}");
        return mismatches == 0;
    }
}
