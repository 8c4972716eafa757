namespace DeepLearning.Schedules;

/// <summary>
/// Exponential decay: η(t) = η₀ · r^(t/s), or η₀ · r^⌊t/s⌋ with <see cref="RateDecaySchedule.Staircase"/> (Keras 3's
/// <c>ExponentialDecay(initial_learning_rate, decay_steps, decay_rate, staircase)</c>).
/// </summary>
/// <remarks>
/// Géron's exponential scheduling η₀·0.1^(t/s) is <c>new ExponentialDecay(η₀, s, 0.1)</c>: with η₀ = 0.01 and
/// s = 20 the rate is 0.001 at step (or epoch) 20. Ng's per-epoch decay α = nᵉᵖᵒᶜʰ·α₀ (n &lt; 1) is
/// <c>new ExponentialDecay(α₀, 1, n)</c> evaluated at the epoch (by the per-epoch scheduler callback).
/// </remarks>
public sealed class ExponentialDecay : RateDecaySchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">η₀, finite and ≥ 0.</param>
    /// <param name="decaySteps">s &gt; 0: the rate is multiplied by r every s steps.</param>
    /// <param name="decayRate">r, finite and ≥ 0 (below 1 to decay).</param>
    /// <param name="staircase">Use ⌊t/s⌋, so the rate changes in discrete jumps.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public ExponentialDecay(double initialLearningRate, double decaySteps, double decayRate, bool staircase = false)
        : base(initialLearningRate, decaySteps, decayRate, staircase)
    {
    }

    /// <inheritdoc />
    public override double Evaluate(long step) => InitialLearningRate * Math.Pow(DecayRate, Progress(step));
}
