namespace DeepLearning.Schedules;

/// <summary>
/// The base of <see cref="ExponentialDecay"/> and <see cref="InverseTimeDecay"/>: schedules that decay η₀ by a rate r
/// per s steps, as a function of the progress t/s, or of ⌊t/s⌋ with <see cref="Staircase"/> (Keras 3's
/// <c>initial_learning_rate</c>, <c>decay_steps</c>, <c>decay_rate</c> and <c>staircase</c>). Its constructor is not
/// accessible outside the library.
/// </summary>
public abstract class RateDecaySchedule : LearningRateSchedule
{
    /// <summary>Checks and stores the options, in the order η₀, s, r.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    private protected RateDecaySchedule(double initialLearningRate, double decaySteps, double decayRate, bool staircase)
    {
        string who = GetType().Name;
        InitialLearningRate = ArgumentChecks.NonNegative(who, nameof(initialLearningRate), initialLearningRate);
        DecaySteps = ArgumentChecks.Positive(who, nameof(decaySteps), decaySteps);
        DecayRate = ArgumentChecks.NonNegative(who, nameof(decayRate), decayRate);
        Staircase = staircase;
    }

    /// <summary>η₀.</summary>
    public double InitialLearningRate { get; }

    /// <summary>s.</summary>
    public double DecaySteps { get; }

    /// <summary>r.</summary>
    public double DecayRate { get; }

    /// <summary>Whether t/s is floored.</summary>
    public bool Staircase { get; }

    /// <summary>The progress t/s at <paramref name="step"/> (floored with <see cref="Staircase"/>), after checking the step.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The step is negative.</exception>
    private protected double Progress(long step)
    {
        CheckStep(step);
        double p = step / DecaySteps;
        return Staircase ? Math.Floor(p) : p;
    }
}
