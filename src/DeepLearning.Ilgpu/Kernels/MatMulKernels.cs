using ILGPU;

namespace DeepLearning.Ilgpu.Kernels;

/// <summary>The strides and sizes of one batched matrix product c (m×n) = a (m×k) · b (k×n).</summary>
internal struct GemmArgs
{
    public int M, N, K, ARow, ACol, BRow, BCol, CRow, CCol, Accumulate, BatchStart;
}

/// <summary>
/// A simple tiled GEMM: a square group of T×T threads computes one T×T tile of c, staging tiles of a and b in
/// dynamic shared memory (2·T² doubles; the classic CUDA shared-memory matrix multiply). T is the group's width:
/// <see cref="TileFor"/> picks 16 on a GPU and less where groups are smaller (ILGPU's CPU accelerator). Grid z is
/// the batch. Operands may be strided (transposed views) and broadcast over batch axes; ragged edges load zeros.
/// </summary>
internal static class MatMulKernels
{
    /// <summary>The largest tile side at most 16 whose square fits a group of <paramref name="maxGroupSize"/> threads.</summary>
    public static int TileFor(int maxGroupSize)
    {
        int tile = 16;
        while (tile * tile > maxGroupSize) tile /= 2;
        return tile;
    }

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
        int tile = Group.DimX;
        var shared = SharedMemory.GetDynamic<double>();
        var sa = shared.SubView(0, tile * tile);
        var sb = shared.SubView(tile * tile, tile * tile);
        int tx = Group.IdxX, ty = Group.IdxY;
        int col = Grid.IdxX * tile + tx, row = Grid.IdxY * tile + ty;
        long batch = g.BatchStart + Grid.IdxZ;
        long a0 = la.OffsetOf(batch), b0 = lb.OffsetOf(batch), c0 = lc.OffsetOf(batch);
        double acc = 0;
        for (int p0 = 0; p0 < g.K; p0 += tile)
        {
            int pa = p0 + tx, pb = p0 + ty;
            sa[ty * tile + tx] = row < g.M && pa < g.K ? Element.LoadAt(a, la.DType, a0 + (long)row * g.ARow + (long)pa * g.ACol) : 0;
            sb[ty * tile + tx] = pb < g.K && col < g.N ? Element.LoadAt(b, lb.DType, b0 + (long)pb * g.BRow + (long)col * g.BCol) : 0;
            Group.Barrier();
            for (int p = 0; p < tile; p++) acc += sa[ty * tile + p] * sb[p * tile + tx];
            Group.Barrier();
        }
        if (row >= g.M || col >= g.N) return;
        long at = c0 + (long)row * g.CRow + (long)col * g.CCol;
        if (g.Accumulate != 0) acc += Element.LoadAt(c, lc.DType, at);
        Element.StoreAt(c, lc.DType, at, acc);
    }
}
