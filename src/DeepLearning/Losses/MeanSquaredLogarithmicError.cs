namespace DeepLearning.Losses;

/// <summary>
/// Mean squared logarithmic error: ℓ = mean((ln(1 + max(yPred, ε)) − ln(1 + max(yTrue, ε)))², axis −1) with
/// ε = 1e-7 (Keras <c>MeanSquaredLogarithmicError</c>). Same shapes; per-sample loss of shape (…).
/// </summary>
/// <param name="reduction">The reduction (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
/// <param name="name">The name (default <c>"mean_squared_logarithmic_error"</c>).</param>
public sealed class MeanSquaredLogarithmicError(LossReduction reduction = LossReduction.SumOverBatchSize,
    string name = "mean_squared_logarithmic_error") : Loss(name, reduction)
{
    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        LossChecks.SameShape(Name, yTrue, yPred);
        var first = yPred.Clip(Epsilon, double.PositiveInfinity).Log1p();
        var second = yTrue.Clip(Epsilon, double.PositiveInfinity).Log1p();
        return (first - second).Square().Mean(-1);
    }
}
