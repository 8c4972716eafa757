namespace DeepLearning.Models.Callbacks;

/// <summary>A callback from delegates, for one-off hooks (Keras's LambdaCallback): set the events you need.</summary>
public sealed class LambdaCallback : Callback
{
    /// <summary>Called at <see cref="Callback.OnTrainBegin"/>.</summary>
    public Action<Logs>? TrainBegin { get; init; }

    /// <summary>Called at <see cref="Callback.OnTrainEnd"/>.</summary>
    public Action<Logs>? TrainEnd { get; init; }

    /// <summary>Called at <see cref="Callback.OnEpochBegin"/>.</summary>
    public Action<int, Logs>? EpochBegin { get; init; }

    /// <summary>Called at <see cref="Callback.OnEpochEnd"/>.</summary>
    public Action<int, Logs>? EpochEnd { get; init; }

    /// <summary>Called at <see cref="Callback.OnTrainBatchBegin"/>.</summary>
    public Action<int, Logs>? BatchBegin { get; init; }

    /// <summary>Called at <see cref="Callback.OnTrainBatchEnd"/>.</summary>
    public Action<int, Logs>? BatchEnd { get; init; }

    /// <inheritdoc />
    public override void OnTrainBegin(Logs logs) => TrainBegin?.Invoke(logs);

    /// <inheritdoc />
    public override void OnTrainEnd(Logs logs) => TrainEnd?.Invoke(logs);

    /// <inheritdoc />
    public override void OnEpochBegin(int epoch, Logs logs) => EpochBegin?.Invoke(epoch, logs);

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, Logs logs) => EpochEnd?.Invoke(epoch, logs);

    /// <inheritdoc />
    public override void OnTrainBatchBegin(int batch, Logs logs) => BatchBegin?.Invoke(batch, logs);

    /// <inheritdoc />
    public override void OnTrainBatchEnd(int batch, Logs logs) => BatchEnd?.Invoke(batch, logs);
}
