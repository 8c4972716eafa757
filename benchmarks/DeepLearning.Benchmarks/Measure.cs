using System.Diagnostics;

namespace DeepLearning.Benchmarks;

/// <summary>The measurement of the runner and of the anchors (benchmarks/anchors compiles this file in): warm up
/// until the rate is steady, size blocks of about <c>blockSeconds</c>, time <c>repeats</c> blocks and report the
/// median, minimum and maximum rate in units per second.</summary>
/// <remarks>With the environment variable <c>BENCH_TRACE=1</c> every timed block also prints, on standard error, its rate,
/// the process's CPU seconds per wall second (below the thread count when kernel threads slept or were descheduled
/// inside the guest) and the garbage collections and GC pause time it contained.
/// Warm-up lasts at least <see cref="MinWarmupSeconds"/> and 3 steps, then goes on (up to
/// <see cref="MaxWarmupSeconds"/>) until the step rate of the last 0.5 s window is within 5 % of the window before it.
/// The minimum covers .NET's tiered JIT: a process first runs quickly compiled code, then instrumented code, and reaches
/// its optimised code only after a few seconds of calls (3 to 4.5 s for the training workloads on a 2-vCPU machine,
/// where the first second ran at a third of the final rate). A shorter warm-up times the JIT's ramp instead of the
/// steady state, for the library and for the managed side of the anchors alike.</remarks>
internal static class Measure
{
    /// <param name="sync">Waits for queued device work (a GPU's launches are asynchronous): called after the warm-up
    /// and at the end of each block, inside its time.</param>
    public static (double Median, double Min, double Max) Rate(Action step, double unitsPerStep, int repeats, double blockSeconds = 0.5,
        Action? sync = null)
    {
        double secondsPerStep = WarmUp(step, sync);
        int steps = Math.Max(3, (int)(blockSeconds / secondsPerStep));
        var sw = new Stopwatch();
        var rates = new double[repeats];
        bool trace = Environment.GetEnvironmentVariable("BENCH_TRACE") == "1";
        for (int r = 0; r < repeats; r++)
        {
            var before = trace ? BlockCounters.Read() : default;
            sw.Restart();
            for (int i = 0; i < steps; i++) step();
            sync?.Invoke();
            rates[r] = steps * unitsPerStep / sw.Elapsed.TotalSeconds;
            if (trace) Console.Error.WriteLine($"block {r}: rate {rates[r]:F0} wall {sw.Elapsed.TotalSeconds:F3} s " +
                BlockCounters.Read().Since(before, sw.Elapsed.TotalSeconds));
        }
        Array.Sort(rates);
        return (rates[repeats / 2], rates[0], rates[^1]);
    }

    /// <summary>The shortest warm-up, in seconds.</summary>
    public const double MinWarmupSeconds = 5;

    /// <summary>The longest warm-up, in seconds, when the rate keeps changing.</summary>
    public const double MaxWarmupSeconds = 20;

    /// <summary>Runs <paramref name="step"/> in 0.5 s windows until the rate is steady (see the remarks on the class) and
    /// returns the seconds per step of the last window.</summary>
    private static double WarmUp(Action step, Action? sync)
    {
        var total = Stopwatch.StartNew();
        var window = new Stopwatch();
        double previous = 0, last = 0;
        int n = 0;
        while (true)
        {
            window.Restart();
            int stepsInWindow = 0;
            do
            {
                step();
                stepsInWindow++;
            } while (window.Elapsed.TotalSeconds < 0.5);
            sync?.Invoke();
            n += stepsInWindow;
            (previous, last) = (last, window.Elapsed.TotalSeconds / stepsInWindow);
            double seconds = total.Elapsed.TotalSeconds;
            bool steady = previous > 0 && Math.Abs(last - previous) <= 0.05 * previous;
            if (seconds >= MaxWarmupSeconds || (seconds >= MinWarmupSeconds && n >= 3 && steady)) return last;
        }
    }

    /// <summary>One result line in the anchor's format: "&lt;id&gt;: median &lt;v&gt; &lt;unit&gt; (min-max &lt;a&gt; - &lt;b&gt;)".</summary>
    public static string Line(string id, (double Median, double Min, double Max) r, string unit, string format) =>
        $"{id}: median {r.Median.ToString(format)} {unit} (min-max {r.Min.ToString(format)} - {r.Max.ToString(format)})";
}

/// <summary>The process counters that <c>BENCH_TRACE=1</c> prints per block.</summary>
internal readonly record struct BlockCounters(TimeSpan Cpu, int Gen0, int Gen1, int Gen2, TimeSpan Pause)
{
    public static BlockCounters Read() => new(Process.GetCurrentProcess().TotalProcessorTime, GC.CollectionCount(0),
        GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public string Since(BlockCounters start, double wallSeconds) =>
        $"cpu/wall {(Cpu - start.Cpu).TotalSeconds / wallSeconds:F2} gc {Gen0 - start.Gen0}/{Gen1 - start.Gen1}/{Gen2 - start.Gen2} " +
        $"pause {(Pause - start.Pause).TotalMilliseconds:F1} ms";
}
