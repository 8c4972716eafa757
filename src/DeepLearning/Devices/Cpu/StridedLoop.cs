using System.Runtime.CompilerServices;

namespace DeepLearning.Devices.Cpu;

/// <summary>
/// The iteration space of an element-wise kernel over up to four operands of one shape: dimensions of size 1
/// are dropped and adjacent dimensions merged wherever every operand is contiguous across them, so a dense
/// tensor becomes one long row and a broadcast (N, C) + (C) becomes N rows of C. Rows are then split into tiles
/// for the kernel pool.
/// </summary>
[SkipLocalsInit]   // hot path: the JIT need not zero large struct frames
internal struct StridedLoop
{
    /// <summary>Below this many elements a kernel runs on the calling thread (dispatch would cost more).</summary>
    public const int ParallelThreshold = 1 << 15;
    /// <summary>Elements per tile when work is split.</summary>
    public const int TileElements = 1 << 14;

    public int Rank;
    public Dims Shape;
    public Dims S0, S1, S2, S3;
    public int Operands;

    public readonly int Inner => Shape[Rank - 1];

    public readonly long Outer
    {
        get
        {
            long n = 1;
            for (int i = 0; i < Rank - 1; i++) n *= Shape[i];
            return n;
        }
    }

    public static StridedLoop Create(in StridedView v0) => Create(v0.Shape, 1, v0.Strides, default, default, default);

    public static StridedLoop Create(in StridedView v0, in StridedView v1) =>
        Create(v0.Shape, 2, v0.Strides, v1.Strides, default, default);

    public static StridedLoop Create(in StridedView v0, in StridedView v1, in StridedView v2) =>
        Create(v0.Shape, 3, v0.Strides, v1.Strides, v2.Strides, default);

    public static StridedLoop Create(in StridedView v0, in StridedView v1, in StridedView v2, in StridedView v3) =>
        Create(v0.Shape, 4, v0.Strides, v1.Strides, v2.Strides, v3.Strides);

    private static StridedLoop Create(Shape shape, int operands, Strides a, Strides b, Strides c, Strides d)
    {
        var loop = new StridedLoop { Operands = operands };
        int r = 0;
        for (int i = 0; i < shape.Rank; i++)
        {
            int n = shape[i];
            if (n == 1) continue;
            int sa = a[i], sb = operands > 1 ? b[i] : 0, sc = operands > 2 ? c[i] : 0, sd = operands > 3 ? d[i] : 0;
            if (r > 0)
            {
                int p = r - 1, pn = loop.Shape[p];
                if (loop.S0[p] == sa * n && loop.S1[p] == sb * n && loop.S2[p] == sc * n && loop.S3[p] == sd * n)
                {
                    loop.Shape[p] = pn * n;
                    loop.S0[p] = sa; loop.S1[p] = sb; loop.S2[p] = sc; loop.S3[p] = sd;
                    continue;
                }
            }
            loop.Shape[r] = n;
            loop.S0[r] = sa; loop.S1[r] = sb; loop.S2[r] = sc; loop.S3[r] = sd;
            r++;
        }
        if (shape.ElementCount == 0)
        {
            loop.Rank = 1;
            loop.Shape[0] = 0;
            return loop;
        }
        if (r == 0)
        {
            loop.Shape[0] = 1;
            r = 1;
        }
        loop.Rank = r;
        return loop;
    }

    /// <summary>Element offsets (relative to each operand's base) of the first element of outer row <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void RowOffsets(long row, out long o0, out long o1, out long o2, out long o3)
    {
        o0 = o1 = o2 = o3 = 0;
        for (int i = Rank - 2; i >= 0 && row > 0; i--)
        {
            int n = Shape[i];
            long idx = row % n;
            row /= n;
            o0 += idx * S0[i]; o1 += idx * S1[i]; o2 += idx * S2[i]; o3 += idx * S3[i];
        }
    }

    /// <summary>Runs <paramref name="kernel"/> on every row segment, in parallel tiles when the work is large.</summary>
    public readonly void Run<TKernel>(ref TKernel kernel) where TKernel : struct, IRowKernel
    {
        long outer = Outer;
        int inner = Inner;
        long total = outer * inner;
        if (total == 0) return;
        if (total < ParallelThreshold || KernelPool.ThreadCount == 1)
        {
            RunRows(ref kernel, 0, outer, 0, inner);
            return;
        }
        var job = new TileJob<TKernel> { Loop = this, Kernel = kernel };
        if (inner >= TileElements)
        {
            job.ColumnTiles = (inner + TileElements - 1) / TileElements;
            job.RowsPerTile = 1;
            KernelPool.For((int)Math.Min(int.MaxValue, outer * job.ColumnTiles), ref job);
        }
        else
        {
            job.ColumnTiles = 1;
            job.RowsPerTile = Math.Max(1, TileElements / inner);
            KernelPool.For((int)((outer + job.RowsPerTile - 1) / job.RowsPerTile), ref job);
        }
    }

    private readonly void RunRows<TKernel>(ref TKernel kernel, long rowStart, long rowEnd, int colStart, int colEnd)
        where TKernel : struct, IRowKernel
    {
        for (long row = rowStart; row < rowEnd; row++)
        {
            RowOffsets(row, out long o0, out long o1, out long o2, out long o3);
            kernel.Row(o0 + (long)colStart * S0[Rank - 1], o1 + (long)colStart * S1[Rank - 1],
                o2 + (long)colStart * S2[Rank - 1], o3 + (long)colStart * S3[Rank - 1],
                S0[Rank - 1], S1[Rank - 1], S2[Rank - 1], S3[Rank - 1], colEnd - colStart);
        }
    }

    private struct TileJob<TKernel> : IParallelJob where TKernel : struct, IRowKernel
    {
        public StridedLoop Loop;
        public TKernel Kernel;
        public int ColumnTiles;
        public long RowsPerTile;

        public void Execute(int index)
        {
            var kernel = Kernel;
            if (ColumnTiles > 1)
            {
                long row = index / ColumnTiles;
                int tile = index % ColumnTiles;
                int start = tile * TileElements, end = Math.Min(Loop.Inner, start + TileElements);
                Loop.RunRows(ref kernel, row, row + 1, start, end);
            }
            else
            {
                long start = index * RowsPerTile, end = Math.Min(Loop.Outer, start + RowsPerTile);
                Loop.RunRows(ref kernel, start, end, 0, Loop.Inner);
            }
        }
    }
}

/// <summary>A kernel applied to one row segment: offsets of its first element per operand (relative to each
/// operand's base pointer), the operands' strides along the row, and its length.</summary>
internal interface IRowKernel
{
    void Row(long o0, long o1, long o2, long o3, int s0, int s1, int s2, int s3, int count);
}
