namespace DeepLearning.Models.Callbacks;

/// <summary>
/// Stops training when a monitored quantity has stopped improving (Keras 3's EarlyStopping, same rules): an epoch
/// improves when the value beats the best by more than <see cref="MinDelta"/>; after <see cref="Patience"/> epochs
/// without improvement (counted from the last one that also beat <see cref="Baseline"/>) training stops; with
/// <see cref="RestoreBestWeights"/> the weights of the best epoch are restored at the end of training.
/// </summary>
public sealed class EarlyStopping : Callback
{
    private readonly bool _maximize;
    private double _best;
    private int _wait;
    private IReadOnlyList<Tensor>? _bestWeights;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The log entry to watch (default "val_loss").</param>
    /// <param name="minDelta">The smallest change that counts as an improvement (≥ 0).</param>
    /// <param name="patience">Epochs without improvement before stopping (≥ 0).</param>
    /// <param name="mode">Whether lower or higher is better.</param>
    /// <param name="baseline">A value the monitor must beat for the patience counter to restart.</param>
    /// <param name="restoreBestWeights">Restore the best epoch's weights when training ends.</param>
    /// <param name="startFromEpoch">Epochs to ignore at the start (warm-up).</param>
    /// <exception cref="ArgumentOutOfRangeException">minDelta or patience is negative.</exception>
    public EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0, MonitorMode mode = MonitorMode.Auto,
        double? baseline = null, bool restoreBestWeights = false, int startFromEpoch = 0)
    {
        if (!(minDelta >= 0)) throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "EarlyStopping: minDelta must be ≥ 0.");
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        Monitor = monitor;
        MinDelta = minDelta;
        Patience = patience;
        Baseline = baseline;
        RestoreBestWeights = restoreBestWeights;
        StartFromEpoch = startFromEpoch;
        _maximize = Callbacks.Monitor.Maximizes(mode, monitor);
    }

    /// <summary>The log entry watched.</summary>
    public string Monitor { get; }

    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Epochs without improvement tolerated.</summary>
    public int Patience { get; }

    /// <summary>The value to beat, if any.</summary>
    public double? Baseline { get; }

    /// <summary>Whether the best weights are restored at the end.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>Epochs ignored at the start.</summary>
    public int StartFromEpoch { get; }

    /// <summary>The epoch at which training was stopped (0 if it was not).</summary>
    public int StoppedEpoch { get; private set; }

    /// <summary>The epoch with the best monitored value.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The best monitored value seen.</summary>
    public double Best => _best;

    /// <inheritdoc />
    public override void OnTrainBegin(Logs logs)
    {
        _wait = 0;
        StoppedEpoch = 0;
        BestEpoch = 0;
        _best = _maximize ? double.NegativeInfinity : double.PositiveInfinity;
        _bestWeights = null;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        var current = Callbacks.Monitor.Read(logs, Monitor, nameof(EarlyStopping));
        if (current is not double value || epoch < StartFromEpoch) return;
        if (RestoreBestWeights && _bestWeights is null)
        {
            _bestWeights = Model.GetWeights();
            BestEpoch = epoch;
        }
        _wait++;
        if (Improves(value, _best))
        {
            _best = value;
            BestEpoch = epoch;
            if (RestoreBestWeights) _bestWeights = Model.GetWeights();
            if (Baseline is not double b || Improves(value, b)) _wait = 0;
            return;
        }
        if (_wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            Model.StopTraining = true;
        }
    }

    /// <inheritdoc />
    public override void OnTrainEnd(Logs logs)
    {
        if (RestoreBestWeights && _bestWeights is not null) Model.SetWeights(_bestWeights);
    }

    private bool Improves(double value, double reference) =>
        _maximize ? value - MinDelta > reference : value + MinDelta < reference;
}
