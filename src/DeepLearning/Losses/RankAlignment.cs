namespace DeepLearning.Losses;

/// <summary>Keras 3's <c>squeeze_or_expand_to_same_rank</c> (keras/src/losses/loss.py), shared by losses and metrics.</summary>
internal static class RankAlignment
{
    /// <summary>
    /// When the ranks differ by exactly one and the longer tensor's last axis has size 1, that axis is squeezed —
    /// except that a rank-1 shorter tensor is expanded instead (with <paramref name="expandRank1"/>). Otherwise the
    /// tensors are returned unchanged.
    /// </summary>
    public static (Tensor X1, Tensor X2) SqueezeOrExpand(Tensor x1, Tensor x2, bool expandRank1 = true)
    {
        int r1 = x1.Rank, r2 = x2.Rank;
        if (r1 == r2) return (x1, x2);
        if (r1 == r2 + 1 && x1.Shape[-1] == 1)
        {
            if (r2 == 1 && expandRank1) x2 = x2.Unsqueeze(-1);
            else x1 = x1.Squeeze(-1);
        }
        if (r2 == r1 + 1 && x2.Shape[-1] == 1)
        {
            if (r1 == 1 && expandRank1) x1 = x1.Unsqueeze(-1);
            else x2 = x2.Squeeze(-1);
        }
        return (x1, x2);
    }
}
