namespace DeepLearning.Devices.Cpu;

/// <summary>
/// Cache blocking of the GEMM. The packed A micro-panel (MR × kc) stays in L1 while the packed B block
/// (kc × nc) streams from L2 through it; C is updated once per kc step.
/// </summary>
internal static class GemmBlocking
{
    // 8 rows × 512 floats (256 doubles) = 16 KiB of A micro-panel: a third of a 48 KiB L1, the rest left to
    // the B micro-panel streaming through.
    internal static int APanelBytes = 16 * 1024;

    // The packed B block must stay resident in a 1 MiB L2 beside C rows and the next A panel.
    internal static int BBlockBytes = 512 * 1024;

    /// <summary>Bytes of one thread's workspace: the B block and one A micro-panel.</summary>
    public const int WorkspaceBytes = 1024 * 1024 + 32 * 1024;

    /// <summary>The depth of each k block. It depends on k and the element size only (never on the thread
    /// count or the tiling) because the rounding of C follows it: C gets one addition per block.</summary>
    public static int KcBlock(int k, int elementSize, int mr)
    {
        int max = APanelBytes / (mr * elementSize);
        if (k <= max) return k;
        int blocks = (k + max - 1) / max;
        // Equal blocks rather than a full-size run and a thin tail; a multiple of 8 for the 8 × 8 transposes.
        return ((k + blocks - 1) / blocks + 7) & ~7;
    }

    /// <summary>Widest B block (columns, a multiple of <paramref name="nr"/>) that fits the L2 budget for depth
    /// <paramref name="kc"/>.</summary>
    public static int NcMax(int kc, int elementSize, int nr) =>
        Math.Max(nr, BBlockBytes / (kc * elementSize) / nr * nr);
}
