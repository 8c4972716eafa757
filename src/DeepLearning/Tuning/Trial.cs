using DeepLearning.Models.Callbacks;

namespace DeepLearning.Tuning;

/// <summary>
/// One trial of a <see cref="Tuner"/>: the hyperparameters tried, the best value of the objective over the epochs,
/// how long it took and how it ended. To reproduce it: <c>Generator.Seed(trial.Seed)</c>, build the model from
/// <see cref="HyperParameters"/> and fit it with the same data and arguments.
/// </summary>
public sealed class Trial
{
    internal Trial(int number, HyperParameters hyperParameters, ulong seed, TrialStatus status, double objective, int? bestEpoch,
        int epochsRun, TimeSpan duration, History? history, Exception? error)
    {
        Number = number;
        HyperParameters = hyperParameters;
        Seed = seed;
        Status = status;
        Objective = objective;
        BestEpoch = bestEpoch;
        EpochsRun = epochsRun;
        Duration = duration;
        History = history;
        Error = error;
    }

    /// <summary>The trial's position in the search (0-based, in the order trials ran).</summary>
    public int Number { get; }

    /// <summary>The hyperparameters given to the builder.</summary>
    public HyperParameters HyperParameters { get; }

    /// <summary>The seed given to <see cref="Generator.Seed"/> before the model was built (weights initialisation,
    /// shuffling and dropout of this trial all follow from it).</summary>
    public ulong Seed { get; }

    /// <summary>Completed or failed.</summary>
    public TrialStatus Status { get; }

    /// <summary>The best value of the objective over the epochs (lowest or highest, by the search's direction;
    /// NaN epochs are skipped); NaN when the trial failed or no epoch had a number.</summary>
    public double Objective { get; }

    /// <summary>The 0-based epoch where <see cref="Objective"/> was reached (null when there is none).</summary>
    public int? BestEpoch { get; }

    /// <summary>The number of epochs trained (fewer than asked when a callback such as EarlyStopping stopped it).</summary>
    public int EpochsRun { get; }

    /// <summary>Wall-clock time of building and training.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The trial's training history (null when it failed before training ended).</summary>
    public History? History { get; }

    /// <summary>The exception of a failed trial.</summary>
    public Exception? Error { get; }

    /// <summary>True when the trial completed with a finite objective, so it can be ranked.</summary>
    public bool HasObjective => Status == TrialStatus.Completed && double.IsFinite(Objective);

    /// <inheritdoc />
    public override string ToString() => Status == TrialStatus.Failed
        ? $"Trial {Number} ({HyperParameters}): failed: {Error?.Message}"
        : $"Trial {Number} ({HyperParameters}): {Objective:G6} at epoch {BestEpoch}, {EpochsRun} epochs, {Duration.TotalSeconds:0.00} s";
}
