using System.Diagnostics;

namespace DeepLearning.Benchmarks;

/// <summary>The measurement of the runner and of the anchors (benchmarks/anchors compiles this file in): warm up
/// for at least 0.5 s and 3 steps, size blocks of about <c>blockSeconds</c>, time <c>repeats</c> blocks and report
/// the median, minimum and maximum rate in units per second.</summary>
internal static class Measure
{
    /// <param name="sync">Waits for queued device work (a GPU's launches are asynchronous): called after the warm-up
    /// and at the end of each block, inside its time.</param>
    public static (double Median, double Min, double Max) Rate(Action step, double unitsPerStep, int repeats, double blockSeconds = 0.5,
        Action? sync = null)
    {
        var sw = Stopwatch.StartNew();
        int n = 0;
        while (sw.Elapsed.TotalSeconds < 0.5 || n < 3)
        {
            step();
            n++;
        }
        sync?.Invoke();
        sw.Restart();
        for (int i = 0; i < 3; i++) step();
        sync?.Invoke();
        int steps = Math.Max(3, (int)(blockSeconds / (sw.Elapsed.TotalSeconds / 3)));
        var rates = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            sw.Restart();
            for (int i = 0; i < steps; i++) step();
            sync?.Invoke();
            rates[r] = steps * unitsPerStep / sw.Elapsed.TotalSeconds;
        }
        Array.Sort(rates);
        return (rates[repeats / 2], rates[0], rates[^1]);
    }

    /// <summary>One result line in the anchor's format: "&lt;id&gt;: median &lt;v&gt; &lt;unit&gt; (min-max &lt;a&gt; - &lt;b&gt;)".</summary>
    public static string Line(string id, (double Median, double Min, double Max) r, string unit, string format) =>
        $"{id}: median {r.Median.ToString(format)} {unit} (min-max {r.Min.ToString(format)} - {r.Max.ToString(format)})";
}
