namespace DeepLearning.Data;

/// <summary>
/// The share of one rank in data-parallel training (PyTorch's <c>DistributedSampler</c>): every rank draws the same
/// seeded permutation of the N examples for an epoch, pads it by repeating its first examples up to a multiple of
/// the number of ranks (or drops the tail), and takes every <c>size</c>-th position starting at its rank. So every
/// rank gets the same number of examples, and batch k of the ranks together holds exactly the examples of batch k
/// of a single process that uses the same seed with a batch <c>size</c> times larger.
/// </summary>
public sealed class DistributedSampler
{
    private readonly ulong _key;

    /// <summary>Creates the sampler of one rank.</summary>
    /// <param name="count">N, the number of examples.</param>
    /// <param name="rank">This rank, in [0, size).</param>
    /// <param name="size">The number of ranks.</param>
    /// <param name="shuffle">Draw a new permutation each epoch (the same one as a <see cref="DataLoader"/> with
    /// <paramref name="seed"/>); otherwise dataset order.</param>
    /// <param name="seed">The shuffling seed; it must be the same on every rank.</param>
    /// <param name="dropLast">Drop the last N mod size examples instead of padding.</param>
    /// <exception cref="ArgumentOutOfRangeException">count is negative, size is below 1 or rank outside [0, size).</exception>
    public DistributedSampler(int count, int rank, int size, bool shuffle, ulong seed, bool dropLast = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if ((uint)rank >= (uint)size)
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"DistributedSampler: rank must be in [0, {size}).");
        Count = count;
        Rank = rank;
        Size = size;
        Shuffle = shuffle;
        Seed = seed;
        DropLast = dropLast;
        _key = Permutations.KeyOf(seed);
    }

    /// <summary>N, the number of examples of the whole dataset.</summary>
    public int Count { get; }

    /// <summary>This rank.</summary>
    public int Rank { get; }

    /// <summary>The number of ranks.</summary>
    public int Size { get; }

    /// <summary>Whether each epoch has its own permutation.</summary>
    public bool Shuffle { get; }

    /// <summary>The shuffling seed.</summary>
    public ulong Seed { get; }

    /// <summary>Whether the tail is dropped instead of padded.</summary>
    public bool DropLast { get; }

    /// <summary>Examples per rank and epoch: ⌊N / size⌋ when dropping, else ⌈N / size⌉.</summary>
    public int ShardLength => DropLast ? Count / Size : (Count + Size - 1) / Size;

    /// <summary>The examples this rank visits in <paramref name="epoch"/>, in order: positions rank, rank + size, …
    /// of the epoch's (padded) permutation.</summary>
    /// <exception cref="ArgumentOutOfRangeException">epoch is negative.</exception>
    public int[] Indices(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        int[] order;
        if (Shuffle) order = Permutations.Create(Count, _key, (uint)epoch);
        else
        {
            order = new int[Count];
            for (int i = 0; i < Count; i++) order[i] = i;
        }
        var shard = new int[ShardLength];
        for (int i = 0; i < shard.Length; i++)
        {
            int position = Rank + i * Size;
            shard[i] = order[position % Math.Max(Count, 1)];   // positions past N wrap to the start (padding)
        }
        return shard;
    }
}
