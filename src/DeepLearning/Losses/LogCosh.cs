namespace DeepLearning.Losses;

/// <summary>
/// Log-cosh loss: ℓ = mean(ln cosh(yPred − yTrue), axis −1), computed stably as x + softplus(−2x) − ln 2
/// (Keras <c>LogCosh</c>). About x²/2 for small errors and |x| − ln 2 for large ones. Same shapes; per-sample loss
/// of shape (…).
/// </summary>
/// <param name="reduction">The reduction (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
/// <param name="name">The name (default <c>"log_cosh"</c>).</param>
public sealed class LogCosh(LossReduction reduction = LossReduction.SumOverBatchSize, string name = "log_cosh") : Loss(name, reduction)
{
    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        LossChecks.SameShape(Name, yTrue, yPred);
        var x = yPred - yTrue;
        return (x + (x * -2.0).Softplus() - Math.Log(2.0)).Mean(-1);
    }
}
