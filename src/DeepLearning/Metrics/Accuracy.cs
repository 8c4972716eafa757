namespace DeepLearning.Metrics;

/// <summary>
/// Exact-match accuracy: the fraction of elements with yPred = yTrue (Keras <c>Accuracy</c>), for predictions that are
/// already labels. yTrue is cast to yPred's dtype; the shapes must match (up to a trailing axis of size 1). For
/// probabilities or scores use <see cref="BinaryAccuracy"/>, <see cref="CategoricalAccuracy"/> or
/// <see cref="SparseCategoricalAccuracy"/>, or <see cref="Metric.Accuracy"/> to pick one from the shapes.
/// </summary>
/// <param name="name">The name (default <c>"accuracy"</c>).</param>
public sealed class Accuracy(string name = "accuracy") : MeanMetricWrapper(name)
{
    /// <inheritdoc />
    protected override bool RequiresFloatingPrediction => false;

    /// <inheritdoc />
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = MetricInputs.SameShape(Name, yTrue.DType == yPred.DType ? yTrue : yTrue.Cast(yPred.DType), yPred);
        return t.Eq(p);
    }
}
