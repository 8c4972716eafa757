namespace DeepLearning.Losses;

/// <summary>
/// Mean squared error: ℓ = mean((yTrue − yPred)², axis −1), per sample (Keras <c>MeanSquaredError</c>;
/// SEEDS LO5). yTrue and yPred have the same shape (…, outputs); the per-sample loss has shape (…).
/// </summary>
/// <remarks>The course notes' ½‖y − t‖² (S2) is this loss times outputs/2; Keras's mean form is used here.</remarks>
/// <param name="reduction">The reduction (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
/// <param name="name">The name (default <c>"mean_squared_error"</c>).</param>
public sealed class MeanSquaredError(LossReduction reduction = LossReduction.SumOverBatchSize, string name = "mean_squared_error")
    : Loss(name, reduction)
{
    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        LossChecks.SameShape(Name, yTrue, yPred);
        return (yTrue - yPred).Square().Mean(-1);
    }
}
