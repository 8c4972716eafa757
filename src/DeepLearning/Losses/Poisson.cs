namespace DeepLearning.Losses;

/// <summary>
/// Poisson loss: ℓ = mean(ŷ − y ln(ŷ + ε), axis −1), ε = 1e-7 (Keras <c>Poisson</c>), for count targets and
/// non-negative predicted rates. Same shapes; per-sample loss of shape (…).
/// </summary>
/// <param name="reduction">The reduction (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
/// <param name="name">The name (default <c>"poisson"</c>).</param>
public sealed class Poisson(LossReduction reduction = LossReduction.SumOverBatchSize, string name = "poisson") : Loss(name, reduction)
{
    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        LossChecks.SameShape(Name, yTrue, yPred);
        return (yPred - yTrue * (yPred + Epsilon).Log()).Mean(-1);
    }
}
