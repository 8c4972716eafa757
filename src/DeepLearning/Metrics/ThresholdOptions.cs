namespace DeepLearning.Metrics;

/// <summary>Keras's <c>parse_init_thresholds</c> for one threshold.</summary>
internal static class ThresholdOptions
{
    /// <summary>The given threshold (checked to lie in [0, 1]), else 0.5, or NEG_INF with topK.</summary>
    public static double Resolve(string who, double? threshold, int? topK)
    {
        if (topK is < 1) throw new ArgumentOutOfRangeException(nameof(topK), topK, $"{who}: topK must be ≥ 1.");
        if (threshold is double t && !(t >= 0 && t <= 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), t, $"{who}: the threshold must be in [0, 1].");
        return threshold ?? (topK is null ? 0.5 : ConfusionCounts.NegativeInfinity);
    }
}
