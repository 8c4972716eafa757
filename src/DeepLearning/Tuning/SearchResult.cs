using System.Globalization;
using DeepLearning.Models;
using DeepLearning.Serialization;

namespace DeepLearning.Tuning;

/// <summary>
/// The outcome of a <see cref="Tuner"/> search: every trial, the best one, its hyperparameters and (optionally) its
/// trained model, and the results as a text table or CSV (Keras Tuner's <c>results_summary</c>,
/// scikit-learn's <c>cv_results_</c>).
/// </summary>
public sealed class SearchResult
{
    private readonly IReadOnlyList<string> _names;
    private readonly string _tuner;

    internal SearchResult(string tuner, string objective, bool maximize, IReadOnlyList<string> names, IReadOnlyList<Trial> trials, Model? bestModel)
    {
        _tuner = tuner;
        _names = names;
        Objective = objective;
        Maximize = maximize;
        Trials = trials;
        BestModel = bestModel;
        Ranked = [.. trials.OrderBy(t => t.HasObjective ? 0 : t.Status == TrialStatus.Completed ? 1 : 2)
            .ThenBy(t => t.HasObjective ? (maximize ? -t.Objective : t.Objective) : 0)
            .ThenBy(t => t.Number)];
    }

    /// <summary>The log entry optimised.</summary>
    public string Objective { get; }

    /// <summary>True when a higher objective is better.</summary>
    public bool Maximize { get; }

    /// <summary>Every trial, in the order they ran.</summary>
    public IReadOnlyList<Trial> Trials { get; }

    /// <summary>Every trial, best first: completed trials by objective (ties by trial number), then completed trials
    /// without a number (NaN), then failed ones.</summary>
    public IReadOnlyList<Trial> Ranked { get; }

    /// <summary>The trial with the best objective (the earliest on a tie).</summary>
    /// <exception cref="InvalidOperationException">No trial completed with a finite objective.</exception>
    public Trial BestTrial => Ranked.Count > 0 && Ranked[0].HasObjective ? Ranked[0]
        : throw new InvalidOperationException($"{_tuner}: no trial completed with a finite '{Objective}' ({Trials.Count} trial(s) ran).");

    /// <summary>The hyperparameters of <see cref="BestTrial"/>.</summary>
    /// <exception cref="InvalidOperationException">No trial completed with a finite objective.</exception>
    public HyperParameters BestHyperParameters => BestTrial.HyperParameters;

    /// <summary>The model of <see cref="BestTrial"/> as it was trained in the search (kept, not rebuilt or retrained:
    /// its weights are those at the end of its Fit, or of its best epoch with
    /// <c>EarlyStopping(restoreBestWeights: true)</c>); null when <see cref="Tuner.KeepBestModel"/> was false or no
    /// trial has a finite objective.</summary>
    public Model? BestModel { get; }

    /// <summary>
    /// The trials as an aligned text table, best first (<see cref="Ranked"/>): rank, trial number, one column per
    /// hyperparameter, the objective (and its standard deviation over the folds in a cross-validated search), the
    /// best epoch, the epochs run, the time and the status (a failed trial shows its exception's message).
    /// </summary>
    public string ToTable()
    {
        var headers = Headers(text: true);
        var rows = Ranked.Select((t, rank) => Row(t, rank, text: true)).ToList();
        // Numbers right-aligned: rank, trial, numeric hyperparameters, objective, epochs, time; the status left.
        var right = headers.Select((_, c) => c < 2 || (c >= 2 + _names.Count && c < headers.Count - 1)
            || (c < 2 + _names.Count && Trials.All(t => !t.HyperParameters.TryGetValue(_names[c - 2], out var v) || IsNumber(v)))).ToList();
        return TextTable.Render(headers, rows, right);
    }

    /// <summary>The trials as CSV, best first, with exact (round-trip) numbers and the trial seeds: columns rank, trial,
    /// the hyperparameters, the objective (and "objective_std" in a cross-validated search), best_epoch, epochs,
    /// seconds, status, seed, error.</summary>
    public string ToCsv() => TextTable.Csv(Headers(text: false), [.. Ranked.Select((t, rank) => Row(t, rank, text: false))]);

    /// <summary>Writes <see cref="ToCsv"/> atomically (temporary file, flush, rename; see <see cref="AtomicFile"/>).</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public void SaveCsv(string path) => AtomicFile.WriteAllText(path, ToCsv());

    /// <summary>A one-line summary: trial counts and the best trial.</summary>
    public override string ToString()
    {
        int failed = Trials.Count(t => t.Status == TrialStatus.Failed);
        string best = Ranked.Count > 0 && Ranked[0].HasObjective ? $"; best: {Ranked[0]}" : "";
        return $"{_tuner}: {Trials.Count} trial(s), {failed} failed, objective '{Objective}' ({(Maximize ? "max" : "min")}){best}";
    }

    /// <summary>True when the trials were scored by cross-validation (the tables gain a std column).</summary>
    private bool CrossValidated => Trials.Any(t => t.CrossValidation is not null);

    private List<string> Headers(bool text)
    {
        List<string> objective = CrossValidated ? [Objective, text ? "std" : Objective + "_std"] : [Objective];
        return text ? ["rank", "trial", .. _names, .. objective, "best epoch", "epochs", "time (s)", "status"]
                    : ["rank", "trial", .. _names, .. objective, "best_epoch", "epochs", "seconds", "status", "seed", "error"];
    }

    private string[] Row(Trial t, int rank, bool text)
    {
        var inv = CultureInfo.InvariantCulture;
        var cells = new List<string> { (rank + 1).ToString(inv), t.Number.ToString(inv) };
        foreach (var name in _names)
            cells.Add(t.HyperParameters.TryGetValue(name, out var v) ? text ? HyperParameters.Format(v) : HyperParameters.FormatExact(v) : "");
        cells.Add(t.Status == TrialStatus.Failed ? (text ? "-" : "") : t.Objective.ToString(text ? "G6" : "R", inv));
        if (CrossValidated)
            cells.Add(t.Status == TrialStatus.Failed ? (text ? "-" : "") : t.ObjectiveStd.ToString(text ? "G6" : "R", inv));
        cells.Add(t.BestEpoch?.ToString(inv) ?? (text ? "-" : ""));
        cells.Add(t.EpochsRun.ToString(inv));
        cells.Add(t.Duration.TotalSeconds.ToString(text ? "0.00" : "R", inv));
        if (text)
            cells.Add(t.Status == TrialStatus.Failed ? $"failed: {FirstLine(t.Error?.Message)}" : "completed");
        else
        {
            cells.Add(t.Status == TrialStatus.Failed ? "failed" : "completed");
            cells.Add(t.Seed.ToString(inv));
            cells.Add(t.Error is null ? "" : $"{t.Error.GetType().Name}: {t.Error.Message}");
        }
        return [.. cells];
    }

    private static bool IsNumber(object value) => Type.GetTypeCode(value.GetType()) is >= TypeCode.SByte and <= TypeCode.Decimal;

    private static string FirstLine(string? message)
    {
        var line = (message ?? "").Split('\n')[0].TrimEnd();
        return line.Length <= 80 ? line : line[..77] + "...";
    }
}
