using ILGPU;

namespace DeepLearning.Ilgpu.Kernels;

/// <summary>The strides and sizes of one batched matrix product c (m×n) = a (m×k) · b (k×n).</summary>
internal struct GemmArgs
{
    public int M, N, K, ARow, ACol, BRow, BCol, CRow, CCol, Accumulate, BatchStart;
}

/// <summary>
/// A simple tiled GEMM: a group of <see cref="Tile"/>×<see cref="Tile"/> threads computes one tile of c, staging
/// tiles of a and b in shared memory (the classic CUDA shared-memory matrix multiply). Grid z is the batch.
/// Operands may be strided (transposed views) and broadcast over batch axes; ragged edges load zeros.
/// </summary>
internal static class MatMulKernels
{
    /// <summary>Tile side: 16×16 = 256 threads per group.</summary>
    public const int Tile = 16;

    /// <param name="a">a's memory.</param>
    /// <param name="la">a's batch layout: c's batch shape with a's batch strides and offset.</param>
    /// <param name="b">b's memory.</param>
    /// <param name="lb">b's batch layout.</param>
    /// <param name="c">c's memory.</param>
    /// <param name="lc">c's batch layout.</param>
    /// <param name="g">Sizes and matrix strides.</param>
    public static void Gemm(ArrayView<byte> a, ViewLayout la, ArrayView<byte> b, ViewLayout lb,
        ArrayView<byte> c, ViewLayout lc, GemmArgs g)
    {
        var sa = SharedMemory.Allocate<double>(Tile * Tile);
        var sb = SharedMemory.Allocate<double>(Tile * Tile);
        int tx = Group.IdxX, ty = Group.IdxY;
        int col = Grid.IdxX * Tile + tx, row = Grid.IdxY * Tile + ty;
        long batch = g.BatchStart + Grid.IdxZ;
        long a0 = la.OffsetOf(batch), b0 = lb.OffsetOf(batch), c0 = lc.OffsetOf(batch);
        double acc = 0;
        for (int p0 = 0; p0 < g.K; p0 += Tile)
        {
            int pa = p0 + tx, pb = p0 + ty;
            sa[ty * Tile + tx] = row < g.M && pa < g.K ? Element.LoadAt(a, la.DType, a0 + (long)row * g.ARow + (long)pa * g.ACol) : 0;
            sb[ty * Tile + tx] = pb < g.K && col < g.N ? Element.LoadAt(b, lb.DType, b0 + (long)pb * g.BRow + (long)col * g.BCol) : 0;
            Group.Barrier();
            for (int p = 0; p < Tile; p++) acc += sa[ty * Tile + p] * sb[p * Tile + tx];
            Group.Barrier();
        }
        if (row >= g.M || col >= g.N) return;
        long at = c0 + (long)row * g.CRow + (long)col * g.CCol;
        if (g.Accumulate != 0) acc += Element.LoadAt(c, lc.DType, at);
        Element.StoreAt(c, lc.DType, at, acc);
    }
}
