namespace DeepLearning.Losses;

/// <summary>What the online-mining triplet losses (<see cref="BatchHardTripletLoss"/>,
/// <see cref="SemiHardTripletLoss"/>) share: the label check, the pairwise distances of a batch and its same-label mask.</summary>
internal static class TripletMining
{
    /// <summary>The labels as a vector of yPred's dtype, after checking yTrue (N) or (N, 1) against yPred (N, d).</summary>
    /// <exception cref="ArgumentException">Shapes that do not match (the message names the loss and both shapes).</exception>
    public static Tensor Labels(string loss, Tensor yTrue, Tensor yPred)
    {
        int n = yPred.Rank == 0 ? 0 : yPred.Shape[0];
        if (yPred.Rank != 2 || !(yTrue.Shape == new Shape(n) || yTrue.Shape == new Shape(n, 1)))
            throw new ArgumentException($"{loss}: expects labels (N) and embeddings (N, d); got {yTrue.Shape} and {yPred.Shape}.");
        return yTrue.Reshape(n);
    }

    /// <summary>D: the squared Euclidean distances (<see cref="BatchHardTripletLoss.PairwiseSquaredDistances"/>), or with
    /// <paramref name="squared"/> false their square roots √max(D², 10⁻¹²); (N, N).</summary>
    public static Tensor Distances(Tensor embeddings, bool squared)
    {
        var distances = BatchHardTripletLoss.PairwiseSquaredDistances(embeddings);
        return squared ? distances : Tensor.Maximum(distances, Tensor.Scalar(1e-12, distances.DType, distances.Device)).Sqrt();
    }

    /// <summary>[y_i = y_j] as 1/0 in the labels' dtype; (N, N), ones on the diagonal.</summary>
    public static Tensor SameLabel(Tensor labels) => labels.Unsqueeze(1).Eq(labels.Unsqueeze(0));
}
