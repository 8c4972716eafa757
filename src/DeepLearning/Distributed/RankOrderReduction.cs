using System.Numerics.Tensors;

namespace DeepLearning.Distributed;

/// <summary>
/// The reduction step of an all-reduce built on an all-gather: every rank holds all ranks' buffers, concatenated in
/// rank order, and sums them in that order, so each rank computes the same bits. Communicator implementations share it.
/// </summary>
public static class RankOrderReduction
{
    /// <summary>result = ((gathered₀ + gathered₁) + …) [× 1/ranks for the mean], where gatheredᵣ is the r-th slice of
    /// <paramref name="result"/>.Length elements of <paramref name="gathered"/>.</summary>
    /// <exception cref="ArgumentException">gathered is not ranks × result.Length long.</exception>
    public static void Reduce(ReadOnlySpan<float> gathered, Span<float> result, int ranks, ReduceOperation operation)
    {
        int n = Check(gathered.Length, result.Length, ranks);
        gathered[..n].CopyTo(result);
        for (int r = 1; r < ranks; r++) TensorPrimitives.Add(result, gathered.Slice(r * n, n), result);
        if (operation == ReduceOperation.Mean) TensorPrimitives.Multiply(result, 1f / ranks, result);
    }

    /// <inheritdoc cref="Reduce(ReadOnlySpan{float}, Span{float}, int, ReduceOperation)"/>
    public static void Reduce(ReadOnlySpan<double> gathered, Span<double> result, int ranks, ReduceOperation operation)
    {
        int n = Check(gathered.Length, result.Length, ranks);
        gathered[..n].CopyTo(result);
        for (int r = 1; r < ranks; r++) TensorPrimitives.Add(result, gathered.Slice(r * n, n), result);
        if (operation == ReduceOperation.Mean) TensorPrimitives.Multiply(result, 1.0 / ranks, result);
    }

    private static int Check(int gathered, int result, int ranks)
    {
        if (ranks < 1 || (long)result * ranks != gathered)
            throw new ArgumentException($"RankOrderReduction: {gathered} gathered elements are not {ranks} ranks × {result}.");
        return result;
    }
}
