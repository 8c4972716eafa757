namespace DeepLearning.Losses;

/// <summary>
/// The triplet loss with online batch-hard mining (Hermans, Beyer and Leibe 2017, "In Defense of the Triplet Loss for
/// Person Re-Identification", §2): every example of the batch is an anchor a, its hardest positive is the farthest
/// example with the same label and its hardest negative the closest with another label:
/// ℓ_a = max(max_{p: y_p = y_a, p ≠ a} D(a, p) − min_{n: y_n ≠ y_a} D(a, n) + α, 0), with D the squared Euclidean
/// distance between embeddings (as <see cref="TripletLoss"/> and FaceNet), or with <see cref="MinedTripletLoss.Squared"/> false the
/// Euclidean distance √max(D², 10⁻¹²), which Hermans et al. found to train more stably (§4): the squared distance's
/// gradient vanishes as embeddings approach each other, so batch-hard mining can collapse every embedding to one point. The triplets are mined inside each batch,
/// so the loss trains an embedding model with <c>Fit(images, labels)</c>.
/// </summary>
/// <remarks>yTrue: (N) or (N, 1) class labels; yPred: (N, d) embeddings; the per-anchor loss has shape (N). An anchor
/// whose label is alone in the batch has no positive (its term is max(α − min D(a, n), 0)); an anchor with no
/// negative (a one-label batch) contributes max(max D(a, p) + α − 10⁹, 0) = 0. Batches of several examples per class
/// (random batches of 64 or more from 10 classes, or P×K sampling) make every anchor count.</remarks>
public sealed class BatchHardTripletLoss : MinedTripletLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="margin">α (default 0.2, as FaceNet and <see cref="TripletLoss"/>); positive and finite.</param>
    /// <param name="reduction">The reduction over anchors (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
    /// <param name="name">The name (default <c>"batch_hard_triplet_loss"</c>).</param>
    /// <param name="squared">Whether D is the squared Euclidean distance (default) or the Euclidean distance.</param>
    /// <exception cref="ArgumentOutOfRangeException">α is not positive and finite.</exception>
    public BatchHardTripletLoss(double margin = 0.2, LossReduction reduction = LossReduction.SumOverBatchSize, string name = "batch_hard_triplet_loss",
        bool squared = true)
        : base(margin, reduction, name, squared)
    {
    }

    /// <summary>The squared Euclidean distances D_ij = ‖e_i‖² + ‖e_j‖² − 2·e_i·e_j, clamped at 0.</summary>
    /// <param name="embeddings">(N, d).</param>
    /// <returns>(N, N).</returns>
    /// <exception cref="ArgumentException">Embeddings that are not rank 2.</exception>
    public static Tensor PairwiseSquaredDistances(Tensor embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.Rank != 2) throw new ArgumentException($"PairwiseSquaredDistances: expects (N, d) embeddings; got {embeddings.Shape}.");
        var norms = embeddings.Square().Sum(-1, keepDims: true);
        return (norms + norms.Transpose(0, 1) - embeddings.MatMul(embeddings.Transpose(0, 1)) * 2).Relu();
    }

    /// <inheritdoc />
    protected override Tensor ComputeFromDistances(Tensor distances, Tensor sameLabel)
    {
        var positives = sameLabel - Tensor.Eye(distances.Shape[0], dtype: distances.DType, device: distances.Device);
        var hardestPositive = (distances * positives).Max(-1);
        var hardestNegative = (distances + sameLabel * 1e9).Min(-1);
        return (hardestPositive - hardestNegative + Margin).Relu();
    }
}
