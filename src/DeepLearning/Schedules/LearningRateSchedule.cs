namespace DeepLearning.Schedules;

/// <summary>
/// A learning rate as a pure function of the optimizer step: <see cref="Evaluate"/> gives the same value for the
/// same step, every time (Keras 3's <c>keras.optimizers.schedules.LearningRateSchedule</c>). An optimizer
/// evaluates its schedule at its iteration count before each update, so the first update uses step 0.
/// </summary>
/// <remarks>
/// A plain number converts implicitly to a constant schedule, so every optimizer takes either:
/// <c>new SGD(learningRate: 0.1)</c> or <c>new SGD(learningRate: new ExponentialDecay(0.1, 1000, 0.96))</c>.
/// Per-epoch schedules (Keras's <c>LearningRateScheduler</c> callback) and ReduceLROnPlateau are callbacks of the
/// models API; they set <see cref="Optimizers.Optimizer.LearningRate"/>.
/// </remarks>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate at optimizer step <paramref name="step"/> (0 for the first update).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    public abstract double Evaluate(long step);

    /// <summary>A constant learning rate (the value is validated by the optimizer that receives it: finite, ≥ 0).</summary>
    public static implicit operator LearningRateSchedule(double learningRate) => new ConstantLearningRate(learningRate);

    /// <summary>Throws when a step is negative; schedules call it first.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    protected void CheckStep(long step)
    {
        if (step < 0)
            throw new ArgumentOutOfRangeException(nameof(step), step, $"{GetType().Name}: the step must be ≥ 0; got {step}.");
    }
}
