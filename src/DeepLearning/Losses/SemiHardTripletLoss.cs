namespace DeepLearning.Losses;

/// <summary>
/// The triplet loss with online semi-hard negative mining (Schroff, Kalenichenko and Philbin 2015, "FaceNet", §3.2),
/// computed as TensorFlow Addons' <c>tfa.losses.TripletSemiHardLoss</c> (tensorflow_addons/losses/triplet.py,
/// <c>triplet_semihard_loss</c>): every pair (a, p) of distinct examples with one label is a triplet's anchor and
/// positive; its negative is the closest other-label example n that is farther from a than p is,
/// S(a, p) = min{D(a, n) : y_n ≠ y_a, D(a, n) &gt; D(a, p)}, or, where no such n exists, the farthest other-label
/// example, S(a, p) = max{D(a, n) : y_n ≠ y_a}. The loss is the mean over the |P| positive pairs,
/// L = (1/|P|)·Σ_{(a,p): y_p = y_a, p ≠ a} max(D(a, p) − S(a, p) + α, 0), with D the squared Euclidean distance
/// between embeddings (TFA's default <c>"L_2"</c>), or with <see cref="MinedTripletLoss.Squared"/> false the
/// Euclidean distance √max(D², 10⁻¹²). Triplets are mined inside each batch, so the loss trains an embedding model with
/// <c>Fit(images, labels)</c>. Unlike <see cref="BatchHardTripletLoss"/> it does not pick negatives closer to the anchor
/// than the positive (the hardest ones, on noisy classes often near-duplicates of the anchor): FaceNet found that the
/// hardest negatives lead to bad local minima early in training, a collapsed model (§3.2).
/// </summary>
/// <remarks>
/// <para>yTrue: (N) or (N, 1) class labels; yPred: (N, d) embeddings, best scaled to unit length (as TFA and FaceNet
/// ask), so that distances and the margin have a fixed scale. The per-anchor loss has shape (N):
/// ℓ_a = (N/|P|)·Σ_p max(D(a, p) − S(a, p) + α, 0), so that the default <see cref="LossReduction.SumOverBatchSize"/>
/// (the mean over anchors) is TFA's value L; with K examples of each label in the batch (P×K sampling) ℓ_a is the
/// mean over a's K − 1 positives.</para>
/// <para>Edge cases as TFA: an anchor without negatives (a one-label batch) uses S = min_n D(a, n) = D(a, a) (0, or
/// 10⁻⁶ for Euclidean distances), so its pairs cost D(a, p) + α; an anchor alone with its label has no positive pair
/// and contributes 0. Where the batch has no positive pair at all the loss is 0 (TFA divides 0 by 0). The batch is compared in an (N, N, N) tensor: memory
/// grows as N³ (8 MB of float32 per intermediate at N = 128).</para>
/// </remarks>
public sealed class SemiHardTripletLoss : MinedTripletLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="margin">α (default 1.0, as TFA); positive and finite.</param>
    /// <param name="reduction">The reduction over anchors (default <see cref="LossReduction.SumOverBatchSize"/>, which
    /// gives TFA's mean over positive pairs).</param>
    /// <param name="name">The name (default <c>"triplet_semihard_loss"</c>).</param>
    /// <param name="squared">Whether D is the squared Euclidean distance (default, TFA's <c>"L_2"</c>) or the
    /// Euclidean distance.</param>
    /// <exception cref="ArgumentOutOfRangeException">α is not positive and finite.</exception>
    public SemiHardTripletLoss(double margin = 1.0, LossReduction reduction = LossReduction.SumOverBatchSize,
        string name = "triplet_semihard_loss", bool squared = true)
        : base(margin, reduction, name, squared)
    {
    }

    /// <inheritdoc />
    protected override Tensor ComputeFromDistances(Tensor distances, Tensor sameLabel)
    {
        int n = distances.Shape[0];
        var negatives = 1.0 - sameLabel;
        var positives = sameLabel - Tensor.Eye(n, dtype: distances.DType, device: distances.Device);

        // farther[a, p, n] = [y_n ≠ y_a and D(a, n) > D(a, p)]: the candidates for the semi-hard negative of (a, p).
        var toNegative = distances.Unsqueeze(1);                                    // (N, 1, N): D(a, n)
        var farther = negatives.Unsqueeze(1) * (toNegative > distances.Unsqueeze(2));
        var semiHard = MaskedMinimum(toNegative, farther);                          // (N, N)
        var hasSemiHard = farther.Max(-1);                                          // (N, N): 1 where a candidate exists
        var easiest = MaskedMaximum(distances, negatives);                          // (N, 1): max D(a, n)
        var chosen = Tensor.Where(hasSemiHard, semiHard, easiest);
        var perPair = (distances - chosen + Margin).Relu() * positives;
        var pairs = Tensor.Maximum(positives.Sum(), Tensor.Scalar(1.0, distances.DType, distances.Device));
        return perPair.Sum(-1) * (n / pairs);
    }

    /// <summary>TFA's <c>_masked_minimum</c> over the last axis: min{x_j : m_j = 1}, computed as
    /// min_j((x_j − max x)·m_j) + max x (max x where the mask is empty).</summary>
    private static Tensor MaskedMinimum(Tensor data, Tensor mask)
    {
        var top = data.Max(-1, keepDims: true);
        return ((data - top) * mask).Min(-1) + top.Squeeze(-1);
    }

    /// <summary>TFA's <c>_masked_maximum</c> over the last axis: max{x_j : m_j = 1}, computed as
    /// max_j((x_j − min x)·m_j) + min x (min x where the mask is empty); keeps the axis.</summary>
    private static Tensor MaskedMaximum(Tensor data, Tensor mask)
    {
        var bottom = data.Min(-1, keepDims: true);
        return ((data - bottom) * mask).Max(-1, keepDims: true) + bottom;
    }
}
