namespace DeepLearning.Losses;

/// <summary>
/// The base of the triplet losses that mine their triplets online, inside each batch of labelled embeddings
/// (<see cref="BatchHardTripletLoss"/>, <see cref="SemiHardTripletLoss"/>): it checks the inputs, computes the pairwise
/// distances D and the same-label mask of the batch and holds the margin α; a subclass chooses the triplets in
/// <see cref="ComputeFromDistances"/>. Such a loss trains an embedding model with <c>Fit(images, labels)</c>.
/// </summary>
/// <remarks>yTrue: (N) or (N, 1) class labels; yPred: (N, d) embeddings; the per-anchor loss has shape (N). D is the
/// squared Euclidean distance (<see cref="BatchHardTripletLoss.PairwiseSquaredDistances"/>) or, with
/// <see cref="Squared"/> false, the Euclidean distance √max(D², 10⁻¹²).</remarks>
public abstract class MinedTripletLoss : Loss
{
    /// <summary>Checks α and sets the name, reduction and distance.</summary>
    /// <param name="margin">α; positive and finite.</param>
    /// <param name="reduction">The reduction over anchors.</param>
    /// <param name="name">The name.</param>
    /// <param name="squared">Whether D is the squared Euclidean distance or the Euclidean distance.</param>
    /// <exception cref="ArgumentOutOfRangeException">α is not positive and finite.</exception>
    protected MinedTripletLoss(double margin, LossReduction reduction, string name, bool squared)
        : base(name, reduction)
    {
        Margin = LossChecks.Positive(name, nameof(margin), margin);
        Squared = squared;
    }

    /// <summary>α.</summary>
    public double Margin { get; }

    /// <summary>True: D is the squared Euclidean distance; false: the Euclidean distance.</summary>
    public bool Squared { get; }

    /// <inheritdoc />
    protected override bool AlignsRanks => false;

    /// <summary>The per-anchor loss of the batch, after the inputs are checked.</summary>
    /// <exception cref="ArgumentException">yPred is not (N, d) or yTrue not (N) or (N, 1) (the message names the loss and
    /// both shapes).</exception>
    protected sealed override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        int n = yPred.Rank == 0 ? 0 : yPred.Shape[0];
        if (yPred.Rank != 2 || !(yTrue.Shape == new Shape(n) || yTrue.Shape == new Shape(n, 1)))
            throw new ArgumentException($"{Name}: expects labels (N) and embeddings (N, d); got {yTrue.Shape} and {yPred.Shape}.");
        var labels = yTrue.Reshape(n);
        var distances = BatchHardTripletLoss.PairwiseSquaredDistances(yPred);
        if (!Squared) distances = Tensor.Maximum(distances, Tensor.Scalar(1e-12, distances.DType, distances.Device)).Sqrt();
        return ComputeFromDistances(distances, labels.Unsqueeze(1).Eq(labels.Unsqueeze(0)));
    }

    /// <summary>The per-anchor loss from the batch's distances and labels.</summary>
    /// <param name="distances">D(i, j), (N, N), in the embeddings' dtype.</param>
    /// <param name="sameLabel">[y_i = y_j] as 1/0 in the same dtype, (N, N), ones on the diagonal.</param>
    /// <returns>(N).</returns>
    protected abstract Tensor ComputeFromDistances(Tensor distances, Tensor sameLabel);
}
