namespace DeepLearning.Models.Callbacks;

/// <summary>Dispatches each event to every callback in order.</summary>
internal sealed class CallbackList
{
    private readonly IReadOnlyList<Callback> _callbacks;

    public CallbackList(Model model, IReadOnlyList<Callback> callbacks)
    {
        _callbacks = callbacks;
        foreach (var c in callbacks) c.Model = model;
    }

    public void TrainBegin(Logs logs) { foreach (var c in _callbacks) c.OnTrainBegin(logs); }

    public void TrainEnd(Logs logs) { foreach (var c in _callbacks) c.OnTrainEnd(logs); }

    public void EpochBegin(int epoch, Logs logs) { foreach (var c in _callbacks) c.OnEpochBegin(epoch, logs); }

    public void EpochEnd(int epoch, Logs logs) { foreach (var c in _callbacks) c.OnEpochEnd(epoch, logs); }

    public void TrainBatchBegin(int batch, Logs logs) { foreach (var c in _callbacks) c.OnTrainBatchBegin(batch, logs); }

    public void TrainBatchEnd(int batch, Logs logs) { foreach (var c in _callbacks) c.OnTrainBatchEnd(batch, logs); }

    public void TestBegin(Logs logs) { foreach (var c in _callbacks) c.OnTestBegin(logs); }

    public void TestEnd(Logs logs) { foreach (var c in _callbacks) c.OnTestEnd(logs); }

    public void TestBatchBegin(int batch, Logs logs) { foreach (var c in _callbacks) c.OnTestBatchBegin(batch, logs); }

    public void TestBatchEnd(int batch, Logs logs) { foreach (var c in _callbacks) c.OnTestBatchEnd(batch, logs); }

    public void PredictBegin(Logs logs) { foreach (var c in _callbacks) c.OnPredictBegin(logs); }

    public void PredictEnd(Logs logs) { foreach (var c in _callbacks) c.OnPredictEnd(logs); }

    public void PredictBatchBegin(int batch, Logs logs) { foreach (var c in _callbacks) c.OnPredictBatchBegin(batch, logs); }

    public void PredictBatchEnd(int batch, Logs logs) { foreach (var c in _callbacks) c.OnPredictBatchEnd(batch, logs); }
}
