namespace DeepLearning.Losses;

/// <summary>
/// Categorical hinge loss for one-hot targets: ℓ = max(neg − pos + 1, 0) with pos = Σ y·ŷ and
/// neg = max((1 − y)·ŷ) over the last axis (Keras <c>CategoricalHinge</c>, a Crammer–Singer form). Same shapes
/// (…, classes); per-sample loss of shape (…). For the course notes' summed multi-class SVM loss see
/// <see cref="MulticlassHinge"/>.
/// </summary>
/// <param name="reduction">The reduction (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
/// <param name="name">The name (default <c>"categorical_hinge"</c>).</param>
public sealed class CategoricalHinge(LossReduction reduction = LossReduction.SumOverBatchSize, string name = "categorical_hinge")
    : Loss(name, reduction)
{
    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        LossChecks.SameShape(Name, yTrue, yPred);
        var pos = (yTrue * yPred).Sum(-1);
        var neg = ((1.0 - yTrue) * yPred).Max(-1);
        return (neg - pos + 1.0).Relu();
    }
}
