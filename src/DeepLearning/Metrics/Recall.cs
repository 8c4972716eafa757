namespace DeepLearning.Metrics;

/// <summary>
/// Recall TP / (TP + FN) over all batches (Keras <c>Recall</c>; SEEDS M2), 0 when there were no positives. Inputs,
/// thresholds, topK and classId as in <see cref="Precision"/>.
/// </summary>
public sealed class Recall : TruePositiveRatio
{
    /// <summary>Creates the metric.</summary>
    /// <param name="threshold">The decision threshold in [0, 1] (default 0.5, or "any score" with topK).</param>
    /// <param name="topK">Count only each row's k highest scores as positive, or null.</param>
    /// <param name="classId">Count only this class of the last axis, or null.</param>
    /// <param name="name">The name (default <c>"recall"</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A threshold outside [0, 1], or topK &lt; 1.</exception>
    public Recall(double? threshold = null, int? topK = null, int? classId = null, string name = "recall")
        : base(threshold, topK, classId, name)
    {
    }

    private protected override Tensor Misses(Tensor falsePositives, Tensor falseNegatives) => falseNegatives;
}
