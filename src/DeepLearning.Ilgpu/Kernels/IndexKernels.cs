using ILGPU;

namespace DeepLearning.Ilgpu.Kernels;

/// <summary>Gather and scatter-add along one axis. Scatter-add runs one thread per output element, which sums the
/// source slices whose index hits it in order of j: no atomics, so the result is deterministic.</summary>
internal static class IndexKernels
{
    // source: x at y's coordinates with the gathered axis's stride set to 0.
    public static void Gather(Index1D o, ArrayView<byte> x, ViewLayout source, int axis, int limit, int axisStride,
        ArrayView<byte> indices, ViewLayout lidx, ArrayView<byte> y, ViewLayout ly, ArrayView<int> errors)
    {
        int j = ly.Coordinate(o, axis);
        int k = (int)Element.Load(indices, lidx, j);
        if ((uint)k >= (uint)limit)
        {
            ErrorCodes.Raise(errors, ErrorCodes.GatherIndex, k, limit, j);
            Element.Store(y, ly, o, 0);
            return;
        }
        Element.Store(y, ly, o, Element.LoadAt(x, source.DType, source.OffsetOf(o) + (long)k * axisStride));
    }

    /// <summary>Checks every index of a scatter-add (one thread per index).</summary>
    public static void CheckIndices(Index1D j, ArrayView<byte> indices, ViewLayout lidx, int limit, ArrayView<int> errors)
    {
        int k = (int)Element.Load(indices, lidx, j);
        if ((uint)k >= (uint)limit) ErrorCodes.Raise(errors, ErrorCodes.ScatterAddIndex, k, limit, j);
    }

    // source: src at y's coordinates with the scattered axis's stride set to 0.
    public static void ScatterAdd(Index1D o, ArrayView<byte> src, ViewLayout source, int axis, int count, int axisStride,
        ArrayView<byte> indices, ViewLayout lidx, ArrayView<byte> y, ViewLayout ly)
    {
        int k = ly.Coordinate(o, axis);
        long start = source.OffsetOf(o);
        double acc = Element.Load(y, ly, o);
        bool hit = false;
        for (int j = 0; j < count; j++)
        {
            if ((int)Element.Load(indices, lidx, j) != k) continue;
            acc += Element.LoadAt(src, source.DType, start + (long)j * axisStride);
            hit = true;
        }
        if (hit) Element.Store(y, ly, o, acc);
    }
}
