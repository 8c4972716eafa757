namespace DeepLearning.Losses;

/// <summary>
/// Kullback–Leibler divergence: ℓ = Σ y ln(y / ŷ) over the last axis, with y and ŷ clipped to [ε, 1], ε = 1e-7
/// (Keras <c>KLDivergence</c>; SEEDS LO8). Same shapes (…, classes); per-sample loss of shape (…). Zero
/// probabilities give finite values and gradients.
/// </summary>
/// <param name="reduction">The reduction (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
/// <param name="name">The name (default <c>"kl_divergence"</c>).</param>
public sealed class KLDivergence(LossReduction reduction = LossReduction.SumOverBatchSize, string name = "kl_divergence") : Loss(name, reduction)
{
    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        LossChecks.SameShape(Name, yTrue, yPred);
        var y = yTrue.Clip(Epsilon, 1);
        var p = yPred.Clip(Epsilon, 1);
        return (y * (y / p).Log()).Sum(-1);
    }
}
