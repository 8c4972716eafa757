namespace DeepLearning.TensorBoard;

/// <summary>What <see cref="TensorBoardCallback"/> writes besides the epoch scalars (Keras's TensorBoard callback
/// arguments, .NET-cased).</summary>
public sealed record TensorBoardOptions
{
    /// <summary>The defaults: weight histograms every epoch, no batch scalars, no images.</summary>
    public static TensorBoardOptions Default { get; } = new();

    /// <summary>Write a histogram of every weight every this many epochs (Keras's <c>histogram_freq</c>); 0 turns
    /// histograms off. Default 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int HistogramFrequency
    {
        get;
        init => field = value >= 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(HistogramFrequency), value, "TensorBoardOptions: HistogramFrequency must be ≥ 0 (0 turns histograms off).");
    } = 1;

    /// <summary>Buckets per histogram, 1 to 10,000. Default 30 (as <c>tf.summary.histogram</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Out of range.</exception>
    public int HistogramBuckets
    {
        get;
        init => field = value is >= 1 and <= 10_000 ? value
            : throw new ArgumentOutOfRangeException(nameof(HistogramBuckets), value, "TensorBoardOptions: HistogramBuckets must be 1 to 10,000.");
    } = SummaryWriter.DefaultBuckets;

    /// <summary>Also write the running averages of the training logs ("batch_loss", "batch_accuracy", …) every this
    /// many training batches, at the global batch index (Keras's <c>update_freq</c> as a number); 0 (the default)
    /// writes epoch values only.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int BatchFrequency
    {
        get;
        init => field = value >= 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(BatchFrequency), value, "TensorBoardOptions: BatchFrequency must be ≥ 0 (0: epoch values only).");
    }

    /// <summary>Images written once when training starts, at step 0, as "<see cref="ImagesTag"/>/image/i": a tensor
    /// (N, height, width, channels) with 1 to 4 channels and values in [0, 1], for example a few training inputs.
    /// Null (the default) writes none.</summary>
    /// <exception cref="ArgumentException">Not of rank 4 with 1 to 4 channels.</exception>
    public Tensor? Images
    {
        get;
        init => field = value is null || (value.Rank == 4 && value.Shape[3] is >= 1 and <= 4) ? value
            : throw new ArgumentException($"TensorBoardOptions: Images must be (N, height, width, channels) with 1 to 4 channels; got shape {value.Shape}.", nameof(Images));
    }

    /// <summary>The tag of <see cref="Images"/>. Default "inputs".</summary>
    /// <exception cref="ArgumentException">Empty.</exception>
    public string ImagesTag
    {
        get;
        init => field = !string.IsNullOrWhiteSpace(value) ? value
            : throw new ArgumentException("TensorBoardOptions: ImagesTag must be a non-empty name.", nameof(ImagesTag));
    } = "inputs";
}
