namespace DeepLearning.Metrics;

/// <summary>
/// Categorical accuracy: the fraction of samples with argmax(yPred) = argmax(yTrue) over the last axis (Keras
/// <c>CategoricalAccuracy</c>), for one-hot targets and probabilities or logits of the same shape (…, classes).
/// </summary>
/// <param name="name">The name (default <c>"categorical_accuracy"</c>).</param>
public sealed class CategoricalAccuracy(string name = "categorical_accuracy") : MeanMetricWrapper(name)
{
    /// <inheritdoc />
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        if (yTrue.Shape != yPred.Shape || yPred.Rank == 0)
            throw new ArgumentException($"{Name}: one-hot yTrue of shape {yTrue.Shape} must have yPred's shape {yPred.Shape} (…, classes).");
        return yTrue.ArgMax(-1).Eq(yPred.ArgMax(-1));
    }
}
