namespace DeepLearning.Losses;

/// <summary>
/// Categorical cross-entropy for one-hot (or soft) targets: ℓ = −Σₖ yₖ ln pₖ over the class <see cref="SmoothedCrossentropy.Axis"/>
/// (Keras <c>CategoricalCrossentropy</c>; SEEDS LO2, LO4). yTrue and yPred have the same shape (…, classes); the
/// per-sample loss drops the class axis.
/// </summary>
/// <remarks>
/// <para>With label smoothing s over K classes the targets become y·(1 − s) + s/K.</para>
/// <para>From probabilities (default): p is renormalised to sum to 1 along the class axis, clipped to [ε, 1 − ε]
/// with ε = 1e-7, then ℓ = −Σ y ln p (Keras's backends). So a probability of 0 or 1 gives a finite loss and gradient.</para>
/// <para>From logits (<c>fromLogits: true</c>, recommended): ℓ = −Σ y·log_softmax(x), with log_softmax computed as
/// x − max − ln Σ e^(x − max), exact and stable for any logits; ∂ℓ/∂x = softmax(x)·Σy − y.
/// A Softmax-produced yPred with fromLogits: true raises a <see cref="Diagnostics"/> warning (see <see cref="Loss"/>),
/// and so does a class axis of size 1 (use <see cref="BinaryCrossentropy"/>), as Keras warns.</para>
/// </remarks>
public sealed class CategoricalCrossentropy : SmoothedCrossentropy
{
    private bool _warnedSingleClass;

    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">True when yPred holds logits rather than probabilities.</param>
    /// <param name="labelSmoothing">s in [0, 1]: targets y·(1 − s) + s/K.</param>
    /// <param name="axis">The class axis (default −1).</param>
    /// <param name="reduction">The reduction (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
    /// <param name="name">The name (default <c>"categorical_crossentropy"</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">labelSmoothing is outside [0, 1].</exception>
    public CategoricalCrossentropy(bool fromLogits = false, double labelSmoothing = 0, int axis = -1,
        LossReduction reduction = LossReduction.SumOverBatchSize, string name = "categorical_crossentropy")
        : base(fromLogits, labelSmoothing, axis, reduction, name)
    {
    }

    /// <inheritdoc />
    protected override string? ActivationMeaningNotLogits => FromLogits ? "Softmax" : null;

    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        LossChecks.SameShape(Name, yTrue, yPred);
        int axis = yPred.Shape.NormalizeAxis(Axis, Name);
        int classes = yPred.Shape[axis];
        if (classes == 1 && !_warnedSingleClass)
        {
            _warnedSingleClass = true;
            Warn($"expected yPred of shape (batch, classes) with classes > 1; got {yPred.Shape}. Use binary_crossentropy for two classes.");
        }
        var y = SmoothedTargets(yTrue, classes);
        return -(y * CrossEntropyMath.LogProbabilities(yPred, axis, FromLogits)).Sum(axis);
    }
}
