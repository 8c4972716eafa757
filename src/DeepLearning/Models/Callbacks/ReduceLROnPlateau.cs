namespace DeepLearning.Models.Callbacks;

/// <summary>
/// Multiplies the learning rate by <see cref="Factor"/> when a monitored quantity stops improving for
/// <see cref="Patience"/> epochs (Keras 3's ReduceLROnPlateau, same rules): improvement means beating the best by
/// more than <see cref="MinDelta"/>; after a reduction, <see cref="Cooldown"/> epochs pass before counting again; the
/// rate never goes below <see cref="MinLearningRate"/>. The notes' example: factor 0.5, patience 5.
/// </summary>
public sealed class ReduceLROnPlateau : Callback
{
    private readonly bool _maximize;
    private double _best;
    private int _wait, _cooldownCounter;

    /// <summary>Creates the callback.</summary>
    /// <exception cref="ArgumentOutOfRangeException">factor is not in (0, 1), or patience, cooldown, minDelta or minLr is negative.</exception>
    public ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10, MonitorMode mode = MonitorMode.Auto,
        double minDelta = 1e-4, int cooldown = 0, double minLearningRate = 0)
    {
        if (!(factor > 0 && factor < 1))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "ReduceLROnPlateau: the factor must be in (0, 1).");
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        if (!(minDelta >= 0)) throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "ReduceLROnPlateau: minDelta must be ≥ 0.");
        if (!(minLearningRate >= 0)) throw new ArgumentOutOfRangeException(nameof(minLearningRate), minLearningRate, "ReduceLROnPlateau: minLearningRate must be ≥ 0.");
        Monitor = monitor;
        Factor = factor;
        Patience = patience;
        MinDelta = minDelta;
        Cooldown = cooldown;
        MinLearningRate = minLearningRate;
        _maximize = Callbacks.Monitor.Maximizes(mode, monitor);
    }

    /// <summary>The log entry watched.</summary>
    public string Monitor { get; }

    /// <summary>The multiplier applied to the learning rate.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement before a reduction.</summary>
    public int Patience { get; }

    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Epochs to wait after a reduction before counting again.</summary>
    public int Cooldown { get; }

    /// <summary>The lower bound of the learning rate.</summary>
    public double MinLearningRate { get; }

    /// <inheritdoc />
    public override void OnTrainBegin(Logs logs)
    {
        _best = _maximize ? double.NegativeInfinity : double.PositiveInfinity;
        _wait = 0;
        _cooldownCounter = 0;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        var optimizer = Model.Optimizer ?? throw new InvalidOperationException("ReduceLROnPlateau: the model is not compiled.");
        logs["learning_rate"] = optimizer.LearningRate;
        var current = Callbacks.Monitor.Read(logs, Monitor, nameof(ReduceLROnPlateau));
        if (current is not double value) return;
        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            _wait = 0;
        }
        if (_maximize ? value > _best + MinDelta : value < _best - MinDelta)
        {
            _best = value;
            _wait = 0;
        }
        else if (_cooldownCounter <= 0 && ++_wait >= Patience)
        {
            double old = optimizer.LearningRate;
            if (old > MinLearningRate)
            {
                optimizer.LearningRate = Math.Max(old * Factor, MinLearningRate);
                _cooldownCounter = Cooldown;
                _wait = 0;
            }
        }
    }
}
