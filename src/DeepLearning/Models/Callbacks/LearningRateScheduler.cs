namespace DeepLearning.Models.Callbacks;

/// <summary>Sets the learning rate at the start of every epoch from a function of (epoch, current rate) (Keras's
/// LearningRateScheduler), e.g. the notes' exponential schedule <c>(e, _) =&gt; 0.01 * Math.Pow(0.1, e / 20.0)</c>.</summary>
/// <param name="schedule">The new rate for an epoch (0-based); it must be finite and ≥ 0.</param>
public sealed class LearningRateScheduler(Func<int, double, double> schedule) : Callback
{
    /// <inheritdoc />
    public override void OnEpochBegin(int epoch, Logs logs)
    {
        var optimizer = Model.Optimizer ?? throw new InvalidOperationException("LearningRateScheduler: the model is not compiled.");
        double lr = schedule(epoch, optimizer.LearningRate);
        if (!double.IsFinite(lr) || lr < 0)
            throw new ArgumentException($"LearningRateScheduler: the schedule returned {lr} at epoch {epoch}; a learning rate must be finite and ≥ 0.");
        optimizer.LearningRate = lr;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, Logs logs) => logs["learning_rate"] = Model.Optimizer!.LearningRate;
}
