namespace DeepLearning.Schedules;

/// <summary>
/// Cosine decay with optional linear warm-up (Keras 3's <c>CosineDecay(initial_learning_rate, decay_steps,
/// alpha=0, warmup_target=None, warmup_steps=0)</c>; Loshchilov &amp; Hutter 2017, SGDR; warm-up: Goyal et al. 2017).
/// </summary>
/// <remarks>
/// <para>Without a warm-up target: t' = min(t, s) and η(t) = η₀·((1 − α)·½(1 + cos(π t'/s)) + α), decaying from η₀
/// to α·η₀ over s steps and staying there.</para>
/// <para>With a warm-up target η_w and w warm-up steps: t' = min(t, w + s); for t' &lt; w the rate rises linearly,
/// η = η₀ + (η_w − η₀)·t'/w; afterwards it is the cosine decay above from η_w, at step t' − w.</para>
/// </remarks>
public sealed class CosineDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">η₀, finite and ≥ 0 (the start of the warm-up when there is one).</param>
    /// <param name="decaySteps">s &gt; 0: length of the decay.</param>
    /// <param name="alpha">α ≥ 0: the final rate as a fraction of the decay's start.</param>
    /// <param name="warmupTarget">η_w, the rate reached at the end of the warm-up; null for no warm-up.</param>
    /// <param name="warmupSteps">w ≥ 0, length of the warm-up (used only with a target).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public CosineDecay(double initialLearningRate, double decaySteps, double alpha = 0, double? warmupTarget = null, double warmupSteps = 0)
    {
        InitialLearningRate = ArgumentChecks.NonNegative(nameof(CosineDecay), nameof(initialLearningRate), initialLearningRate);
        DecaySteps = ArgumentChecks.Positive(nameof(CosineDecay), nameof(decaySteps), decaySteps);
        Alpha = ArgumentChecks.NonNegative(nameof(CosineDecay), nameof(alpha), alpha);
        if (warmupTarget is { } target) ArgumentChecks.NonNegative(nameof(CosineDecay), nameof(warmupTarget), target);
        WarmupTarget = warmupTarget;
        WarmupSteps = ArgumentChecks.NonNegative(nameof(CosineDecay), nameof(warmupSteps), warmupSteps);
    }

    /// <summary>η₀.</summary>
    public double InitialLearningRate { get; }

    /// <summary>s.</summary>
    public double DecaySteps { get; }

    /// <summary>α.</summary>
    public double Alpha { get; }

    /// <summary>η_w, or null without warm-up.</summary>
    public double? WarmupTarget { get; }

    /// <summary>w.</summary>
    public double WarmupSteps { get; }

    /// <inheritdoc />
    public override double Evaluate(long step)
    {
        CheckStep(step);
        double t = step;
        if (WarmupTarget is not { } target) return Decay(Math.Min(t, DecaySteps), InitialLearningRate);
        t = Math.Min(t, DecaySteps + WarmupSteps);
        return t < WarmupSteps
            ? (target - InitialLearningRate) * (t / WarmupSteps) + InitialLearningRate
            : Decay(t - WarmupSteps, target);
    }

    private double Decay(double t, double from)
    {
        double cosine = 0.5 * (1 + Math.Cos(Math.PI * (t / DecaySteps)));
        return from * ((1 - Alpha) * cosine + Alpha);
    }
}
