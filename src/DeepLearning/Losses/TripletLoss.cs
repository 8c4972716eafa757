namespace DeepLearning.Losses;

/// <summary>
/// The triplet loss of FaceNet (Schroff et al. 2015; SEEDS LO11, LO12): ℓ = max(‖f(A) − f(P)‖² − ‖f(A) − f(N)‖² + α, 0)
/// for an anchor A, a positive P (same identity) and a negative N, with squared Euclidean distances over the
/// embedding axis (the notes' J = Σ ℒ is the <see cref="LossReduction.Sum"/> reduction; the default averages).
/// </summary>
/// <remarks>
/// yPred holds the three embeddings stacked on its second-to-last axis: shape (…, 3, d) in the order anchor,
/// positive, negative (e.g. a model that embeds the three images and stacks the results); yTrue is ignored (pass
/// any tensor, e.g. the predictions themselves). The per-sample loss has shape (…). <see cref="CallTriplets"/> takes
/// the three embeddings separately. Keras has no built-in triplet loss.
/// </remarks>
public sealed class TripletLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="margin">α (default 0.2, as FaceNet and the deeplearning.ai assignment).</param>
    /// <param name="reduction">The reduction (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
    /// <param name="name">The name (default <c>"triplet_loss"</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">α is not positive and finite.</exception>
    public TripletLoss(double margin = 0.2, LossReduction reduction = LossReduction.SumOverBatchSize, string name = "triplet_loss")
        : base(name, reduction) => Margin = LossChecks.Positive(name, nameof(margin), margin);

    /// <summary>α.</summary>
    public double Margin { get; }

    /// <summary>The loss of separate anchor, positive and negative embeddings, each of shape (…, d).</summary>
    /// <param name="anchor">f(A).</param>
    /// <param name="positive">f(P).</param>
    /// <param name="negative">f(N).</param>
    /// <param name="sampleWeight">Optional per-triplet weights.</param>
    /// <exception cref="ArgumentException">The three shapes differ.</exception>
    public Tensor CallTriplets(Tensor anchor, Tensor positive, Tensor negative, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentNullException.ThrowIfNull(negative);
        if (anchor.Shape != positive.Shape || anchor.Shape != negative.Shape || anchor.Rank == 0)
            throw new ArgumentException($"{Name}: anchor {anchor.Shape}, positive {positive.Shape} and negative {negative.Shape} must share one shape (…, d).");
        var stacked = Tensor.Stack([anchor, positive, negative], axis: -2);
        return Call(stacked, stacked, sampleWeight);
    }

    /// <inheritdoc />
    protected override bool UsesLabels => false;

    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        if (yPred.Rank < 2 || yPred.Shape[-2] != 3)
            throw new ArgumentException($"{Name}: yPred must have shape (…, 3, d) holding anchor, positive and negative embeddings; got {yPred.Shape}.");
        var anchor = yPred.Select(-2, 0);
        var positive = (anchor - yPred.Select(-2, 1)).Square().Sum(-1);
        var negative = (anchor - yPred.Select(-2, 2)).Square().Sum(-1);
        return (positive - negative + Margin).Relu();
    }
}
