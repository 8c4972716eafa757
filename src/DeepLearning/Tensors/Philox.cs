using System.Runtime.CompilerServices;

namespace DeepLearning;

/// <summary>
/// The Philox-4×32-10 counter-based generator (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
/// SC 2011) and the per-element draws built on it. A value depends only on the key (the seed) and the element's
/// counter, so any device, any thread count and any visiting order draw the same numbers.
/// </summary>
/// <remarks>
/// Element <c>i</c> of a draw at counter offset <c>o</c> uses index <c>n = o + i</c>:
/// float32 uniforms use lane <c>n mod 4</c> of block <c>⌊n/4⌋</c> (24 bits: <c>(u ≫ 8)·2⁻²⁴</c>);
/// float64 uniforms use lanes <c>2(n mod 2)</c>, <c>+1</c> of block <c>⌊n/2⌋</c> (53 bits); normals use the same
/// lane pair through Box–Muller (<c>√(−2 ln(1 − u₁))·cos(2πu₂)</c>, in double); truncated normals redraw blocks
/// <c>n</c>, with the third counter word counting retries, until a value lies within two standard deviations.
/// The third counter word also keeps the three block numberings apart.
/// </remarks>
public static class Philox
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    // The third counter word separates the block numberings (n/4, n/2, n) so that draws never share a block.
    private const uint PairDomain = 1, RetryDomain = 2;

    /// <summary>One Philox-4×32-10 block: four 32-bit outputs for a 128-bit counter under a 64-bit key.</summary>
    public static void Block(ulong key, ulong counter, uint counterHigh, out uint r0, out uint r1, out uint r2, out uint r3)
    {
        uint c0 = (uint)counter, c1 = (uint)(counter >> 32), c2 = counterHigh, c3 = 0;
        uint k0 = (uint)key, k1 = (uint)(key >> 32);
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M0 * c0, p1 = (ulong)M1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0, n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c1 = (uint)p1; c3 = (uint)p0; c0 = n0; c2 = n2;
            k0 += W0; k1 += W1;
        }
        r0 = c0; r1 = c1; r2 = c2; r3 = c3;
    }

    /// <summary>Uniform float in [0, 1) for element index <paramref name="n"/>.</summary>
    public static float Uniform32(ulong key, ulong n)
    {
        Block(key, n >> 2, 0, out uint r0, out uint r1, out uint r2, out uint r3);
        uint u = (n & 3) switch { 0 => r0, 1 => r1, 2 => r2, _ => r3 };
        return ToUnitFloat(u);
    }

    /// <summary>Uniform double in [0, 1) for element index <paramref name="n"/>.</summary>
    public static double Uniform64(ulong key, ulong n)
    {
        Block(key, n >> 1, PairDomain, out uint r0, out uint r1, out uint r2, out uint r3);
        return (n & 1) == 0 ? ToUnitDouble(r0, r1) : ToUnitDouble(r2, r3);
    }

    /// <summary>Standard normal for element index <paramref name="n"/> (Box–Muller on a 53-bit uniform pair).</summary>
    public static double Normal(ulong key, ulong n)
    {
        Block(key, n >> 1, PairDomain, out uint r0, out uint r1, out uint r2, out uint r3);
        return (n & 1) == 0 ? BoxMuller(r0, r1, r2, r3, first: true) : BoxMuller(r0, r1, r2, r3, first: false);
    }

    /// <summary>Standard normal restricted to [−2, 2], for element index <paramref name="n"/>.</summary>
    public static double TruncatedNormal(ulong key, ulong n)
    {
        for (uint retry = RetryDomain; ; retry++)
        {
            Block(key, n, retry, out uint r0, out uint r1, out uint r2, out uint r3);
            double z = BoxMuller(r0, r1, r2, r3, first: true);
            if (Math.Abs(z) <= 2) return z;
            z = BoxMuller(r0, r1, r2, r3, first: false);
            if (Math.Abs(z) <= 2) return z;
        }
    }

    /// <summary>The 24-bit float in [0, 1) of one 32-bit output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToUnitFloat(uint u) => (u >> 8) * (1.0f / 16777216f);

    private static double ToUnitDouble(uint hi, uint lo) => ((hi >> 5) * 67108864.0 + (lo >> 6)) * (1.0 / 9007199254740992.0);

    // Two 53-bit uniforms from four words; one of the pair of normals they define.
    private static double BoxMuller(uint r0, uint r1, uint r2, uint r3, bool first)
    {
        double u1 = ToUnitDouble(r0, r1), u2 = ToUnitDouble(r2, r3);
        double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - u1));
        double angle = 2.0 * Math.PI * u2;
        return first ? radius * Math.Cos(angle) : radius * Math.Sin(angle);
    }

    /// <summary>The value of element index <paramref name="n"/> for a <see cref="Devices.RandomDistribution"/>,
    /// computed in double; float32 tensors round it. This is the definition every device follows.</summary>
    public static double Sample(Devices.RandomDistribution distribution, DType dtype, ulong key, ulong n, double alpha, double beta) =>
        distribution switch
        {
            Devices.RandomDistribution.Uniform => alpha + (beta - alpha) * (dtype == DType.Float64 ? Uniform64(key, n) : Uniform32(key, n)),
            Devices.RandomDistribution.Normal => alpha + beta * Normal(key, n),
            Devices.RandomDistribution.Bernoulli => Uniform32(key, n) < alpha ? 1.0 : 0.0,
            Devices.RandomDistribution.TruncatedNormal => alpha + beta * TruncatedNormal(key, n),
            _ => Math.Floor(alpha + (beta - alpha) * Uniform64(key, n)),
        };
}
