namespace DeepLearning.Data;

/// <summary>Seeded random permutations, drawn from <see cref="Philox"/> so that a seed gives the same order on
/// every run, platform and thread count.</summary>
internal static class Permutations
{
    /// <summary>The Philox key of a user seed (the same mixing as <see cref="Generator"/>).</summary>
    public static ulong KeyOf(ulong seed) => new Generator(seed).Key;

    /// <summary>A permutation of 0 … n − 1 by Fisher–Yates: for i = n − 1 down to 1, swap i with
    /// j = ⌊u·(i + 1)⌋ where u is the 53-bit uniform of counter i in stream <paramref name="stream"/>.</summary>
    public static int[] Create(int n, ulong key, uint stream)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            Philox.Block(key, (ulong)i, 0xDA7A0000u ^ stream, out uint r0, out uint r1, out _, out _);
            double u = ((r0 >> 5) * 67108864.0 + (r1 >> 6)) * (1.0 / 9007199254740992.0);
            int j = (int)(u * (i + 1));
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
