namespace DeepLearning.Losses;

/// <summary>
/// Squared hinge loss for ±1 targets: ℓ = mean(max(1 − y·ŷ, 0)², axis −1) (Keras <c>SquaredHinge</c>). 0/1 targets
/// are mapped to −1/+1 as in <see cref="Hinge"/>. Same shapes; per-sample loss of shape (…).
/// </summary>
/// <param name="reduction">The reduction (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
/// <param name="name">The name (default <c>"squared_hinge"</c>).</param>
public sealed class SquaredHinge(LossReduction reduction = LossReduction.SumOverBatchSize, string name = "squared_hinge") : Loss(name, reduction)
{
    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        LossChecks.SameShape(Name, yTrue, yPred);
        return (1.0 - HingeLabels.ToPlusMinusOne(yTrue) * yPred).Relu().Square().Mean(-1);
    }
}
