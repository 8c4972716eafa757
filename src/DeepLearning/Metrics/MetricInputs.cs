using DeepLearning.Losses;

namespace DeepLearning.Metrics;

/// <summary>Input checks and alignments shared by the metrics; messages name the metric and the shapes.</summary>
internal static class MetricInputs
{
    /// <summary>Null checks, and yTrue (and the sample weight) on yPred's device.</summary>
    public static void Check(string who, Tensor yTrue, Tensor yPred, Tensor? sampleWeight, bool floatingPrediction = true)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (floatingPrediction && !yPred.DType.IsFloating())
            throw new ArgumentException($"{who}: yPred must be floating (float32 or float64); got {yPred.DType} of shape {yPred.Shape}.", nameof(yPred));
        if (yTrue.Device != yPred.Device)
            throw new ArgumentException($"{who}: yTrue of shape {yTrue.Shape} is on {yTrue.Device}, yPred of shape {yPred.Shape} on {yPred.Device}.", nameof(yTrue));
        if (sampleWeight is not null && sampleWeight.Device != yPred.Device)
            throw new ArgumentException($"{who}: sampleWeight of shape {sampleWeight.Shape} is on {sampleWeight.Device}, yPred on {yPred.Device}.", nameof(sampleWeight));
    }

    /// <summary>Keras's squeeze/expand of a trailing size-1 axis, then equal shapes of rank ≥ 1.</summary>
    public static (Tensor YTrue, Tensor YPred) SameShape(string who, Tensor yTrue, Tensor yPred)
    {
        var (t, p) = RankAlignment.SqueezeOrExpand(yTrue, yPred);
        if (t.Shape != p.Shape || p.Rank == 0)
            throw new ArgumentException($"{who}: yTrue of shape {yTrue.Shape} does not match yPred of shape {yPred.Shape} " +
                "(they must be equal, of rank ≥ 1, up to a trailing axis of size 1).");
        return (t, p);
    }

    /// <summary>Integer-class labels for predictions of shape (…, classes): a trailing axis of size 1 is squeezed,
    /// and the rest must equal yPred's shape without the class axis.</summary>
    public static Tensor SparseLabels(string who, Tensor yTrue, Tensor yPred)
    {
        if (yPred.Rank == 0)
            throw new ArgumentException($"{who}: yPred must have shape (…, classes); got a scalar.");
        var labels = yTrue.Rank == yPred.Rank && yTrue.Shape[-1] == 1 ? yTrue.Squeeze(-1) : yTrue;
        var dims = yPred.Shape.ToArray();
        var batch = new Shape(dims.AsSpan(0, dims.Length - 1));
        if (labels.Shape != batch)
            throw new ArgumentException($"{who}: integer labels of shape {yTrue.Shape} do not match yPred of shape {yPred.Shape}; " +
                $"expected shape {batch} (or with a trailing 1).");
        return labels;
    }

    /// <summary>A sample weight cast to float64 and broadcast to <paramref name="target"/> with the sample axis first
    /// (a weight of lower rank gets trailing axes of size 1; a trailing size-1 axis beyond the target's rank is
    /// dropped), as Keras's confusion-matrix metrics line weights up.</summary>
    public static Tensor WeightFor(string who, Tensor sampleWeight, Shape target)
    {
        var w = sampleWeight.DType == DType.Float64 ? sampleWeight : sampleWeight.Cast(DType.Float64);
        while (w.Rank > target.Rank && w.Shape[-1] == 1) w = w.Squeeze(-1);
        return WeightedReduction.AlignWeight(who, w, target, "the predictions").Expand(target);
    }

    /// <summary>x cast to float64 (a no-op when it already is).</summary>
    public static Tensor F64(Tensor x) => x.DType == DType.Float64 ? x : x.Cast(DType.Float64);

    /// <summary>The axes from <paramref name="start"/> to the last.</summary>
    public static int[] AxesFrom(int start, int rank)
    {
        var axes = new int[Math.Max(rank - start, 0)];
        for (int i = 0; i < axes.Length; i++) axes[i] = start + i;
        return axes;
    }
}
