namespace DeepLearning;

/// <summary>
/// A seedable source of random tensors: a Philox key (the seed) and a counter offset that advances by the number
/// of values each draw consumes. Two generators with the same seed, drawing the same sequence of tensors, produce
/// the same values on every device. <see cref="Seed"/> resets the global default generator, which tensor creation,
/// initializers, dropout and shuffling use when no generator is given.
/// </summary>
public sealed class Generator
{
    private long _offset;

    /// <summary>Creates a generator with a seed.</summary>
    public Generator(ulong seed) => Key = Mix(seed);

    /// <summary>The Philox key derived from the seed.</summary>
    public ulong Key { get; private set; }

    /// <summary>The counter offset of the next draw.</summary>
    public long Offset => Interlocked.Read(ref _offset);

    /// <summary>The generator used when none is given.</summary>
    public static Generator Default { get; private set; } = new(0x5EED);

    /// <summary>Makes a program reproducible: resets <see cref="Default"/> to a fresh generator with this seed.</summary>
    public static void Seed(ulong seed) => Default = new Generator(seed);

    /// <summary>Reserves <paramref name="count"/> consecutive counters (rounded up to whole Philox blocks) and
    /// returns the first.</summary>
    public ulong Reserve(long count)
    {
        long blocks = (count + 3) / 4 * 4 + 4;
        return (ulong)(Interlocked.Add(ref _offset, blocks) - blocks);
    }

    /// <summary>A new seed drawn from this generator (for seeding child generators and shuffles).</summary>
    public ulong NextSeed()
    {
        ulong n = Reserve(2);
        Philox.Block(Key, n, 0x5EED, out uint r0, out uint r1, out _, out _);
        return ((ulong)r0 << 32) | r1;
    }

    /// <summary>Restores the state saved by <see cref="Offset"/> (used when resuming training).</summary>
    public void Restore(long offset) => Interlocked.Exchange(ref _offset, offset);

    /// <summary>A generator in an exact saved state: the <see cref="Key"/> and <see cref="Offset"/> of another one
    /// (a training backup stores them so that a resumed run draws the same numbers).</summary>
    /// <param name="key">A <see cref="Key"/> value.</param>
    /// <param name="offset">An <see cref="Offset"/> value (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">offset is negative.</exception>
    public static Generator FromState(ulong key, long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var g = new Generator(0) { Key = key };
        g._offset = offset;
        return g;
    }

    /// <summary>Makes <paramref name="generator"/> the default generator (restoring a saved state, with
    /// <see cref="FromState"/>).</summary>
    /// <exception cref="ArgumentNullException">generator is null.</exception>
    public static void SetDefault(Generator generator) => Default = generator ?? throw new ArgumentNullException(nameof(generator));

    // SplitMix64 finaliser: nearby seeds give unrelated keys.
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
