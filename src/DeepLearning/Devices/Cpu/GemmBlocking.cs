namespace DeepLearning.Devices.Cpu;

/// <summary>
/// Cache blocking of the GEMM. The packed A micro-panel (MR × kc) stays in L1 while the packed B block
/// (kc × nc) streams from L2 through it; C is updated once per kc step.
/// </summary>
internal static class GemmBlocking
{
    // 12 KiB of A micro-panel: 8 rows (AVX-512) × 384 floats or 192 doubles, 6 rows (AVX2) × 512 floats or 256
    // doubles. A quarter of a 48 KiB L1, the rest left to the B micro-panel streaming through. Measured against 8,
    // 16 and 24 KiB on Zen 5 with 8 rows: as fast or faster on every shape, and 3-5% faster for a transposed A.
    private const int APanelBytes = 12 * 1024;

    // The packed B block must stay resident in a 1 MiB L2 beside C rows and the next A panel (256 KiB to 768 KiB
    // measured within noise of each other).
    private const int BBlockBytes = 512 * 1024;

    /// <summary>Row-major B is read in place, not packed, by tiles of at most this many rows: each B element then
    /// serves too few micro-kernel calls to repay its copy.</summary>
    public const int DirectBRows = 128;

    /// <summary>Bytes of one thread's workspace: the B block and one A micro-panel.</summary>
    public const int WorkspaceBytes = BBlockBytes + APanelBytes;

    /// <summary>The depth of each k block. It depends on k, the element size and MR only (never on the thread
    /// count or the tiling) because the rounding of C follows it: C gets one addition per block.</summary>
    public static int KcBlock(int k, int elementSize, int mr)
    {
        int max = APanelBytes / (mr * elementSize);
        if (k <= max) return k;
        int blocks = (k + max - 1) / max;
        // Equal blocks rather than a full-size run and a thin tail; a multiple of 8 for the transposes of A, which
        // take 8 steps of k at a time.
        return ((k + blocks - 1) / blocks + 7) & ~7;
    }

    /// <summary>Widest B block (columns, a multiple of <paramref name="nr"/>) that fits the L2 budget for depth
    /// <paramref name="kc"/>.</summary>
    public static int NcMax(int kc, int elementSize, int nr) =>
        Math.Max(nr, BBlockBytes / (kc * elementSize) / nr * nr);
}
