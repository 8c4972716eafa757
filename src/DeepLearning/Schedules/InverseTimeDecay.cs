namespace DeepLearning.Schedules;

/// <summary>
/// Inverse-time (power) decay: η(t) = η₀ / (1 + r · t/s)^c, with ⌊t/s⌋ instead of t/s when
/// <see cref="RateDecaySchedule.Staircase"/> is set. With c = 1 this is Keras 3's
/// <c>InverseTimeDecay(initial_learning_rate, decay_steps, decay_rate, staircase)</c>; with r = 1 it is Géron's
/// power scheduling η₀/(1 + t/s)^c (see <see cref="PowerScheduling"/>).
/// </summary>
/// <remarks>
/// The old Keras <c>SGD(learning_rate=0.01, decay=1e-4)</c> ("decay is the inverse of s", c = 1) is
/// <c>InverseTimeDecay.PowerScheduling(0.01, 10_000)</c> = <c>new InverseTimeDecay(0.01, 1, 1e-4)</c>: η(t) = 0.01/(1 + 10⁻⁴t).
/// Ng's per-epoch α = α₀/(1 + decay_rate · epoch) is <c>new InverseTimeDecay(α₀, 1, decay_rate)</c> evaluated at
/// the epoch.
/// </remarks>
public sealed class InverseTimeDecay : RateDecaySchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">η₀, finite and ≥ 0.</param>
    /// <param name="decaySteps">s &gt; 0.</param>
    /// <param name="decayRate">r, finite and ≥ 0.</param>
    /// <param name="staircase">Use ⌊t/s⌋ (discrete jumps every s steps).</param>
    /// <param name="power">c, finite and ≥ 0 (Keras: 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public InverseTimeDecay(double initialLearningRate, double decaySteps, double decayRate, bool staircase = false, double power = 1)
        : base(initialLearningRate, decaySteps, decayRate, staircase) =>
        Power = ArgumentChecks.NonNegative(nameof(InverseTimeDecay), nameof(power), power);

    /// <summary>Géron's power scheduling η(t) = η₀/(1 + t/s)^c (t the iteration).</summary>
    /// <param name="initialLearningRate">η₀.</param>
    /// <param name="steps">s &gt; 0: after s steps the rate is η₀/2^c.</param>
    /// <param name="power">c (Géron: "typically set to 1").</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static InverseTimeDecay PowerScheduling(double initialLearningRate, double steps, double power = 1) =>
        new(initialLearningRate, steps, 1, staircase: false, power);

    /// <summary>c.</summary>
    public double Power { get; }

    /// <inheritdoc />
    public override double Evaluate(long step)
    {
        double denominator = 1 + DecayRate * Progress(step);
        return Power == 1 ? InitialLearningRate / denominator : InitialLearningRate / Math.Pow(denominator, Power);
    }
}
