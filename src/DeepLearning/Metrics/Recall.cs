namespace DeepLearning.Metrics;

/// <summary>
/// Recall TP / (TP + FN) over all batches (Keras <c>Recall</c>; SEEDS M2), 0 when there were no positives. Inputs,
/// thresholds, topK and classId as in <see cref="Precision"/>.
/// </summary>
public sealed class Recall : Metric
{
    private readonly MetricState _truePositives = new(Shape.Scalar);
    private readonly MetricState _falseNegatives = new(Shape.Scalar);

    /// <summary>Creates the metric.</summary>
    /// <param name="threshold">The decision threshold in [0, 1] (default 0.5, or "any score" with topK).</param>
    /// <param name="topK">Count only each row's k highest scores as positive, or null.</param>
    /// <param name="classId">Count only this class of the last axis, or null.</param>
    /// <param name="name">The name (default <c>"recall"</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A threshold outside [0, 1], or topK &lt; 1.</exception>
    public Recall(double? threshold = null, int? topK = null, int? classId = null, string name = "recall") : base(name)
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
        var (tp, _, _, fn) = ConfusionCounts.AtThreshold(Name, yTrue, yPred, sampleWeight, Threshold, TopK, ClassId);
        _truePositives.Add(tp);
        _falseNegatives.Add(fn);
    }

    /// <inheritdoc />
    public override double Result()
    {
        double tp = _truePositives.Read()[0], fn = _falseNegatives.Read()[0];
        return tp + fn == 0 ? 0 : tp / (tp + fn);
    }

    /// <inheritdoc />
    public override void ResetState()
    {
        _truePositives.Reset();
        _falseNegatives.Reset();
    }
}
