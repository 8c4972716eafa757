using System.Globalization;

namespace DeepLearning.Tuning;

/// <summary>
/// The per-fold scores of <see cref="CrossValidation.KFold"/> and their mean and standard deviation (scikit-learn's
/// <c>cross_val_score</c> / <c>cross_validate</c>, reported as <c>scores.mean()</c> and <c>scores.std()</c>).
/// </summary>
public sealed class CrossValidationResult
{
    internal CrossValidationResult(IReadOnlyList<FoldResult> folds) => Folds = folds;

    /// <summary>One entry per fold, in fold order.</summary>
    public IReadOnlyList<FoldResult> Folds { get; }

    /// <summary>The score names every fold reported ("loss" and the compiled metrics), in log order.</summary>
    public IReadOnlyList<string> Keys => [.. Folds[0].Scores.Keys.Where(k => Folds.All(f => f.Scores.ContainsKey(k)))];

    /// <summary>The held-out score of every fold for one key (scikit-learn's <c>cross_val_score</c> array).</summary>
    /// <exception cref="KeyNotFoundException">A fold did not report the key; the message lists the keys.</exception>
    public IReadOnlyList<double> Scores(string key = "loss") =>
        [.. Folds.Select(f => f.Scores.TryGetValue(key, out var v) ? v
            : throw new KeyNotFoundException($"CrossValidationResult: fold {f.Fold} has no '{key}'. Keys: {string.Join(", ", Keys)}."))];

    /// <summary>The mean of <see cref="Scores"/>: Σ sᵢ / k.</summary>
    /// <exception cref="KeyNotFoundException">A fold did not report the key.</exception>
    public double Mean(string key = "loss") => Scores(key).Average();

    /// <summary>The standard deviation of <see cref="Scores"/>: √(Σ (sᵢ − mean)² / (k − correction)). The default
    /// correction 0 is NumPy's <c>np.std</c>, which scikit-learn reports; 1 gives the sample standard deviation.</summary>
    /// <exception cref="KeyNotFoundException">A fold did not report the key.</exception>
    /// <exception cref="ArgumentOutOfRangeException">correction is negative or not below the number of folds.</exception>
    public double Std(string key = "loss", int correction = 0)
    {
        var s = Scores(key);
        if (correction < 0 || correction >= s.Count)
            throw new ArgumentOutOfRangeException(nameof(correction), correction, $"CrossValidationResult.Std: correction must be in [0, {s.Count}).");
        double mean = s.Average();
        return Math.Sqrt(s.Sum(v => (v - mean) * (v - mean)) / (s.Count - correction));
    }

    /// <summary>An aligned table: one row per fold (sizes and every score), then the mean and the standard deviation.</summary>
    public string ToTable()
    {
        var inv = CultureInfo.InvariantCulture;
        var keys = Keys;
        List<string> headers = ["fold", "train", "validation", .. keys, "time (s)"];
        var rows = Folds.Select(f => (string[])[f.Fold.ToString(inv), f.Split.Train.Count.ToString(inv), f.Split.Validation.Count.ToString(inv),
            .. keys.Select(k => f.Scores[k].ToString("G6", inv)), f.Duration.TotalSeconds.ToString("0.00", inv)]).ToList();
        rows.Add(["mean", "", "", .. keys.Select(k => Mean(k).ToString("G6", inv)), ""]);
        rows.Add(["std", "", "", .. keys.Select(k => Std(k).ToString("G6", inv)), ""]);
        return TextTable.Render(headers, rows, [false, .. Enumerable.Repeat(true, headers.Count - 1)]);
    }

    /// <summary>"loss: mean ± std (k folds)" for every key.</summary>
    public override string ToString() => string.Join(", ",
        Keys.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k}: {Mean(k):G6} ± {Std(k):G6}"))) + $" ({Folds.Count} folds)";
}
