using System.Diagnostics;
using DeepLearning.Data;
using DeepLearning.Models;
using DeepLearning.Models.Callbacks;

namespace DeepLearning.Tuning;

/// <summary>
/// The trial loop shared by <see cref="RandomSearch"/> and <see cref="GridSearch"/> (Keras Tuner's <c>Tuner</c>):
/// for each candidate of <see cref="Candidates"/>, up to <see cref="MaxTrials"/>, it seeds the global generator
/// with the trial's seed, builds a compiled model with the builder, trains it with <c>Fit</c>, and records the best
/// value of the objective over the epochs. <see cref="Search(Tensor, Tensor, int, int, double, ValueTuple{Tensor, Tensor}?, bool, Func{IReadOnlyList{Callback}}?, int, CancellationToken)"/>
/// returns a <see cref="SearchResult"/>; <see cref="SearchWithCrossValidation"/> scores each trial by k-fold
/// cross-validation instead (scikit-learn's <c>RandomizedSearchCV</c> / <c>GridSearchCV</c>).
/// </summary>
/// <remarks>
/// <para>Reproducibility: the candidates follow from <see cref="Seed"/> alone (uniforms from the counter-based
/// <see cref="Philox"/> generator, not System.Random), and trial i calls <c>Generator.Seed(TrialSeed(i))</c> before
/// building its model, so weight initialisation, shuffling and dropout of a trial depend only on the search seed
/// and i — not on the other trials. The global <see cref="Generator.Default"/> is therefore left reseeded by the
/// last trial when the search returns.</para>
/// <para>Failures: an exception from the builder or from training (a shape mismatch, an exploding loss caught by
/// a callback that throws) marks that trial <see cref="TrialStatus.Failed"/> and the search goes on; only when every
/// trial fails does the search throw. Cancellation is not a failure: it throws
/// <see cref="OperationCanceledException"/> (subscribe to <see cref="TrialEnded"/> to keep the finished trials).</para>
/// </remarks>
public abstract class Tuner
{
    private readonly Func<HyperParameters, Model> _build;

    /// <summary>Configures a tuner.</summary>
    /// <param name="build">Builds and compiles a fresh model from a trial's hyperparameters (Keras Tuner's hypermodel).</param>
    /// <param name="space">The hyperparameters and their distributions (copied).</param>
    /// <param name="objective">The log entry to optimise, e.g. "val_loss" or "val_accuracy" (Keras Tuner's objective).</param>
    /// <param name="direction">Whether lower or higher is better; Auto: higher for accuracy-like names (as EarlyStopping).</param>
    /// <param name="maxTrials">The most trials to run (null: every candidate, for a finite <see cref="Candidates"/>).</param>
    /// <param name="seed">The search seed; null draws one from <see cref="Generator.Default"/>, so a
    /// <c>Generator.Seed(n)</c> at the start of the program makes the search reproducible.</param>
    /// <exception cref="ArgumentNullException">build or space is null.</exception>
    /// <exception cref="ArgumentException">The space is empty, or the objective is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">maxTrials &lt; 1.</exception>
    protected Tuner(Func<HyperParameters, Model> build, SearchSpace space, string objective, MonitorMode direction, int? maxTrials, ulong? seed)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(space);
        if (space.Count == 0)
            throw new ArgumentException($"{GetType().Name}: the search space is empty; add at least one hyperparameter.", nameof(space));
        if (string.IsNullOrWhiteSpace(objective))
            throw new ArgumentException($"{GetType().Name}: the objective is empty; name a log entry such as \"val_loss\".", nameof(objective));
        if (maxTrials is < 1)
            throw new ArgumentOutOfRangeException(nameof(maxTrials), maxTrials, $"{GetType().Name}: maxTrials must be ≥ 1.");
        _build = build;
        Space = new SearchSpace();
        foreach (var (name, distribution) in space) Space.Add(name, distribution);
        Objective = objective;
        Maximize = Models.Callbacks.Monitor.Maximizes(direction, objective);
        MaxTrials = maxTrials;
        Seed = seed ?? Generator.Default.NextSeed();
    }

    /// <summary>The search space.</summary>
    public SearchSpace Space { get; }

    /// <summary>The log entry optimised.</summary>
    public string Objective { get; }

    /// <summary>True when a higher objective is better.</summary>
    public bool Maximize { get; }

    /// <summary>The most trials a search runs (null: all candidates).</summary>
    public int? MaxTrials { get; }

    /// <summary>The search seed (drawn from <see cref="Generator.Default"/> when none was given).</summary>
    public ulong Seed { get; }

    /// <summary>Keep the trained model of the best trial in <see cref="SearchResult.BestModel"/> (default true). The
    /// model is kept as trained, not rebuilt: its weights are those at the end of its <c>Fit</c> (the best epoch's
    /// when the callbacks include <c>EarlyStopping(restoreBestWeights: true)</c>). Only the best-so-far model is held,
    /// so memory does not grow with the number of trials.</summary>
    public bool KeepBestModel { get; set; } = true;

    /// <summary>Raised after each trial (completed or failed), on the searching thread.</summary>
    public event Action<Trial>? TrialEnded;

    /// <summary>The candidates in the order they are tried; the search takes at most <see cref="MaxTrials"/>.</summary>
    protected abstract IEnumerable<HyperParameters> Candidates();

    /// <summary>The seed given to <see cref="Generator.Seed"/> before trial <paramref name="number"/> builds its model
    /// (derived from <see cref="Seed"/> and the number only).</summary>
    /// <exception cref="ArgumentOutOfRangeException">number is negative.</exception>
    public ulong TrialSeed(int number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        return SeededStream.Derive(Seed, SeededStream.TrialSeeds, number);
    }

    /// <summary>
    /// Runs the search on in-memory tensors (Keras Tuner's <c>tuner.search(x, y, epochs, validation_data, callbacks)</c>).
    /// Every trial trains with the same data, split and arguments, as <c>Model.Fit</c> would.
    /// </summary>
    /// <param name="x">Inputs (N, …).</param>
    /// <param name="y">Targets (N, …).</param>
    /// <param name="epochs">Epochs per trial (callbacks may stop a trial earlier).</param>
    /// <param name="batchSize">Examples per gradient step.</param>
    /// <param name="validationSplit">Fraction held out for validation: the last examples, before shuffling (as Fit).</param>
    /// <param name="validationData">Explicit validation data (overrides validationSplit).</param>
    /// <param name="shuffle">Reshuffle the training examples every epoch.</param>
    /// <param name="callbacks">Makes each trial's callbacks (e.g. <c>() =&gt; [new EarlyStopping(patience: 3)]</c>); called
    /// once per trial so no state leaks between trials.</param>
    /// <param name="verbose">Fit's verbosity for every trial (default 0: silent).</param>
    /// <param name="cancellationToken">Stops the search at the next batch boundary with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentException">x and y differ in length, the split leaves a part empty, a "val_" objective
    /// without validation data, or an objective that training does not log (detected after the first completed trial).</exception>
    /// <exception cref="ArgumentOutOfRangeException">epochs, batchSize or validationSplit is out of range.</exception>
    /// <exception cref="InvalidOperationException">Every trial failed; the inner exception is the first trial's.</exception>
    public SearchResult Search(Tensor x, Tensor y, int epochs = 1, int batchSize = 32, double validationSplit = 0,
        (Tensor X, Tensor Y)? validationData = null, bool shuffle = true, Func<IReadOnlyList<Callback>>? callbacks = null,
        int verbose = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (!(validationSplit >= 0 && validationSplit < 1))
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, $"{GetType().Name}.Search: validationSplit must be in [0, 1).");
        var all = CrossValidation.Examples(x, y, $"{GetType().Name}.Search");
        Dataset training = all;
        Dataset? validation = validationData is { } v ? CrossValidation.Examples(v.X, v.Y, $"{GetType().Name}.Search (validation)") : null;
        if (validation is null && validationSplit > 0)
        {
            int split = (int)Math.Ceiling(all.Count * (1 - validationSplit));
            if (split <= 0 || split >= all.Count)
                throw new ArgumentException($"{GetType().Name}.Search: validationSplit {validationSplit} of {all.Count} examples leaves an empty training or validation set.");
            training = all.Subset(0..split);
            validation = all.Subset(split..);
        }
        return Search(training, validation, epochs, batchSize, shuffle, callbacks, verbose, cancellationToken);
    }

    /// <summary>Runs the search on datasets (see the tensor overload for the parameters).</summary>
    /// <exception cref="ArgumentException">The training data is empty, a "val_" objective without validation data,
    /// or an objective that training does not log.</exception>
    /// <exception cref="ArgumentOutOfRangeException">epochs or batchSize is below 1.</exception>
    /// <exception cref="InvalidOperationException">Every trial failed; the inner exception is the first trial's.</exception>
    public SearchResult Search(Dataset training, Dataset? validation = null, int epochs = 1, int batchSize = 32, bool shuffle = true,
        Func<IReadOnlyList<Callback>>? callbacks = null, int verbose = 0, CancellationToken cancellationToken = default)
    {
        string kind = GetType().Name;
        ArgumentNullException.ThrowIfNull(training);
        if (training.Count == 0) throw new ArgumentException($"{kind}.Search: the training data is empty.", nameof(training));
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"{kind}.Search: epochs must be ≥ 1.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"{kind}.Search: batchSize must be ≥ 1.");
        if (validation is null && Objective.StartsWith("val_", StringComparison.Ordinal))
            throw new ArgumentException($"{kind}.Search: the objective '{Objective}' needs validation data; give validationData or validationSplit, or use a training objective such as \"loss\".");

        return RunTrials((number, hp, seed) => TrainTrial(number, hp, seed, training, validation, epochs, batchSize, shuffle, callbacks, verbose, cancellationToken),
            null, cancellationToken);
    }

    /// <summary>
    /// Runs the search scoring every trial by k-fold cross-validation (scikit-learn's <c>RandomizedSearchCV</c> /
    /// <c>GridSearchCV</c> with <c>cv=k</c>, as the course wraps SEEDS A8's <c>build_model</c> in a
    /// <c>KerasRegressor</c>): each trial trains k models on the same k splits (cut once from <see cref="Seed"/>, so
    /// every trial is compared on the same folds) and its objective is the mean of the held-out fold scores, with
    /// their standard deviation in <see cref="Trial.ObjectiveStd"/>.
    /// </summary>
    /// <param name="x">Inputs (N, …).</param>
    /// <param name="y">Targets (N, …).</param>
    /// <param name="k">The number of folds, 2 ≤ k ≤ N (scikit-learn's cv).</param>
    /// <param name="shuffle">Permute the examples before cutting the folds.</param>
    /// <param name="stratified">Stratify the folds by the class labels in y (see <see cref="CrossValidation.StratifiedKFoldSplits"/>).</param>
    /// <param name="epochs">Epochs per fold.</param>
    /// <param name="batchSize">Examples per gradient step.</param>
    /// <param name="validationData">Validation data given to every Fit (for callbacks that monitor "val_" entries,
    /// e.g. EarlyStopping); it does not enter the score.</param>
    /// <param name="callbacks">Makes each fold's callbacks (called once per fold of every trial).</param>
    /// <param name="refit">Train the best hyperparameters once more on all of x and y (seeded with the best trial's
    /// seed) and return that model as <see cref="SearchResult.BestModel"/> (scikit-learn's <c>refit=True</c>); without
    /// it BestModel is null, as no single model belongs to a cross-validated trial.</param>
    /// <param name="verbose">Fit's verbosity (default 0).</param>
    /// <param name="cancellationToken">Stops the search at the next batch boundary with <see cref="OperationCanceledException"/>.</param>
    /// <remarks>The objective names a held-out score as <c>Evaluate</c> reports it ("loss" or a metric); a "val_"
    /// prefix is dropped, so the default "val_loss" is the mean held-out loss (the held-out fold is the validation
    /// data).</remarks>
    /// <exception cref="ArgumentException">x and y differ in length, stratified labels are not class labels, or the
    /// objective is not among the fold scores.</exception>
    /// <exception cref="ArgumentOutOfRangeException">k, epochs or batchSize is out of range.</exception>
    /// <exception cref="InvalidOperationException">Every trial failed; the inner exception is the first trial's.</exception>
    public SearchResult SearchWithCrossValidation(Tensor x, Tensor y, int k = 3, bool shuffle = false, bool stratified = false,
        int epochs = 1, int batchSize = 32, (Tensor X, Tensor Y)? validationData = null, Func<IReadOnlyList<Callback>>? callbacks = null,
        bool refit = true, int verbose = 0, CancellationToken cancellationToken = default)
    {
        string op = $"{GetType().Name}.{nameof(SearchWithCrossValidation)}";
        var data = CrossValidation.Examples(x, y, op);
        CrossValidation.CheckK(data.Count, k, op);
        CrossValidation.CheckTraining(epochs, batchSize, false, validationData, op);
        var validation = validationData is { } v ? CrossValidation.Examples(v.X, v.Y, op + " (validation)") : null;
        ulong splitSeed = SeededStream.Derive(Seed, SeededStream.Folds, 0);
        var splits = stratified
            ? CrossValidation.StratifiedKFoldSplits(CrossValidation.ClassLabels(y), k, shuffle, splitSeed)
            : CrossValidation.KFoldSplits(data.Count, k, shuffle, splitSeed);
        string key = Objective.StartsWith("val_", StringComparison.Ordinal) ? Objective[4..] : Objective;

        (Trial, Model?) Run(int number, HyperParameters hp, ulong seed)
        {
            var clock = Stopwatch.StartNew();
            var cv = CrossValidation.Run(() => _build(hp), data, splits, seed, epochs, batchSize, callbacks, false, validation, verbose,
                cancellationToken);
            if (!cv.Keys.Contains(key))
                throw new ObjectiveMissingException(
                    $"{op}: the objective '{Objective}' reads the held-out score '{key}', which the folds do not report; they report: {string.Join(", ", cv.Keys)}.");
            var trial = new Trial(number, hp, seed, TrialStatus.Completed, cv.Mean(key), null, cv.Folds.Max(f => f.History.Epochs.Count),
                clock.Elapsed, null, null, cv, cv.Std(key));
            return (trial, null);
        }

        Model Refit(Trial best)
        {
            Generator.Seed(best.Seed);
            var model = _build(best.HyperParameters);
            model.Fit(data, epochs, batchSize, validation, callbacks: callbacks?.Invoke() ?? [], verbose: verbose,
                cancellationToken: cancellationToken);
            return model;
        }

        return RunTrials((number, hp, seed) => Guard(number, hp, seed, () => Run(number, hp, seed), cancellationToken),
            refit ? Refit : null, cancellationToken);
    }

    /// <summary>The trial loop: candidates up to MaxTrials, each run by <paramref name="runTrial"/> after the global
    /// generator is seeded; the best-so-far model is kept (or <paramref name="refit"/> makes it at the end).</summary>
    private SearchResult RunTrials(Func<int, HyperParameters, ulong, (Trial Trial, Model? Model)> runTrial, Func<Trial, Model>? refit,
        CancellationToken ct)
    {
        string kind = GetType().Name;
        var trials = new List<Trial>();
        Trial? best = null;
        Model? bestModel = null;
        foreach (var hp in Candidates())
        {
            if (MaxTrials is int max && trials.Count >= max) break;
            ct.ThrowIfCancellationRequested();
            ulong seed = TrialSeed(trials.Count);
            Generator.Seed(seed);
            var (trial, model) = runTrial(trials.Count, hp, seed);
            trials.Add(trial);
            if (trial.HasObjective && (best is null || (Maximize ? trial.Objective > best.Objective : trial.Objective < best.Objective)))
            {
                best = trial;
                bestModel = KeepBestModel ? model : null;
            }
            TrialEnded?.Invoke(trial);
        }
        if (trials.Count > 0 && trials.All(t => t.Status == TrialStatus.Failed))
            throw new InvalidOperationException(
                $"{kind}: all {trials.Count} trial(s) failed; trial 0 ({trials[0].HyperParameters}) failed with {trials[0].Error!.GetType().Name}: {trials[0].Error!.Message}",
                trials[0].Error);
        if (refit is not null && best is not null && KeepBestModel) bestModel = refit(best);
        return new SearchResult(kind, Objective, Maximize, Space.Names, trials, bestModel);
    }

    /// <summary>Runs a trial, turning an exception into a failed trial (cancellation and configuration errors excepted).</summary>
    private (Trial Trial, Model? Model) Guard(int number, HyperParameters hp, ulong seed, Func<(Trial, Model?)> run, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return run();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (ObjectiveMissingException e)
        {
            throw new ArgumentException(e.Message, "objective");
        }
        catch (Exception e)
        {
            return (new Trial(number, hp, seed, TrialStatus.Failed, double.NaN, null, 0, clock.Elapsed, null, e), null);
        }
    }

    private (Trial Trial, Model? Model) TrainTrial(int number, HyperParameters hp, ulong seed, Dataset training, Dataset? validation,
        int epochs, int batchSize, bool shuffle, Func<IReadOnlyList<Callback>>? callbacks, int verbose, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        return Guard(number, hp, seed, () =>
        {
            var model = _build(hp) ?? throw new InvalidOperationException($"{GetType().Name}: the builder returned null for {hp}.");
            if (!model.IsCompiled)
                throw new InvalidOperationException($"{GetType().Name}: the builder returned model '{model.Name}' uncompiled; call Compile(optimizer, loss, metrics) in the builder.");
            var history = model.Fit(training, new FitOptions
            {
                Epochs = epochs, BatchSize = batchSize, ValidationData = validation, Shuffle = shuffle,
                Callbacks = callbacks?.Invoke() ?? [], Verbose = verbose,
            }, ct);
            if (!history.Keys.Contains(Objective))
                throw new ObjectiveMissingException(
                    $"{GetType().Name}.Search: the objective '{Objective}' is not in the training logs; logged: {string.Join(", ", history.Keys)}.");
            var values = history[Objective];
            int? bestEpoch = null;
            for (int e = 0; e < values.Count; e++)
            {
                if (double.IsNaN(values[e])) continue;
                if (bestEpoch is not int b || (Maximize ? values[e] > values[b] : values[e] < values[b])) bestEpoch = e;
            }
            double objective = bestEpoch is int be ? values[be] : double.NaN;
            var trial = new Trial(number, hp, seed, TrialStatus.Completed, objective, bestEpoch is int i ? history.Epochs[i] : null,
                history.Epochs.Count, clock.Elapsed, history, null);
            return (trial, (Model?)model);
        }, ct);
    }

    /// <summary>A configuration error found inside the trial loop that must not be recorded as a trial failure.</summary>
    private sealed class ObjectiveMissingException(string message) : Exception(message);
}
