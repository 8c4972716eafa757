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
        int epochsRun, TimeSpan duration, History? history, Exception? error, CrossValidationResult? crossValidation = null, double objectiveStd = double.NaN)
    {
        CrossValidation = crossValidation;
        ObjectiveStd = objectiveStd;
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
    /// NaN epochs are skipped); NaN when the trial failed or no epoch had a number. In a cross-validated search,
    /// the mean of the held-out fold scores (scikit-learn's <c>mean_test_score</c>).</summary>
    public double Objective { get; }

    /// <summary>In a cross-validated search, the standard deviation of the held-out fold scores (NumPy's <c>std</c>,
    /// scikit-learn's <c>std_test_score</c>); NaN otherwise.</summary>
    public double ObjectiveStd { get; }

    /// <summary>The 0-based epoch where <see cref="Objective"/> was reached (null when there is none, and in a
    /// cross-validated search).</summary>
    public int? BestEpoch { get; }

    /// <summary>The number of epochs trained (fewer than asked when a callback such as EarlyStopping stopped it); in a
    /// cross-validated search, the most epochs any fold trained.</summary>
    public int EpochsRun { get; }

    /// <summary>Wall-clock time of building and training.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The trial's training history (null when it failed before training ended, and in a cross-validated
    /// search: see <see cref="CrossValidation"/>).</summary>
    public History? History { get; }

    /// <summary>The folds of a trial of a cross-validated search (their scores, histories and seeds); null otherwise.</summary>
    public CrossValidationResult? CrossValidation { get; }

    /// <summary>The exception of a failed trial.</summary>
    public Exception? Error { get; }

    /// <summary>True when the trial completed with a finite objective, so it can be ranked.</summary>
    public bool HasObjective => Status == TrialStatus.Completed && double.IsFinite(Objective);

    /// <inheritdoc />
    public override string ToString() => Status == TrialStatus.Failed
        ? $"Trial {Number} ({HyperParameters}): failed: {Error?.Message}"
        : $"Trial {Number} ({HyperParameters}): {Objective:G6} at epoch {BestEpoch}, {EpochsRun} epochs, {Duration.TotalSeconds:0.00} s";
}
