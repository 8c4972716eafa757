namespace DeepLearning.Losses;

/// <summary>
/// Huber loss: with e = yPred − yTrue, ℓ = mean(½e² if |e| ≤ δ else δ|e| − ½δ², axis −1) (Keras <c>Huber</c>;
/// Huber 1964). Quadratic near zero, linear beyond δ. Same shapes; per-sample loss of shape (…).
/// </summary>
public sealed class Huber : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="delta">δ, where the loss turns from quadratic to linear (default 1, as Keras).</param>
    /// <param name="reduction">The reduction (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
    /// <param name="name">The name (default <c>"huber_loss"</c>, as Keras's class).</param>
    /// <exception cref="ArgumentOutOfRangeException">δ is not positive and finite.</exception>
    public Huber(double delta = 1.0, LossReduction reduction = LossReduction.SumOverBatchSize, string name = "huber_loss")
        : base(name, reduction) => Delta = LossChecks.Positive(name, nameof(delta), delta);

    /// <summary>δ.</summary>
    public double Delta { get; }

    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        LossChecks.SameShape(Name, yTrue, yPred);
        var error = yPred - yTrue;
        var absError = error.Abs();
        var quadratic = error.Square() * 0.5;
        var linear = absError * Delta - 0.5 * Delta * Delta;
        return Tensor.Where(absError <= Delta, quadratic, linear).Mean(-1);
    }
}
