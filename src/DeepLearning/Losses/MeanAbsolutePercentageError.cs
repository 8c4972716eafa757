namespace DeepLearning.Losses;

/// <summary>
/// Mean absolute percentage error: ℓ = 100·mean(|yTrue − yPred| / max(|yTrue|, ε), axis −1) with ε = 1e-7
/// (Keras <c>MeanAbsolutePercentageError</c>). Same shapes; per-sample loss of shape (…).
/// </summary>
/// <param name="reduction">The reduction (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
/// <param name="name">The name (default <c>"mean_absolute_percentage_error"</c>).</param>
public sealed class MeanAbsolutePercentageError(LossReduction reduction = LossReduction.SumOverBatchSize,
    string name = "mean_absolute_percentage_error") : Loss(name, reduction)
{
    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        LossChecks.SameShape(Name, yTrue, yPred);
        var denominator = yTrue.Abs().Clip(Epsilon, double.PositiveInfinity);
        return ((yTrue - yPred) / denominator).Abs().Mean(-1) * 100.0;
    }
}
