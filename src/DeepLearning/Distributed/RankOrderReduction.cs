using System.Numerics;
using System.Numerics.Tensors;

namespace DeepLearning.Distributed;

/// <summary>
/// The reduction step of an all-reduce built on an all-gather: every rank holds all ranks' buffers, concatenated in
/// rank order, and sums them in that order, so each rank computes the same bits. Communicator implementations share it.
/// </summary>
public static class RankOrderReduction
{
    /// <summary>result = ((gathered₀ + gathered₁) + …) [× 1/ranks for the mean], where gatheredᵣ is the r-th slice of
    /// <paramref name="result"/>.Length elements of <paramref name="gathered"/>; <typeparamref name="T"/> is float or double.</summary>
    /// <exception cref="ArgumentException">gathered is not ranks × result.Length long.</exception>
    public static void Reduce<T>(ReadOnlySpan<T> gathered, Span<T> result, int ranks, ReduceOperation operation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = Check(gathered.Length, result.Length, ranks);
        gathered[..n].CopyTo(result);
        for (int r = 1; r < ranks; r++) TensorPrimitives.Add(result, gathered.Slice(r * n, n), result);
        if (operation == ReduceOperation.Mean) TensorPrimitives.Multiply(result, T.One / T.CreateChecked(ranks), result);
    }

    private static int Check(int gathered, int result, int ranks)
    {
        if (ranks < 1 || (long)result * ranks != gathered)
            throw new ArgumentException($"RankOrderReduction: {gathered} gathered elements are not {ranks} ranks × {result}.");
        return result;
    }
}
