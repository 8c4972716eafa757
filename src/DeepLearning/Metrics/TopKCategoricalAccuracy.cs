namespace DeepLearning.Metrics;

/// <summary>
/// Top-k categorical accuracy: the fraction of samples whose true class (argmax of the one-hot yTrue) is among the k
/// highest scores of yPred (Keras <c>TopKCategoricalAccuracy</c>, tf.math.in_top_k: ties at the boundary count as in).
/// yTrue and yPred have the same shape (…, classes).
/// </summary>
public sealed class TopKCategoricalAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    /// <param name="k">How many top scores count (default 5, as Keras).</param>
    /// <param name="name">The name (default <c>"top_k_categorical_accuracy"</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 1.</exception>
    public TopKCategoricalAccuracy(int k = 5, string name = "top_k_categorical_accuracy") : base(name) =>
        K = k >= 1 ? k : throw new ArgumentOutOfRangeException(nameof(k), k, $"{name}: k must be ≥ 1.");

    /// <summary>k.</summary>
    public int K { get; }

    /// <inheritdoc />
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        if (yTrue.Shape != yPred.Shape || yPred.Rank == 0)
            throw new ArgumentException($"{Name}: one-hot yTrue of shape {yTrue.Shape} must have yPred's shape {yPred.Shape} (…, classes).");
        return TopK.InTopK(yTrue.ArgMax(-1), yPred, K);
    }
}
