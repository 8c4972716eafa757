using DeepLearning.Data;
using DeepLearning.Models.Callbacks;
using Microsoft.Extensions.Logging;

namespace DeepLearning.Models;

/// <summary>
/// The optional parameters of <c>Model.Fit</c> (Keras's <c>fit</c> keyword arguments) as one record with validated
/// defaults. The common case keeps the named-argument form
/// (<c>model.Fit(x, y, epochs: 10, batchSize: 64, validationSplit: 0.1, callbacks: [...])</c>); the rest is reached
/// through this record: <c>model.Fit(x, y, new FitOptions { Epochs = 10, Shuffle = false, InitialEpoch = 4 })</c>,
/// and a variant is <c>options with { Epochs = 20 }</c>.
/// </summary>
/// <remarks>
/// Each property validates its value when set, so an invalid record cannot be built: a bad value throws
/// <see cref="ArgumentOutOfRangeException"/> naming the property. The one rule between two properties
/// (<see cref="InitialEpoch"/> ≤ <see cref="Epochs"/>) is checked by <c>Fit</c>.
/// </remarks>
public sealed record FitOptions
{
    /// <summary>The defaults (1 epoch, batches of 32, shuffled, no validation, a progress bar), as Keras's.</summary>
    public static FitOptions Default { get; } = new();

    /// <summary>Index of the last epoch: training runs epochs <see cref="InitialEpoch"/> … Epochs − 1. Default 1; ≥ 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int Epochs
    {
        get;
        init => field = value >= 0 ? value : throw Invalid(value, "Epochs must be ≥ 0");
    } = 1;

    /// <summary>Examples per gradient step (the last batch of an epoch may be smaller). Default 32; ≥ 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int BatchSize
    {
        get;
        init => field = value >= 1 ? value : throw Invalid(value, "BatchSize must be ≥ 1");
    } = 32;

    /// <summary>Fraction of the training data held out for validation: the last ⌈…⌉ examples, taken before shuffling,
    /// as Keras's <c>validation_split</c> (the training part is the first ⌈N·(1 − split)⌉). Default 0; in [0, 1).
    /// Ignored when <see cref="ValidationData"/> is given.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside [0, 1) or NaN.</exception>
    public double ValidationSplit
    {
        get;
        init => field = value >= 0 && value < 1 ? value : throw Invalid(value, "ValidationSplit must be in [0, 1)");
    }

    /// <summary>Explicit validation data, evaluated after each epoch into the <c>val_</c> logs (overrides
    /// <see cref="ValidationSplit"/>); e.g. <c>new TensorDataset(xValid, yValid)</c>. Default none.</summary>
    public Dataset? ValidationData { get; init; }

    /// <summary>Reshuffle the training examples every epoch (seeded from <see cref="Generator.Default"/>). Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Per-class loss weights (Keras's <c>class_weight</c>): each example's loss is multiplied by the weight
    /// of its class, read from integer targets or the argmax of one-hot targets. Needs a single in-memory target
    /// tensor (not a <see cref="Dataset"/>; give a dataset per-example weights instead). Default none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A weight is negative, infinite or NaN.</exception>
    public IReadOnlyDictionary<int, double>? ClassWeight
    {
        get;
        init => field = value is null || value.Values.All(w => w >= 0 && double.IsFinite(w))
            ? value : throw Invalid(string.Join(", ", value.Values), "ClassWeight values must be finite and ≥ 0");
    }

    /// <summary>The epoch to start from when resuming (Keras's <c>initial_epoch</c>); a <see cref="BackupAndRestore"/>
    /// callback that finds a backup replaces it with the epoch after the backup. Default 0; in [0, <see cref="Epochs"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int InitialEpoch
    {
        get;
        init => field = value >= 0 ? value : throw Invalid(value, "InitialEpoch must be ≥ 0");
    }

    /// <summary>Batches per epoch (Keras's <c>steps_per_epoch</c>); more than the data holds repeats it, reshuffled.
    /// Default null: one pass over the data.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int? StepsPerEpoch
    {
        get;
        init => field = value is null or >= 1 ? value : throw Invalid(value, "StepsPerEpoch must be ≥ 1");
    }

    /// <summary>Callbacks, called in order after the <see cref="History"/> and, when <see cref="Verbose"/> &gt; 0 and
    /// none is given, a <see cref="ProgressBar"/> that Fit adds. Default none.</summary>
    public IReadOnlyList<Callback>? Callbacks { get; init; }

    /// <summary>Console output: 0 silent, 1 a progress bar per epoch (default), 2 one line per epoch.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0, 1 or 2.</exception>
    public int Verbose
    {
        get;
        init => field = value is >= 0 and <= 2 ? value : throw Invalid(value, "Verbose must be 0, 1 or 2");
    } = 1;

    /// <summary>The process group to train in, data-parallel (see <see cref="Model.Communicator"/>): every rank runs the
    /// same program with the same data; each trains on its share of every batch (<see cref="BatchSize"/> is the global
    /// batch, split evenly, so it must be a multiple of the number of ranks), gradients are averaged across ranks before
    /// each optimizer step, and logs, progress and files come from rank 0. Default null: the model's communicator,
    /// <see cref="Distributed.Communicator.SingleProcess"/> unless set.</summary>
    public Distributed.Communicator? Communicator { get; init; }

    /// <summary>Sets <see cref="Model.OverlapGradientReduction"/> for this Fit and after it: all-reduce the gradients in
    /// buckets during the backward pass instead of after it (bit-identical weights either way). Default null: the
    /// model's setting, false unless set.</summary>
    public bool? OverlapGradientReduction { get; init; }

    /// <summary>The logger that receives the warnings raised during this Fit (on its thread and the data loader's),
    /// in place of <see cref="Diagnostics.Logger"/>; default null: the global logger, else standard error once per
    /// distinct warning (see <see cref="Diagnostics"/>).</summary>
    public ILogger? Logger { get; init; }

    private static ArgumentOutOfRangeException Invalid(object? value, string rule) =>
        new("value", value, $"FitOptions: {rule}; got {value}.");
}
