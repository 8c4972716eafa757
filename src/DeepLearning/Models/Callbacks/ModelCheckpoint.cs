namespace DeepLearning.Models.Callbacks;

/// <summary>
/// Saves the model (or its weights) during training (Keras 3's ModelCheckpoint, same rules): at the end of every
/// epoch, or every <see cref="SaveFrequency"/> batches; with <see cref="SaveBestOnly"/> only when the monitored value
/// improves on the best so far (strictly, and on <see cref="InitialValueThreshold"/> when given). The file name is a
/// pattern with Keras's placeholders: <c>"ckpt-{epoch:02d}-{val_loss:.3f}.dlmodel"</c> gives
/// "ckpt-07-0.123.dlmodel" ({epoch} and {batch} are 1-based, as in Keras; a log key is replaced by its value; Python's
/// format specs d, f, e, g and % with zero padding, width and precision work, and any other spec is used as a .NET
/// format string, e.g. {val_loss:F3}). Files are written atomically; a pattern without placeholders overwrites one
/// file.
/// </summary>
/// <example><code>
/// model.Fit(x, y, epochs: 20, validationSplit: 0.1,
///     callbacks: [new ModelCheckpoint("best.dlmodel", monitor: "val_loss", saveBestOnly: true)]);
/// var best = Model.Load("best.dlmodel");
/// </code></example>
public sealed class ModelCheckpoint : Callback
{
    private readonly CheckpointPath _path;
    private readonly bool _maximize;
    private double _best;
    private int _epoch, _batchesSinceSave;

    /// <summary>Creates the callback.</summary>
    /// <param name="filePath">The file path pattern (see the class remarks).</param>
    /// <param name="monitor">The log entry compared with <paramref name="saveBestOnly"/> (default "val_loss").</param>
    /// <param name="saveBestOnly">Save only when the monitored value improves.</param>
    /// <param name="saveWeightsOnly">Save with <see cref="Model.SaveWeights"/> instead of <see cref="Model.Save(string, bool)"/>.</param>
    /// <param name="mode">Whether lower or higher is better (Auto: higher for accuracy-like names).</param>
    /// <param name="saveFrequency">Save every this many batches instead of every epoch (null, the default: Keras's
    /// save_freq="epoch"). Batch-level logs are the running averages of the epoch.</param>
    /// <param name="initialValueThreshold">With saveBestOnly, a value the monitor must beat before the first save.</param>
    /// <exception cref="ArgumentException">The pattern has unbalanced braces or an empty placeholder.</exception>
    /// <exception cref="ArgumentOutOfRangeException">saveFrequency is below 1.</exception>
    public ModelCheckpoint(string filePath, string monitor = "val_loss", bool saveBestOnly = false, bool saveWeightsOnly = false,
        MonitorMode mode = MonitorMode.Auto, int? saveFrequency = null, double? initialValueThreshold = null)
    {
        _path = new CheckpointPath(filePath);
        if (saveFrequency is < 1) throw new ArgumentOutOfRangeException(nameof(saveFrequency), saveFrequency, "ModelCheckpoint: saveFrequency must be ≥ 1 batch.");
        ArgumentException.ThrowIfNullOrEmpty(monitor);
        Monitor = monitor;
        SaveBestOnly = saveBestOnly;
        SaveWeightsOnly = saveWeightsOnly;
        SaveFrequency = saveFrequency;
        InitialValueThreshold = initialValueThreshold;
        _maximize = Callbacks.Monitor.Maximizes(mode, monitor);
        _best = initialValueThreshold ?? (_maximize ? double.NegativeInfinity : double.PositiveInfinity);
    }

    /// <summary>The file path pattern.</summary>
    public string FilePath => _path.Pattern;

    /// <summary>The log entry watched.</summary>
    public string Monitor { get; }

    /// <summary>Whether only improvements are saved.</summary>
    public bool SaveBestOnly { get; }

    /// <summary>Whether only the weights are saved.</summary>
    public bool SaveWeightsOnly { get; }

    /// <summary>Batches between saves (null: every epoch).</summary>
    public int? SaveFrequency { get; }

    /// <summary>The value to beat before the first save (saveBestOnly).</summary>
    public double? InitialValueThreshold { get; }

    /// <summary>The best monitored value seen (±∞ or the threshold before any).</summary>
    public double Best => _best;

    /// <summary>The path of the last file written (null before any).</summary>
    public string? LastSavedPath { get; private set; }

    /// <inheritdoc />
    public override void OnEpochBegin(int epoch, Logs logs) => _epoch = epoch;

    /// <inheritdoc />
    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        if (SaveFrequency is not int every) return;
        if (++_batchesSinceSave < every) return;
        _batchesSinceSave = 0;
        Save(_epoch, batch, logs);
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (SaveFrequency is null) Save(epoch, null, logs);
    }

    private void Save(int epoch, int? batch, Logs logs)
    {
        if (!Model.Communicator.IsPrimary) return;   // data-parallel ranks hold the same weights; rank 0 writes
        if (SaveBestOnly)
        {
            if (Callbacks.Monitor.Read(logs, Monitor, nameof(ModelCheckpoint)) is not double current) return;
            if (!(_maximize ? current > _best : current < _best)) return;
            _best = current;
        }
        string path = _path.Format(epoch, batch, logs);
        if (SaveWeightsOnly) Model.SaveWeights(path);
        else Model.Save(path);
        LastSavedPath = path;
    }
}
