namespace DeepLearning.Models.Callbacks;

/// <summary>
/// A hook into a model's <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c>, with Keras's events.
/// Epoch logs carry "loss", the metrics, "val_"-prefixed validation values and "learning_rate"; batch logs carry
/// the running averages of the epoch so far. Set <see cref="Model.StopTraining"/> to end training after the
/// current epoch.
/// </summary>
public abstract class Callback
{
    /// <summary>The model being trained, evaluated or used (set before the first event).</summary>
    public Model Model { get; internal set; } = null!;

    /// <summary>Training starts.</summary>
    public virtual void OnTrainBegin(Logs logs) { }

    /// <summary>Training ended (also after early stopping; not after cancellation or an exception).</summary>
    public virtual void OnTrainEnd(Logs logs) { }

    /// <summary>An epoch starts (0-based).</summary>
    public virtual void OnEpochBegin(int epoch, Logs logs) { }

    /// <summary>An epoch ended, validation included; logs hold the epoch's averages.</summary>
    public virtual void OnEpochEnd(int epoch, Logs logs) { }

    /// <summary>A training batch starts.</summary>
    public virtual void OnTrainBatchBegin(int batch, Logs logs) { }

    /// <summary>A training batch ended; logs hold the running averages of the epoch.</summary>
    public virtual void OnTrainBatchEnd(int batch, Logs logs) { }

    /// <summary>Evaluation starts (also validation inside Fit).</summary>
    public virtual void OnTestBegin(Logs logs) { }

    /// <summary>Evaluation ended.</summary>
    public virtual void OnTestEnd(Logs logs) { }

    /// <summary>An evaluation batch starts.</summary>
    public virtual void OnTestBatchBegin(int batch, Logs logs) { }

    /// <summary>An evaluation batch ended.</summary>
    public virtual void OnTestBatchEnd(int batch, Logs logs) { }

    /// <summary>Prediction starts.</summary>
    public virtual void OnPredictBegin(Logs logs) { }

    /// <summary>Prediction ended.</summary>
    public virtual void OnPredictEnd(Logs logs) { }

    /// <summary>A prediction batch starts.</summary>
    public virtual void OnPredictBatchBegin(int batch, Logs logs) { }

    /// <summary>A prediction batch ended.</summary>
    public virtual void OnPredictBatchEnd(int batch, Logs logs) { }
}
