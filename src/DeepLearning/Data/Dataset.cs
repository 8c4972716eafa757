namespace DeepLearning.Data;

/// <summary>
/// An indexable collection of examples with a length, the one data abstraction that <see cref="DataLoader"/>
/// and the models' <c>Fit</c> consume (as PyTorch's map-style <c>Dataset</c>). <see cref="GetBatch"/> returns the
/// examples at the given indices stacked on a new leading axis.
/// </summary>
/// <remarks>
/// Implementations: <see cref="TensorDataset"/> (in-memory tensors), <see cref="StreamingDataset"/> (a sequence
/// read lazily, e.g. from disk), <see cref="CsvDataset"/> (numeric CSV), <see cref="ImageFolderDataset"/> (one
/// sub-folder per class, images decoded on demand) and <see cref="T:DeepLearning.Data.Subset"/> (a view on some indices).
/// A subclass implements <see cref="Count"/> and <see cref="GetBatchCore"/>; the indices it receives are already
/// validated. <see cref="GetBatch"/> may be called from a background thread (the loader's prefetch), one call
/// at a time per loader.
/// </remarks>
public abstract class Dataset
{
    /// <summary>The number of examples.</summary>
    public abstract int Count { get; }

    /// <summary>The examples at <paramref name="indices"/> (in that order, repeats allowed), stacked on a new
    /// leading axis: each tensor of the result has shape (indices.Length, …).</summary>
    /// <exception cref="ArgumentException">No index is given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, <see cref="Count"/>).</exception>
    public Batch GetBatch(ReadOnlySpan<int> indices)
    {
        if (indices.IsEmpty)
            throw new ArgumentException($"{GetType().Name}.GetBatch: at least one index is needed.", nameof(indices));
        int count = Count;
        for (int i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)count)
                throw new ArgumentOutOfRangeException(nameof(indices), indices[i],
                    $"{GetType().Name}.GetBatch: index {indices[i]} at position {i} is outside [0, {count}).");
        }
        return GetBatchCore(indices);
    }

    /// <summary>The examples at validated indices, stacked on a new leading axis.</summary>
    protected abstract Batch GetBatchCore(ReadOnlySpan<int> indices);

    /// <summary>One example as a batch of one (every tensor has a leading axis of size 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside [0, <see cref="Count"/>).</exception>
    public Batch Get(int index) => GetBatch([index]);

    /// <summary>Every example in order, as one batch.</summary>
    /// <exception cref="ArgumentException">The dataset is empty.</exception>
    public Batch GetAll()
    {
        var all = new int[Count];
        for (int i = 0; i < all.Length; i++) all[i] = i;
        return GetBatch(all);
    }

    /// <summary>A view on the examples at <paramref name="indices"/> (copied; no data is copied).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, <see cref="Count"/>).</exception>
    public Subset Subset(ReadOnlySpan<int> indices) => new(this, indices.ToArray());

    /// <summary>A view on a contiguous range of examples, e.g. <c>dataset.Subset(..1000)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside [0, <see cref="Count"/>].</exception>
    public Subset Subset(Range range)
    {
        var (start, length) = GetRange(range, Count, "Subset");
        var indices = new int[length];
        for (int i = 0; i < length; i++) indices[i] = start + i;
        return new Subset(this, indices);
    }

    /// <summary>
    /// Splits into a training and a test part, as scikit-learn's <c>train_test_split</c>: the test part has
    /// ⌈testFraction·Count⌉ examples and the training part the rest. With <paramref name="shuffle"/> the examples
    /// are assigned by a permutation drawn from <paramref name="seed"/> (the same seed gives the same split on every
    /// run; null draws a seed from <see cref="Generator.Default"/>); without it the test part is the last examples
    /// (as Keras's <c>validation_split</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">testFraction is not in (0, 1), or leaves a part empty.</exception>
    public (Subset Train, Subset Test) Split(double testFraction, ulong? seed = null, bool shuffle = true)
    {
        var (train, test) = SplitIndices(Count, testFraction, seed, shuffle, $"{GetType().Name}.Split");
        return (new Subset(this, train), new Subset(this, test));
    }

    /// <summary>The index sets of <see cref="Split"/>: test = the last ⌈fraction·n⌉ positions of the (optionally
    /// permuted) order, train = the others, each in that order.</summary>
    internal static (int[] Train, int[] Test) SplitIndices(int n, double testFraction, ulong? seed, bool shuffle, string op)
    {
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, $"{op}: the test fraction must be in (0, 1).");
        int nTest = (int)Math.Ceiling(testFraction * n - 1e-9);
        int nTrain = n - nTest;
        if (nTest < 1 || nTrain < 1)
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction,
                $"{op}: a test fraction of {testFraction} of {n} examples leaves {nTrain} for training and {nTest} for testing; both need at least one.");
        int[] order;
        if (shuffle)
        {
            ulong s = seed ?? Generator.Default.NextSeed();
            order = Permutations.Create(n, Permutations.KeyOf(s), 0x5E1u);
        }
        else
        {
            order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
        }
        return (order[..nTrain], order[nTrain..]);
    }

    internal static (int Start, int Length) GetRange(Range range, int count, string op)
    {
        try
        {
            return range.GetOffsetAndLength(count);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ArgumentOutOfRangeException(nameof(range), $"{op}: range {range} is outside a dataset of {count} examples.");
        }
    }
}
