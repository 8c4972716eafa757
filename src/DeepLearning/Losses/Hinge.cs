namespace DeepLearning.Losses;

/// <summary>
/// Hinge loss for ±1 targets: ℓ = mean(max(1 − y·ŷ, 0), axis −1) (Keras <c>Hinge</c>; SEEDS LO7, §5.15, margin 1).
/// Same shapes; per-sample loss of shape (…). When every target of the batch is 0 or 1 they are mapped to −1/+1
/// (2y − 1), as Keras does; the check runs on the device, without a host read-back.
/// </summary>
/// <param name="reduction">The reduction (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
/// <param name="name">The name (default <c>"hinge"</c>).</param>
public sealed class Hinge(LossReduction reduction = LossReduction.SumOverBatchSize, string name = "hinge") : Loss(name, reduction)
{
    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        LossChecks.SameShape(Name, yTrue, yPred);
        return (1.0 - HingeLabels.ToPlusMinusOne(yTrue) * yPred).Relu().Mean(-1);
    }
}
