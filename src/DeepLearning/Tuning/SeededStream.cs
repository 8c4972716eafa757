namespace DeepLearning.Tuning;

/// <summary>
/// The random numbers of the tuning code, drawn from <see cref="Philox"/> so that a seed gives the same trials on
/// every platform and .NET version (System.Random's seeded sequence is not specified): the n-th uniform of stream s
/// is built from block (n, s) of the seed's key, and derived seeds come from the same blocks.
/// </summary>
internal sealed class SeededStream(ulong seed, uint stream)
{
    /// <summary>Stream of <see cref="RandomSearch"/>'s samples.</summary>
    public const uint Sampling = 0x7E570001;

    /// <summary>Stream of the per-trial training seeds.</summary>
    public const uint TrialSeeds = 0x7E570002;

    /// <summary>Stream of the k-fold shuffles.</summary>
    public const uint Folds = 0x7E570003;

    /// <summary>Stream of the per-fold training seeds.</summary>
    public const uint FoldSeeds = 0x7E570004;

    private readonly ulong _key = new Generator(seed).Key;
    private ulong _next;

    /// <summary>The next uniform in [0, 1) (53 bits).</summary>
    public double NextDouble()
    {
        Philox.Block(_key, _next++, stream, out uint r0, out uint r1, out _, out _);
        return ((r0 >> 5) * 67108864.0 + (r1 >> 6)) * (1.0 / 9007199254740992.0);
    }

    /// <summary>The <paramref name="index"/>-th 64-bit seed of stream <paramref name="stream"/> under <paramref name="seed"/>
    /// (independent of any other draw).</summary>
    public static ulong Derive(ulong seed, uint stream, int index)
    {
        Philox.Block(new Generator(seed).Key, (ulong)index, stream, out uint r0, out uint r1, out _, out _);
        return ((ulong)r0 << 32) | r1;
    }
}
