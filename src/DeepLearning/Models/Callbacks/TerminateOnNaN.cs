namespace DeepLearning.Models.Callbacks;

/// <summary>Stops training as soon as a batch's loss is NaN or infinite (Keras's TerminateOnNaN).</summary>
public sealed class TerminateOnNaN : Callback
{
    /// <summary>The batch at which training was stopped, or −1.</summary>
    public int StoppedAtBatch { get; private set; } = -1;

    /// <inheritdoc />
    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        if (logs.TryGetValue("loss", out var loss) && !double.IsFinite(loss))
        {
            StoppedAtBatch = batch;
            Diagnostics.Warn(nameof(TerminateOnNaN), $"Batch {batch}: invalid loss {loss}, terminating training.");
            Model.StopTraining = true;
        }
    }
}
