namespace DeepLearning.Metrics;

/// <summary>
/// Keras's <c>update_confusion_matrix_variables</c> (keras/src/metrics/metrics_utils.py) at one threshold: weighted
/// true/false positives/negatives of a batch as float64 scalar tensors, without a host read-back.
/// </summary>
internal static class ConfusionCounts
{
    /// <summary>Keras's NEG_INF, the default threshold with top-k (only the top-k scores are above it).</summary>
    public const double NegativeInfinity = -1e10;

    /// <summary>
    /// Counts for one threshold: an element is predicted positive when yPred &gt; threshold, and is a positive
    /// when yTrue ≠ 0. With <paramref name="topK"/> only each row's k highest scores can be positive; with
    /// <paramref name="classId"/> only that class (the last axis) is counted.
    /// </summary>
    public static (Tensor TruePositives, Tensor FalsePositives, Tensor TrueNegatives, Tensor FalseNegatives) AtThreshold(
        string who, Tensor yTrue, Tensor yPred, Tensor? sampleWeight, double threshold, int? topK, int? classId)
    {
        var (p, t) = Losses.RankAlignment.SqueezeOrExpand(MetricInputs.F64(yPred), MetricInputs.F64(yTrue));
        if (p.Shape != t.Shape)
            throw new ArgumentException($"{who}: yTrue of shape {yTrue.Shape} does not match yPred of shape {yPred.Shape} " +
                "(they must be equal, up to a trailing axis of size 1).");
        var w = sampleWeight is null ? null : MetricInputs.WeightFor(who, sampleWeight, p.Shape);
        if (topK is int k)
        {
            if (p.Rank == 0 || k > p.Shape[-1])
                throw new ArgumentException($"{who}: topK {k} needs yPred of shape (…, classes ≥ {k}); got {yPred.Shape}.");
            p = FilterTopK(p, k);
        }
        if (classId is int c)
        {
            if (p.Rank < 2)
                throw new ArgumentException($"{who}: classId needs yPred of shape (samples, classes); got {yPred.Shape}.");
            if (c < 0 || c >= p.Shape[-1])
                throw new ArgumentOutOfRangeException(nameof(classId), c, $"{who}: classId must be in [0, {p.Shape[-1]}) for yPred of shape {yPred.Shape}.");
            p = p.Narrow(-1, c, 1);
            t = t.Narrow(-1, c, 1);
            w = w?.Narrow(-1, c, 1);
        }
        var predictedPositive = p > threshold;
        var positive = t.Ne(0.0);
        var negative = 1.0 - positive;
        var predictedNegative = 1.0 - predictedPositive;
        if (w is not null)
        {
            positive = positive * w;
            negative = negative * w;
        }
        return ((positive * predictedPositive).Sum(), (negative * predictedPositive).Sum(),
            (negative * predictedNegative).Sum(), (positive * predictedNegative).Sum());
    }

    /// <summary>Keras's <c>_filter_top_k</c>: keeps each row's k highest values and sets the rest to NEG_INF.</summary>
    private static Tensor FilterTopK(Tensor x, int k)
    {
        var (_, indices) = x.TopK(k);
        var keep = Tensor.OneHot(indices, x.Shape[-1], x.DType).Sum(-2);
        return x * keep + (1.0 - keep) * NegativeInfinity;
    }
}
