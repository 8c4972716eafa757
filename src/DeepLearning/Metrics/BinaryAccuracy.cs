namespace DeepLearning.Metrics;

/// <summary>
/// Binary accuracy: the fraction of elements with [yPred &gt; threshold] = yTrue (Keras <c>BinaryAccuracy</c>), for
/// 0/1 targets and probabilities (threshold 0.5) or logits (threshold 0). Shapes match up to a trailing axis of size 1,
/// e.g. labels (batch) with predictions (batch, 1).
/// </summary>
public sealed class BinaryAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    /// <param name="threshold">A prediction above it counts as 1 (default 0.5).</param>
    /// <param name="name">The name (default <c>"binary_accuracy"</c>).</param>
    /// <exception cref="ArgumentException">The threshold is NaN.</exception>
    public BinaryAccuracy(double threshold = 0.5, string name = "binary_accuracy") : base(name) =>
        Threshold = double.IsNaN(threshold) ? throw new ArgumentException($"{name}: the threshold is NaN.", nameof(threshold)) : threshold;

    /// <summary>The decision threshold.</summary>
    public double Threshold { get; }

    /// <inheritdoc />
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = MetricInputs.SameShape(Name, yTrue.DType == yPred.DType ? yTrue : yTrue.Cast(yPred.DType), yPred);
        return t.Eq(p > Threshold);
    }
}
