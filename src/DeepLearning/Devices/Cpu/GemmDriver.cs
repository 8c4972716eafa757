using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeepLearning.Devices.Cpu;

/// <summary>One GEMM call: C_t = op(A_t)·op(B_t) (+ C_t) for t in [0, batch), with the pointer arithmetic of the
/// public contract (see <see cref="Gemm"/>).</summary>
internal unsafe struct GemmProblem<T> where T : unmanaged
{
    public T* A, B, C;
    public long StrideA, StrideB, StrideC;
    public int Batch, M, N, K, Lda, Ldb, Ldc;
    public bool TransA, TransB, Accumulate;
    /// <summary>The epilogue (<see cref="GemmEpilogue"/>): n values added to every row of C, or null; then max(0, ·).</summary>
    public T* Bias;
    public bool Relu;
}

/// <summary>
/// The blocked loops around the micro-kernel, for one vector width <typeparamref name="TS"/>, and their split into
/// tiles of C spread over <see cref="KernelPool"/>.
/// </summary>
internal static unsafe class GemmDriver<T, TS, TV>
    where T : unmanaged, INumberBase<T> where TS : struct, IGemmVector<TV, T> where TV : struct
{
    private static int MR => TS.Rows;
    private static int NR => TS.Lanes * TS.TileVectors;

    /// <summary>Runs the whole problem (m, n, k ≥ 1): on the caller alone when small, otherwise as tiles of C
    /// shared by the pool.</summary>
    public static void Run(in GemmProblem<T> problem)
    {
        var partition = GemmPartition.Choose(problem.Batch, problem.M, problem.N, problem.K, MR, TS.Lanes,
            problem.TransA, problem.TransB, KernelPool.ThreadCount);
        var job = new TileJob { Problem = problem, Partition = partition };
        int jobs = partition.Tiles * problem.Batch;
        if (partition.Parallel && jobs > 1)
            KernelPool.For(jobs, ref job);
        else
            for (int i = 0; i < jobs; i++) job.Execute(i);
    }

    private struct TileJob : IParallelJob
    {
        public GemmProblem<T> Problem;
        public GemmPartition Partition;

        public void Execute(int index)
        {
            ref readonly var p = ref Problem;
            var part = Partition;
            int t = index / part.Tiles, tile = index % part.Tiles;
            int rowTile = tile / part.ColTiles, colTile = tile % part.ColTiles;
            // Tiles are cut on whole MR-row panels and whole vectors of columns: the vectors of C (and which of
            // them are partial, at the right edge only) are then the same whatever the partition.
            int mp = (p.M + MR - 1) / MR, nv = (p.N + TS.Lanes - 1) / TS.Lanes;
            int i0 = (int)((long)mp * rowTile / part.RowTiles) * MR;
            int i1 = Math.Min(p.M, (int)((long)mp * (rowTile + 1) / part.RowTiles) * MR);
            int j0 = (int)((long)nv * colTile / part.ColTiles) * TS.Lanes;
            int j1 = Math.Min(p.N, (int)((long)nv * (colTile + 1) / part.ColTiles) * TS.Lanes);
            if (i0 >= i1 || j0 >= j1) return;
            RunTile(p, p.A + t * p.StrideA, p.B + t * p.StrideB, p.C + t * p.StrideC, i0, i1, j0, j1);
            GemmEpilogueKernel<T>.Apply(p.Bias, p.Relu, p.C + t * p.StrideC, p.Ldc, i0, i1, j0, j1);
        }
    }

    /// <summary>C[i0..i1, j0..j1] of one product, over the whole depth k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunTile(in GemmProblem<T> p, T* a, T* b, T* c, int i0, int i1, int j0, int j1)
    {
        int nr = NR;
        int kcBlock = GemmBlocking.KcBlock(p.K, sizeof(T), MR);
        int ncMax = GemmBlocking.NcMax(kcBlock, sizeof(T), nr);
        // Balanced column blocks: a tile a little wider than ncMax makes two half blocks, not a full one and a sliver.
        int colBlocks = (j1 - j0 + ncMax - 1) / ncMax;
        int ncBlock = ((j1 - j0 + colBlocks - 1) / colBlocks + nr - 1) / nr * nr;

        T* packedB = (T*)GemmWorkspace.Get();
        T* packedA = packedB + (nint)kcBlock * ncBlock;
        // A row-major op(B) under a short tile is read in place; only its ragged right edge is packed.
        bool direct = !p.TransB && i1 - i0 <= GemmBlocking.DirectBRows;

        for (int jc = j0; jc < j1; jc += ncBlock)
        {
            int nc = Math.Min(ncBlock, j1 - jc);
            int inPlace = direct ? nc / nr * nr : 0;
            for (int pc = 0; pc < p.K; pc += kcBlock)
            {
                int kc = Math.Min(kcBlock, p.K - pc);
                bool overwrite = !p.Accumulate && pc == 0;
                if (inPlace < nc)
                    GemmPacking<T>.PackB<TS, TV>(packedB, b, p.Ldb, p.TransB, pc, kc, jc + inPlace, nc - inPlace);
                T* bRow = b + (nint)pc * p.Ldb + jc;
                for (int ir = i0; ir < i1; ir += MR)
                {
                    int mr = Math.Min(MR, i1 - ir);
                    GemmPacking<T>.PackA<TS, TV>(packedA, a, p.Lda, p.TransA, ir, mr, pc, kc);
                    T* cRow = c + (nint)ir * p.Ldc + jc;
                    int jr = 0;
                    for (; jr < inPlace; jr += nr)
                        GemmMicroKernel<T, TS, TV>.Run(mr, nr, kc, packedA, bRow + jr, p.Ldb, cRow + jr, p.Ldc, overwrite);
                    for (; jr < nc; jr += nr)
                        GemmMicroKernel<T, TS, TV>.Run(mr, Math.Min(nr, nc - jr), kc, packedA,
                            packedB + (nint)(jr - inPlace) * kc, nr, cRow + jr, p.Ldc, overwrite);
                }
            }
        }
    }
}

/// <summary>Each thread's packing buffers, allocated on its first GEMM and reused by every later one.</summary>
internal static unsafe class GemmWorkspace
{
    [ThreadStatic] private static byte[]? _buffer;

    /// <summary>A 64-byte aligned block of <see cref="GemmBlocking.WorkspaceBytes"/> bytes, private to this thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte* Get()
    {
        // Pinned-heap arrays never move; the thread-static reference keeps it alive as long as the thread.
        var buffer = _buffer ??= GC.AllocateUninitializedArray<byte>(GemmBlocking.WorkspaceBytes + CpuStorage.Alignment, pinned: true);
        return (byte*)CpuStorage.AlignUp((nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer)));
    }
}

/// <summary>The GEMM epilogue on a block of C (<see cref="GemmEpilogue"/>): the same vectorised add and maximum as the
/// element-wise kernels, row segment by row segment (both are exact per element, so the segmenting cannot change a bit).</summary>
internal static unsafe class GemmEpilogueKernel<T> where T : unmanaged, INumberBase<T>
{
    public static void Apply(T* bias, bool relu, T* c, int ldc, int i0, int i1, int j0, int j1)
    {
        if (bias is null && !relu) return;
        int n = j1 - j0;
        for (int i = i0; i < i1; i++)
        {
            T* row = c + (nint)i * ldc + j0;
            if (typeof(T) == typeof(float)) Row(new Span<float>((float*)row, n), bias is null ? default : new ReadOnlySpan<float>((float*)bias + j0, n), relu);
            else Row(new Span<double>((double*)row, n), bias is null ? default : new ReadOnlySpan<double>((double*)bias + j0, n), relu);
        }
    }

    private static void Row<TF>(Span<TF> row, ReadOnlySpan<TF> bias, bool relu) where TF : unmanaged, IFloatingPointIeee754<TF>
    {
        if (!bias.IsEmpty) System.Numerics.Tensors.TensorPrimitives.Add<TF>(row, bias, row);
        if (relu) System.Numerics.Tensors.TensorPrimitives.Max<TF>(row, TF.Zero, row);
    }
}
