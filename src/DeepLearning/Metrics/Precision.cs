namespace DeepLearning.Metrics;

/// <summary>
/// Precision TP / (TP + FP) over all batches (Keras <c>Precision</c>; SEEDS M2), 0 when nothing was predicted
/// positive. An element counts as predicted positive when yPred &gt; <see cref="Threshold"/> and as a positive when
/// yTrue ≠ 0; yTrue and yPred have the same shape (up to a trailing axis of size 1), every element counts (labels of
/// a multi-label output too), and per-sample weights broadcast over the trailing axes.
/// </summary>
/// <remarks>With <see cref="TopK"/> only each row's k highest scores are predicted positive; with
/// <see cref="ClassId"/> only that class (last axis) is counted. For logits use threshold 0.</remarks>
public sealed class Precision : Metric
{
    private readonly MetricState _truePositives = new(Shape.Scalar);
    private readonly MetricState _falsePositives = new(Shape.Scalar);

    /// <summary>Creates the metric.</summary>
    /// <param name="threshold">The decision threshold in [0, 1] (default 0.5, or "any score" with topK).</param>
    /// <param name="topK">Count only each row's k highest scores as positive, or null.</param>
    /// <param name="classId">Count only this class of the last axis, or null.</param>
    /// <param name="name">The name (default <c>"precision"</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A threshold outside [0, 1], or topK &lt; 1.</exception>
    public Precision(double? threshold = null, int? topK = null, int? classId = null, string name = "precision") : base(name)
    {
        Threshold = ThresholdOptions.Resolve(name, threshold, topK);
        TopK = topK;
        ClassId = classId;
    }

    /// <summary>The decision threshold.</summary>
    public double Threshold { get; }

    /// <summary>k, or null.</summary>
    public int? TopK { get; }

    /// <summary>The class counted, or null for all.</summary>
    public int? ClassId { get; }

    /// <inheritdoc />
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricInputs.Check(Name, yTrue, yPred, sampleWeight);
        using var scope = TensorScope.Begin();
        using var noGrad = Tensor.NoGrad();
        var (tp, fp, _, _) = ConfusionCounts.AtThreshold(Name, yTrue, yPred, sampleWeight, Threshold, TopK, ClassId);
        _truePositives.Add(tp);
        _falsePositives.Add(fp);
    }

    /// <inheritdoc />
    public override double Result()
    {
        double tp = _truePositives.Read()[0], fp = _falsePositives.Read()[0];
        return tp + fp == 0 ? 0 : tp / (tp + fp);
    }

    /// <inheritdoc />
    public override void ResetState()
    {
        _truePositives.Reset();
        _falsePositives.Reset();
    }
}
