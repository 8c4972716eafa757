namespace DeepLearning.Schedules;

/// <summary>The schedule a plain number converts to: the same value at every step. Optimizers recognise it and
/// let <see cref="Optimizers.Optimizer.LearningRate"/> be set (Keras: a float learning rate is a variable).</summary>
internal sealed class ConstantLearningRate(double value) : LearningRateSchedule
{
    /// <summary>The learning rate.</summary>
    public double Value { get; } = value;

    /// <inheritdoc />
    public override double Evaluate(long step)
    {
        CheckStep(step);
        return Value;
    }

    /// <inheritdoc />
    public override string ToString() => Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
