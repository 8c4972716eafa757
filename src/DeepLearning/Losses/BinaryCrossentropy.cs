namespace DeepLearning.Losses;

/// <summary>
/// Binary cross-entropy (log-loss) for 0/1 targets, averaged over <see cref="SmoothedCrossentropy.Axis"/> (Keras <c>BinaryCrossentropy</c>;
/// SEEDS LO1, LO4, LO10). yTrue and yPred have the same shape, e.g. (batch, 1) or (batch, labels) for multi-label;
/// the per-sample loss drops <see cref="SmoothedCrossentropy.Axis"/>.
/// </summary>
/// <remarks>
/// <para>With label smoothing s the targets become y·(1 − s) + s/2.</para>
/// <para>From probabilities (default): p is clipped to [ε, 1 − ε] with ε = 1e-7, then
/// ℓ = −(y ln p + (1 − y) ln(1 − p)) (Keras's TensorFlow backend). So p = 0 or 1 gives a finite loss (at most
/// −ln ε ≈ 16.118) and a zero gradient outside the clip range.</para>
/// <para>From logits (<c>fromLogits: true</c>, recommended): ℓ = softplus(x) − x·y = max(x, 0) − x·y + ln(1 + e^−|x|)
/// (tf.nn.sigmoid_cross_entropy_with_logits), exact and stable for any logit; ∂ℓ/∂x = σ(x) − y.
/// A Sigmoid-produced yPred with fromLogits: true raises a <see cref="Diagnostics"/> warning (see <see cref="Loss"/>).</para>
/// </remarks>
public sealed class BinaryCrossentropy : SmoothedCrossentropy
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">True when yPred holds logits rather than probabilities.</param>
    /// <param name="labelSmoothing">s in [0, 1]: targets y·(1 − s) + s/2.</param>
    /// <param name="axis">The axis averaged into the per-sample loss (default −1).</param>
    /// <param name="reduction">The reduction (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
    /// <param name="name">The name (default <c>"binary_crossentropy"</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">labelSmoothing is outside [0, 1].</exception>
    public BinaryCrossentropy(bool fromLogits = false, double labelSmoothing = 0, int axis = -1,
        LossReduction reduction = LossReduction.SumOverBatchSize, string name = "binary_crossentropy")
        : base(fromLogits, labelSmoothing, axis, reduction, name)
    {
    }

    /// <inheritdoc />
    protected override string? ActivationMeaningNotLogits => FromLogits ? "Sigmoid" : null;

    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        LossChecks.SameShape(Name, yTrue, yPred);
        var y = SmoothedTargets(yTrue, 2);
        Tensor elementwise;
        if (FromLogits)
        {
            elementwise = yPred.Softplus() - yPred * y;
        }
        else
        {
            var p = yPred.Clip(Epsilon, 1 - Epsilon);
            elementwise = -(y * p.Log() + (1.0 - y) * (1.0 - p).Log());
        }
        return elementwise.Mean(Axis);
    }
}
