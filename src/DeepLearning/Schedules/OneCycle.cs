namespace DeepLearning.Schedules;

/// <summary>
/// The 1cycle schedule (Smith 2018, as described by Géron) over T steps with peak η_max, piecewise linear
/// (DESIGN.md §4): the rate rises from η_start = η_max/10 at t = 0 to η_max at t = T/2, falls back to η_start at
/// t = 0.9·T, then falls to η_final = η_max/1000 at t = T, and stays there after T.
/// </summary>
/// <remarks>
/// <para>With peak fraction a (0.5) and return fraction b (0.9):
/// η(t) = η_start + (η_max − η_start)·t/(aT) for t ≤ aT;
/// η_max + (η_start − η_max)·(t − aT)/((b − a)T) for aT &lt; t ≤ bT;
/// η_start + (η_final − η_start)·(t − bT)/((1 − b)T) for bT &lt; t ≤ T; η_final after T.
/// So η(0) = η_max/10, η(T/4) = 0.55·η_max, η(T/2) = η_max, η(0.9T) = η_max/10, η(T) = η_max/1000.</para>
/// <para>Géron's text (course notes S0 §3.4.4): "increases the learning rate η₀ linearly up to η₁ during the first
/// half of training, then decreases it linearly down to η₀ during the second half, finishing the last few epochs by
/// dropping the rate down by several orders of magnitude (still linearly)". Here η₀ = η_start, η₁ = η_max, and "the
/// last few epochs" are the last 10 % of the steps. His notebook's <c>OneCycleScheduler</c> peaks earlier, at
/// H = ⌊(T − L)/2⌋ with L = ⌊T/10⌋ + 1, is back at η_start at 2H and ends at η_start/1000 = η_max/10⁴;
/// <see cref="Geron"/> builds exactly that schedule. Smith's paper also cycles momentum (0.95 → 0.85 → 0.95); this
/// schedule drives only the learning rate.</para>
/// </remarks>
public sealed class OneCycle : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="totalSteps">T &gt; 0: the number of optimizer steps of the whole training.</param>
    /// <param name="maxLearningRate">η_max, finite and ≥ 0.</param>
    /// <param name="startLearningRate">η_start (default η_max/10), also the rate at the return point.</param>
    /// <param name="finalLearningRate">η_final (default η_max/1000), reached at T.</param>
    /// <param name="peakFraction">a: the peak is at aT (default 0.5).</param>
    /// <param name="returnFraction">b: the rate is back at η_start at bT (default 0.9); 0 &lt; a &lt; b &lt; 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public OneCycle(long totalSteps, double maxLearningRate, double? startLearningRate = null, double? finalLearningRate = null,
        double peakFraction = 0.5, double returnFraction = 0.9)
    {
        if (totalSteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, $"OneCycle: totalSteps must be > 0; got {totalSteps}.");
        if (!(peakFraction > 0 && peakFraction < returnFraction && returnFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(peakFraction), $"OneCycle: need 0 < peakFraction < returnFraction < 1; got peakFraction {peakFraction}, returnFraction {returnFraction}.");
        TotalSteps = totalSteps;
        MaxLearningRate = ArgumentChecks.NonNegative(nameof(OneCycle), nameof(maxLearningRate), maxLearningRate);
        StartLearningRate = ArgumentChecks.NonNegative(nameof(OneCycle), nameof(startLearningRate), startLearningRate ?? maxLearningRate / 10);
        FinalLearningRate = ArgumentChecks.NonNegative(nameof(OneCycle), nameof(finalLearningRate), finalLearningRate ?? maxLearningRate / 1000);
        PeakFraction = peakFraction;
        ReturnFraction = returnFraction;
    }

    /// <summary>
    /// Géron's 1cycle exactly as his notebook's <c>OneCycleScheduler</c> (Hands-On Machine Learning, 3rd ed., ch. 11)
    /// sets it before each of the T iterations: with L = lastIterations (default ⌊T/10⌋ + 1) and H = ⌊(T − L)/2⌋, the
    /// rate rises linearly from η_start to η_max over [0, H], falls back to η_start over [H, 2H], then falls linearly
    /// towards η_last over [2H, T]. This is <c>new OneCycle(T, η_max, η_start, η_last, peakFraction: H/T,
    /// returnFraction: 2H/T)</c>, equal to Géron's rate at every step t = 0 … T − 1 (for T = 10: a = 0.4, b = 0.8,
    /// where the design's fixed 0.5 and 0.9 differ from his rate by a factor 3.25 at step 8).
    /// </summary>
    /// <param name="iterations">T, the training's number of steps (≥ 3 with the default L, so that H ≥ 1).</param>
    /// <param name="maxLearningRate">η_max.</param>
    /// <param name="startLearningRate">η_start (default η_max/10).</param>
    /// <param name="lastIterations">L (default ⌊T/10⌋ + 1).</param>
    /// <param name="lastLearningRate">η_last (default η_start/1000).</param>
    /// <exception cref="ArgumentOutOfRangeException">T or L leaves no rising phase (H &lt; 1), or a rate is invalid.</exception>
    public static OneCycle Geron(long iterations, double maxLearningRate, double? startLearningRate = null, long? lastIterations = null,
        double? lastLearningRate = null)
    {
        long last = lastIterations ?? iterations / 10 + 1;
        long half = (iterations - last) / 2;
        if (iterations <= 0 || last < 1 || half < 1)
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations,
                $"OneCycle.Geron: iterations {iterations} with lastIterations {last} leave no rising phase (⌊(T − L)/2⌋ must be ≥ 1).");
        double start = startLearningRate ?? maxLearningRate / 10;
        return new OneCycle(iterations, maxLearningRate, start, lastLearningRate ?? start / 1000,
            (double)half / iterations, 2.0 * half / iterations);
    }

    /// <summary>T.</summary>
    public long TotalSteps { get; }

    /// <summary>η_max.</summary>
    public double MaxLearningRate { get; }

    /// <summary>η_start.</summary>
    public double StartLearningRate { get; }

    /// <summary>η_final.</summary>
    public double FinalLearningRate { get; }

    /// <summary>a.</summary>
    public double PeakFraction { get; }

    /// <summary>b.</summary>
    public double ReturnFraction { get; }

    /// <inheritdoc />
    public override double Evaluate(long step)
    {
        CheckStep(step);
        double t = step, total = TotalSteps;
        double peak = PeakFraction * total, back = ReturnFraction * total;
        if (t <= peak) return Interpolate(t, 0, peak, StartLearningRate, MaxLearningRate);
        if (t <= back) return Interpolate(t, peak, back, MaxLearningRate, StartLearningRate);
        if (t <= total) return Interpolate(t, back, total, StartLearningRate, FinalLearningRate);
        return FinalLearningRate;
    }

    private static double Interpolate(double t, double t0, double t1, double r0, double r1) => r0 + (r1 - r0) * ((t - t0) / (t1 - t0));
}
