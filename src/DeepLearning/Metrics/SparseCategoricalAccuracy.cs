namespace DeepLearning.Metrics;

/// <summary>
/// Sparse categorical accuracy: the fraction of samples with argmax(yPred) = label (Keras
/// <c>SparseCategoricalAccuracy</c>). yPred has shape (…, classes); the integer labels (int32, or whole floats) have
/// shape (…) or (…, 1). Labels are not range-checked (no host read-back): an out-of-range label counts as wrong.
/// </summary>
/// <param name="name">The name (default <c>"sparse_categorical_accuracy"</c>).</param>
public sealed class SparseCategoricalAccuracy(string name = "sparse_categorical_accuracy") : MeanMetricWrapper(name)
{
    /// <inheritdoc />
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        var labels = MetricInputs.SparseLabels(Name, yTrue, yPred);
        return MetricInputs.F64(labels).Eq(MetricInputs.F64(yPred.ArgMax(-1)));
    }
}
