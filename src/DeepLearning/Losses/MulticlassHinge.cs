namespace DeepLearning.Losses;

/// <summary>
/// The multi-class SVM (Weston–Watkins) hinge loss of the course notes (SEEDS LO7, §5.15; CS231n):
/// ℓ = Σ_{j ≠ o} max(0, s_j − s_o + Δ), with o the true class of the one-hot yTrue and s the scores (a linear
/// output). Same shapes (…, classes); per-sample loss of shape (…). Keras has no such loss; its
/// <see cref="CategoricalHinge"/> takes the max over j instead of the sum.
/// </summary>
public sealed class MulticlassHinge : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="margin">Δ (default 1, as S3 and CS231n).</param>
    /// <param name="reduction">The reduction (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
    /// <param name="name">The name (default <c>"multiclass_hinge"</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">Δ is not positive and finite.</exception>
    public MulticlassHinge(double margin = 1.0, LossReduction reduction = LossReduction.SumOverBatchSize, string name = "multiclass_hinge")
        : base(name, reduction) => Margin = LossChecks.Positive(name, nameof(margin), margin);

    /// <summary>Δ.</summary>
    public double Margin { get; }

    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        LossChecks.SameShape(Name, yTrue, yPred);
        var trueScore = (yTrue * yPred).Sum(-1, keepDims: true);
        return ((yPred - trueScore + Margin).Relu() * (1.0 - yTrue)).Sum(-1);
    }
}
