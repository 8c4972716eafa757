namespace DeepLearning.Schedules;

/// <summary>
/// Polynomial decay (Keras 3's <c>PolynomialDecay(initial_learning_rate, decay_steps, end_learning_rate=1e-4,
/// power=1, cycle=False)</c>): η(t) = (η₀ − η_end)·(1 − t'/s')^p + η_end, where without <see cref="Cycle"/>
/// t' = min(t, s) and s' = s (the rate stays at η_end after s steps), and with it t' = t and
/// s' = s·⌈t/s⌉ (s' = s at t = 0): each cycle decays from a lower start to η_end.
/// </summary>
public sealed class PolynomialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">η₀, finite and ≥ 0.</param>
    /// <param name="decaySteps">s &gt; 0.</param>
    /// <param name="endLearningRate">η_end, finite and ≥ 0 (Keras: 1e-4).</param>
    /// <param name="power">p, finite and ≥ 0 (1: linear).</param>
    /// <param name="cycle">Restart the decay every multiple of s.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public PolynomialDecay(double initialLearningRate, double decaySteps, double endLearningRate = 1e-4, double power = 1, bool cycle = false)
    {
        InitialLearningRate = ArgumentChecks.NonNegative(nameof(PolynomialDecay), nameof(initialLearningRate), initialLearningRate);
        DecaySteps = ArgumentChecks.Positive(nameof(PolynomialDecay), nameof(decaySteps), decaySteps);
        EndLearningRate = ArgumentChecks.NonNegative(nameof(PolynomialDecay), nameof(endLearningRate), endLearningRate);
        Power = ArgumentChecks.NonNegative(nameof(PolynomialDecay), nameof(power), power);
        Cycle = cycle;
    }

    /// <summary>η₀.</summary>
    public double InitialLearningRate { get; }

    /// <summary>s.</summary>
    public double DecaySteps { get; }

    /// <summary>η_end.</summary>
    public double EndLearningRate { get; }

    /// <summary>p.</summary>
    public double Power { get; }

    /// <summary>Whether the decay restarts every multiple of s.</summary>
    public bool Cycle { get; }

    /// <inheritdoc />
    public override double Evaluate(long step)
    {
        CheckStep(step);
        double t = step, s = DecaySteps;
        if (Cycle) s *= step == 0 ? 1 : Math.Ceiling(t / DecaySteps);
        else t = Math.Min(t, s);
        double p = t / s;
        return (InitialLearningRate - EndLearningRate) * Math.Pow(1 - p, Power) + EndLearningRate;
    }
}
