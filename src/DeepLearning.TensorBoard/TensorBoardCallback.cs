using DeepLearning.Models.Callbacks;

namespace DeepLearning.TensorBoard;

/// <summary>
/// Logs a <c>Fit</c> for TensorBoard, laid out as Keras's <c>keras.callbacks.TensorBoard</c> does:
/// <c>&lt;logDirectory&gt;/train</c> receives, at each epoch's end and with the epoch as the step, one scalar per
/// training log ("epoch_loss", "epoch_accuracy", …, "epoch_learning_rate") and a histogram of every weight
/// (tagged with the weight's name, e.g. "dense/kernel"); <c>&lt;logDirectory&gt;/validation</c> receives the
/// validation values under the same tags ("val_loss" → "epoch_loss"), so TensorBoard draws the two runs on one chart.
/// Every <c>Fit</c> starts new event files; both are flushed to disk after every epoch and closed when training ends.
/// In data-parallel training only the primary rank writes.
/// </summary>
/// <param name="logDirectory">The run's folder (<c>tensorboard --logdir</c> its parent to compare runs).</param>
/// <param name="options">Histograms, batch scalars and images; null uses <see cref="TensorBoardOptions.Default"/>.</param>
/// <example><code>
/// model.Fit(x, y, epochs: 10, validationSplit: 0.1, callbacks: [new TensorBoardCallback("logs/run1")]);
/// // then: tensorboard --logdir logs
/// </code></example>
public sealed class TensorBoardCallback(string logDirectory, TensorBoardOptions? options = null) : Callback, IDisposable
{
    private const string ValidationPrefix = "val_";
    private readonly string _directory = string.IsNullOrWhiteSpace(logDirectory)
        ? throw new ArgumentException("TensorBoardCallback: the log folder must be a non-empty path.", nameof(logDirectory))
        : logDirectory;
    private readonly TensorBoardOptions _options = options ?? TensorBoardOptions.Default;
    private SummaryWriter? _train, _validation;
    private long _batchStep;

    /// <summary>The training run's event file of the current or last <c>Fit</c> (null before the first).</summary>
    public string? TrainFile => _train?.FilePath;

    /// <summary>The validation run's event file (null until a validation value was logged).</summary>
    public string? ValidationFile => _validation?.FilePath;

    /// <inheritdoc />
    public override void OnTrainBegin(Logs logs)
    {
        Dispose();
        _train = _validation = null;
        _batchStep = 0;
        if (!Model.Communicator.IsPrimary) return;
        _train = new SummaryWriter(Path.Combine(_directory, "train"));
        if (_options.Images is { } images)
        {
            _train.AddImages(_options.ImagesTag, images, 0);
            _train.Flush();
        }
    }

    /// <inheritdoc />
    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        long step = _batchStep++;
        if (_train is null || _options.BatchFrequency == 0 || step % _options.BatchFrequency != 0) return;
        foreach (var (key, value) in logs)
            if (!key.StartsWith(ValidationPrefix, StringComparison.Ordinal)) _train.AddScalar("batch_" + key, value, step);
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (_train is null) return;
        foreach (var (key, value) in logs)
        {
            if (key.StartsWith(ValidationPrefix, StringComparison.Ordinal))
            {
                _validation ??= new SummaryWriter(Path.Combine(_directory, "validation"));
                _validation.AddScalar("epoch_" + key[ValidationPrefix.Length..], value, epoch);
            }
            else _train.AddScalar("epoch_" + key, value, epoch);
        }
        if (_options.HistogramFrequency > 0 && epoch % _options.HistogramFrequency == 0) WriteHistograms(epoch);
        _train.Flush();
        _validation?.Flush();
    }

    /// <inheritdoc />
    public override void OnTrainEnd(Logs logs) => Dispose();

    /// <summary>Closes the event files (also done when training ends; call it after a <c>Fit</c> that threw).</summary>
    public void Dispose()
    {
        _train?.Dispose();
        _validation?.Dispose();
    }

    private void WriteHistograms(int epoch)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var weights = Model.Weights;
        for (int i = 0; i < weights.Count; i++)
        {
            string name = string.IsNullOrEmpty(weights[i].Name) ? $"weight_{i}" : weights[i].Name!;
            string tag = name;
            for (int k = 1; !used.Add(tag); k++) tag = $"{name}#{k}";
            _train!.AddHistogram(tag, weights[i], epoch, _options.HistogramBuckets);
        }
    }
}
