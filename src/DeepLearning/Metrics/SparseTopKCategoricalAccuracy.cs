namespace DeepLearning.Metrics;

/// <summary>
/// Sparse top-k categorical accuracy: the fraction of samples whose integer label is among the k highest scores of
/// yPred (Keras <c>SparseTopKCategoricalAccuracy</c>; ties at the boundary count as in). yPred has shape
/// (…, classes); labels (…) or (…, 1); an out-of-range label counts as wrong.
/// </summary>
public sealed class SparseTopKCategoricalAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    /// <param name="k">How many top scores count (default 5, as Keras).</param>
    /// <param name="name">The name (default <c>"sparse_top_k_categorical_accuracy"</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 1.</exception>
    public SparseTopKCategoricalAccuracy(int k = 5, string name = "sparse_top_k_categorical_accuracy") : base(name) =>
        K = k >= 1 ? k : throw new ArgumentOutOfRangeException(nameof(k), k, $"{name}: k must be ≥ 1.");

    /// <summary>k.</summary>
    public int K { get; }

    /// <inheritdoc />
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        var labels = MetricInputs.SparseLabels(Name, yTrue, yPred);
        return TopK.InTopK(labels.DType == DType.Int32 ? labels : labels.Cast(DType.Int32), yPred, K);
    }
}
