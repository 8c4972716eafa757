namespace DeepLearning.Devices.Cpu;

/// <summary>
/// How the m × n output of each product is cut into RowTiles × ColTiles tiles, each a pool job index that runs the
/// full depth k (k is never split, so the thread count cannot change any sum), and whether the pool is used at all.
/// </summary>
internal readonly record struct GemmPartition(int RowTiles, int ColTiles, bool Parallel)
{
    /// <summary>Tiles per product.</summary>
    public int Tiles => RowTiles * ColTiles;

    // Below this many flops (all products together) the call runs on the calling thread: handing work to the pool
    // costs ~1-2 µs, about what a second thread saves on a product of this size.
    private const double SerialFlops = 1 << 20;

    /// <summary>
    /// Picks the tiling with the least modelled time. Rows are cut in panels of <paramref name="mr"/>, columns in
    /// vectors of <paramref name="lanes"/>. Every tile packs its own A rows and B columns, so more tiles cost more
    /// packing (and memory traffic), while fewer tiles than threads leave threads idle. Short tiles read a
    /// row-major B in place (<see cref="GemmBlocking.DirectBRows"/>), so cutting rows costs them no B packing.
    /// </summary>
    public static GemmPartition Choose(int batch, int m, int n, int k, int mr, int lanes, bool transA, bool transB, int threads)
    {
        if (threads == 1 || 2.0 * batch * m * n * k < SerialFlops) return new(1, 1, false);
        int mp = (m + mr - 1) / mr, nv = (n + lanes - 1) / lanes;
        // Modelled cycles per step of k: one panel × one vector is mr FMAs at two per cycle; packing an element
        // costs about 1/4 cycle as a plain copy and 1/2 as a transpose; B read in place still streams through
        // each tile's caches, for about 1/10.
        double unit = mr / 2.0, packA = transA ? 0.25 : 0.5, packB = transB ? 0.5 : 0.25, readB = 0.1;
        var best = new GemmPartition(1, 1, true);
        double bestTime = double.MaxValue;
        int maxSplit = 4 * threads;
        for (int rt = 1; rt <= Math.Min(mp, maxSplit); rt++)
        {
            for (int ct = 1; ct <= Math.Min(nv, maxSplit); ct++)
            {
                int rows = (mp + rt - 1) / rt, cols = (nv + ct - 1) / ct;
                bool directB = !transB && rows * mr <= GemmBlocking.DirectBRows;
                double tile = rows * cols * unit + rows * mr * packA + cols * lanes * (directB ? readB : packB) + 2000.0 / k;
                long rounds = ((long)batch * rt * ct + threads - 1) / threads;
                double time = rounds * tile;
                // More tiles must win clearly: the model ignores their extra memory traffic.
                if (rt * ct > best.Tiles ? time < bestTime * 0.97 : time < bestTime)
                {
                    bestTime = time;
                    best = new(rt, ct, true);
                }
            }
        }
        return best;
    }
}
