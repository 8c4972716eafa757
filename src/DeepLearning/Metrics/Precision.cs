namespace DeepLearning.Metrics;

/// <summary>
/// Precision TP / (TP + FP) over all batches (Keras <c>Precision</c>; SEEDS M2), 0 when nothing was predicted
/// positive. An element counts as predicted positive when yPred &gt; <see cref="TruePositiveRatio.Threshold"/> and as a
/// positive when yTrue ≠ 0; yTrue and yPred have the same shape (up to a trailing axis of size 1), every element counts
/// (labels of a multi-label output too), and per-sample weights broadcast over the trailing axes.
/// </summary>
/// <remarks>With <see cref="TruePositiveRatio.TopK"/> only each row's k highest scores are predicted positive; with
/// <see cref="TruePositiveRatio.ClassId"/> only that class (last axis) is counted. For logits use threshold 0.</remarks>
public sealed class Precision : TruePositiveRatio
{
    /// <summary>Creates the metric.</summary>
    /// <param name="threshold">The decision threshold in [0, 1] (default 0.5, or "any score" with topK).</param>
    /// <param name="topK">Count only each row's k highest scores as positive, or null.</param>
    /// <param name="classId">Count only this class of the last axis, or null.</param>
    /// <param name="name">The name (default <c>"precision"</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A threshold outside [0, 1], or topK &lt; 1.</exception>
    public Precision(double? threshold = null, int? topK = null, int? classId = null, string name = "precision")
        : base(threshold, topK, classId, name)
    {
    }

    private protected override Tensor Misses(Tensor falsePositives, Tensor falseNegatives) => falsePositives;
}
