namespace DeepLearning.Metrics;

/// <summary>
/// The base of <see cref="Precision"/> and <see cref="Recall"/>: TP / (TP + M) over all batches, where the missed count
/// M is FP for precision and FN for recall, and 0 when TP + M = 0. An element counts as predicted positive when
/// yPred &gt; <see cref="Threshold"/> and as a positive when yTrue ≠ 0; yTrue and yPred have the same shape (up to a
/// trailing axis of size 1), every element counts (labels of a multi-label output too), and per-sample weights
/// broadcast over the trailing axes. Its constructor is not accessible outside the library.
/// </summary>
/// <remarks>With <see cref="TopK"/> only each row's k highest scores are predicted positive; with
/// <see cref="ClassId"/> only that class (last axis) is counted. For logits use threshold 0.</remarks>
public abstract class TruePositiveRatio : Metric
{
    private readonly MetricState _truePositives = new(Shape.Scalar);
    private readonly MetricState _misses = new(Shape.Scalar);

    /// <summary>Validates and stores the threshold options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A threshold outside [0, 1], or topK &lt; 1.</exception>
    internal override IEnumerable<MetricState> States => [_truePositives, _misses];

    private protected TruePositiveRatio(double? threshold, int? topK, int? classId, string name) : base(name)
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

    /// <summary>The count TP is set against: FP (precision) or FN (recall) of the batch.</summary>
    private protected abstract Tensor Misses(Tensor falsePositives, Tensor falseNegatives);

    /// <inheritdoc />
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricInputs.Check(Name, yTrue, yPred, sampleWeight);
        using var scope = TensorScope.Begin();
        using var noGrad = Tensor.NoGrad();
        var (tp, fp, _, fn) = ConfusionCounts.AtThreshold(Name, yTrue, yPred, sampleWeight, Threshold, TopK, ClassId);
        _truePositives.Add(tp);
        _misses.Add(Misses(fp, fn));
    }

    /// <inheritdoc />
    public override double Result()
    {
        double tp = _truePositives.Read()[0], misses = _misses.Read()[0];
        return tp + misses == 0 ? 0 : tp / (tp + misses);
    }

    /// <inheritdoc />
    public override void ResetState()
    {
        _truePositives.Reset();
        _misses.Reset();
    }
}
