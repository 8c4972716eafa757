using System.Collections;
using System.Diagnostics;

namespace DeepLearning.Data;

/// <summary>
/// Iterates over a <see cref="Data.Dataset"/> in batches (as PyTorch's <c>DataLoader</c>): each enumeration is one
/// epoch. Options: the batch size, seeded shuffling, dropping the last incomplete batch, a per-batch transform
/// (augmentation, standardisation) and prefetching of the next batch on one background thread.
/// </summary>
/// <remarks>
/// <para>Order: without shuffling, examples come in dataset order. With shuffling, epoch e uses a permutation that
/// depends only on <see cref="Seed"/> and e (Fisher–Yates driven by the counter-based Philox generator), so the same
/// seed gives the same order on every run and every epoch has a new one; every example appears exactly once per
/// epoch. <see cref="GetEnumerator"/> runs epoch <see cref="Epoch"/> and advances it; <see cref="GetEpoch"/> runs a
/// given epoch (e.g. when resuming).</para>
/// <para>Prefetch: while the consumer works on batch b, one dedicated background thread (not the kernel pool; its
/// kernels run serially) reads and transforms batch b + 1. Batches are produced strictly in order, one at a time,
/// so a seeded transform gives the same batches with and without prefetching. Batch tensors belong to the garbage
/// collector (they are created outside any <see cref="TensorScope"/>), so they stay valid while the consumer uses
/// them, whatever scopes it opens. <see cref="Statistics"/> reports how long the consumer waited.</para>
/// </remarks>
/// <example><code>
/// var loader = new DataLoader(train.ToDataset(), batchSize: 64, shuffle: true, seed: 42,
///     transform: ImageAugmentation.Compose(new RandomFlip(), new RandomShift(0.1, 0.1)).AsTransform());
/// for (int epoch = 0; epoch &lt; 10; epoch++)
///     foreach (var batch in loader) { using var step = TensorScope.Begin(); /* train on batch.Input, batch.Target */ }
/// Console.WriteLine(loader.Statistics);   // waited … ms of … ms (0.3 %)
/// </code></example>
public sealed class DataLoader : IEnumerable<Batch>
{
    private readonly ulong _key;
    private long _batches, _waitTicks, _firstWaitTicks, _totalTicks, _produceTicks;
    private int _epoch;

    /// <summary>Creates a loader.</summary>
    /// <param name="dataset">The examples.</param>
    /// <param name="batchSize">Examples per batch (the last batch may be smaller unless <paramref name="dropLast"/>).</param>
    /// <param name="shuffle">Draw a new seeded permutation every epoch.</param>
    /// <param name="seed">The shuffling seed; null draws one from <see cref="Generator.Default"/> (so
    /// <see cref="Generator.Seed"/> makes the program reproducible).</param>
    /// <param name="dropLast">Skip the last batch when it has fewer than <paramref name="batchSize"/> examples.</param>
    /// <param name="transform">Applied to every batch on the producing thread (e.g.
    /// <see cref="ImageAugmentation.AsTransform"/>); it must return a batch.</param>
    /// <param name="prefetch">Prepare the next batch on a background thread while the current one is used.</param>
    /// <exception cref="ArgumentNullException">dataset is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">batchSize is below 1.</exception>
    public DataLoader(Dataset dataset, int batchSize = 32, bool shuffle = false, ulong? seed = null, bool dropLast = false,
        Func<Batch, Batch>? transform = null, bool prefetch = true)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "DataLoader: the batch size must be at least 1.");
        Dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed ?? Generator.Default.NextSeed();
        _key = Permutations.KeyOf(Seed);
        DropLast = dropLast;
        Transform = transform;
        Prefetch = prefetch;
    }

    /// <summary>Creates a loader over one rank's share of the data in data-parallel training: each epoch visits
    /// <see cref="DistributedSampler.Indices"/> in batches of <paramref name="batchSize"/> (the per-rank batch).</summary>
    /// <param name="dataset">The whole dataset (every rank passes the same one).</param>
    /// <param name="sampler">This rank's sampler; its count must be the dataset's.</param>
    /// <param name="batchSize">Examples per batch on this rank.</param>
    /// <param name="transform">See the other constructor.</param>
    /// <param name="prefetch">See the other constructor.</param>
    /// <exception cref="ArgumentException">The sampler was made for another number of examples.</exception>
    public DataLoader(Dataset dataset, DistributedSampler sampler, int batchSize, Func<Batch, Batch>? transform = null,
        bool prefetch = true)
        : this(dataset, batchSize, CheckSampler(sampler).Shuffle, sampler.Seed, false, transform, prefetch)
    {
        if (sampler.Count != dataset.Count)
            throw new ArgumentException($"DataLoader: the sampler is for {sampler.Count} examples but the dataset has {dataset.Count}.", nameof(sampler));
        Sampler = sampler;
    }

    /// <summary>The rank's sampler in data-parallel training, or null.</summary>
    public DistributedSampler? Sampler { get; }

    private static DistributedSampler CheckSampler(DistributedSampler sampler) =>
        sampler ?? throw new ArgumentNullException(nameof(sampler));

    /// <summary>The examples.</summary>
    public Dataset Dataset { get; }

    /// <summary>Examples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch uses a new seeded permutation.</summary>
    public bool Shuffle { get; }

    /// <summary>The shuffling seed.</summary>
    public ulong Seed { get; }

    /// <summary>Whether an incomplete last batch is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>The per-batch transform, or null.</summary>
    public Func<Batch, Batch>? Transform { get; }

    /// <summary>Whether the next batch is prepared on a background thread.</summary>
    public bool Prefetch { get; }

    /// <summary>The epoch that the next <see cref="GetEnumerator"/> runs (0 at first); it advances by one per enumeration.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public int Epoch
    {
        get => Volatile.Read(ref _epoch);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _epoch, value);
        }
    }

    /// <summary>Batches per epoch: ⌊N / batch⌋ with <see cref="DropLast"/>, else ⌈N / batch⌉.</summary>
    public int BatchCount => DropLast ? Length / BatchSize : (Length + BatchSize - 1) / BatchSize;

    /// <summary>Examples visited per epoch: the sampler's share, or the whole dataset.</summary>
    private int Length => Sampler?.ShardLength ?? Dataset.Count;

    /// <summary>The consumer's waiting time against the step time, summed over every epoch since the loader was
    /// created or <see cref="ResetStatistics"/> was called.</summary>
    public LoaderStatistics Statistics => new(
        Interlocked.Read(ref _batches),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _waitTicks)),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _firstWaitTicks)),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _totalTicks)),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _produceTicks)));

    /// <summary>Sets <see cref="Statistics"/> back to zero.</summary>
    public void ResetStatistics()
    {
        Interlocked.Exchange(ref _batches, 0);
        Interlocked.Exchange(ref _waitTicks, 0);
        Interlocked.Exchange(ref _firstWaitTicks, 0);
        Interlocked.Exchange(ref _totalTicks, 0);
        Interlocked.Exchange(ref _produceTicks, 0);
    }

    /// <summary>The order in which epoch <paramref name="epoch"/> visits the examples (a permutation of 0 … N − 1;
    /// the identity without shuffling). With <see cref="DropLast"/> the trailing remainder is not visited.</summary>
    /// <exception cref="ArgumentOutOfRangeException">epoch is negative.</exception>
    public int[] OrderOf(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (Sampler is not null) return Sampler.Indices(epoch);
        int n = Dataset.Count;
        if (Shuffle) return Permutations.Create(n, _key, (uint)epoch);
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        return order;
    }

    /// <summary>Runs epoch <see cref="Epoch"/> and advances it.</summary>
    public IEnumerator<Batch> GetEnumerator() => GetEpoch(null, CancellationToken.None).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The batches of one epoch.</summary>
    /// <param name="epoch">The epoch (it selects the permutation); null runs <see cref="Epoch"/> and advances it.</param>
    /// <param name="cancellationToken">Stops the enumeration at a batch boundary with
    /// <see cref="OperationCanceledException"/>; the background thread is stopped and joined.</param>
    /// <exception cref="ArgumentOutOfRangeException">epoch is negative.</exception>
    public IEnumerable<Batch> GetEpoch(int? epoch = null, CancellationToken cancellationToken = default)
    {
        int e = epoch ?? Interlocked.Increment(ref _epoch) - 1;
        ArgumentOutOfRangeException.ThrowIfNegative(e, nameof(epoch));
        return Run(e, cancellationToken);
    }

    private IEnumerable<Batch> Run(int epoch, CancellationToken cancellation)
    {
        var order = OrderOf(epoch);
        int count = BatchCount;
        if (count == 0) yield break;
        long last = Stopwatch.GetTimestamp();
        var worker = Prefetch ? new PrefetchWorker(b => Produce(order, b), count, cancellation) : null;
        try
        {
            for (int b = 0; b < count; b++)
            {
                cancellation.ThrowIfCancellationRequested();
                long t0 = Stopwatch.GetTimestamp();
                var batch = worker is null ? Produce(order, b) : worker.Take(cancellation);
                long t1 = Stopwatch.GetTimestamp();
                Interlocked.Add(ref _waitTicks, t1 - t0);
                if (b == 0) Interlocked.Add(ref _firstWaitTicks, t1 - t0);
                Interlocked.Add(ref _totalTicks, t1 - last);
                Interlocked.Increment(ref _batches);
                last = t1;
                yield return batch;
                long t2 = Stopwatch.GetTimestamp();
                Interlocked.Add(ref _totalTicks, t2 - last);
                last = t2;
            }
        }
        finally
        {
            worker?.Dispose();
        }
    }

    private Batch Produce(int[] order, int b)
    {
        long t0 = Stopwatch.GetTimestamp();
        int start = b * BatchSize;
        var indices = order.AsSpan(start, Math.Min(BatchSize, order.Length - start));
        Batch batch;
        using (Tensor.NoGrad())
        using (TensorScope.Persistent())
        {
            batch = Dataset.GetBatch(indices);
            if (Transform is not null)
                batch = Transform(batch) ?? throw new InvalidOperationException("DataLoader: the transform returned null instead of a batch.");
        }
        Interlocked.Add(ref _produceTicks, Stopwatch.GetTimestamp() - t0);
        return batch;
    }
}
