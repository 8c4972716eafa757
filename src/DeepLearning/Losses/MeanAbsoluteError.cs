namespace DeepLearning.Losses;

/// <summary>
/// Mean absolute error: ℓ = mean(|yTrue − yPred|, axis −1) (Keras <c>MeanAbsoluteError</c>; SEEDS LO6). Same shapes;
/// per-sample loss of shape (…). The gradient at yPred = yTrue is 0 (sign(0)).
/// </summary>
/// <param name="reduction">The reduction (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
/// <param name="name">The name (default <c>"mean_absolute_error"</c>).</param>
public sealed class MeanAbsoluteError(LossReduction reduction = LossReduction.SumOverBatchSize, string name = "mean_absolute_error")
    : Loss(name, reduction)
{
    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        LossChecks.SameShape(Name, yTrue, yPred);
        return (yTrue - yPred).Abs().Mean(-1);
    }
}
