using DeepLearning.Devices;
using ILGPU;

namespace DeepLearning.Ilgpu.Kernels;

/// <summary>Reductions, arg-reductions and top-k: one thread per output, which walks its reduced elements in
/// row-major order (a fixed order, so results are deterministic), accumulating in double.</summary>
internal static class ReduceKernels
{
    // o: The output element.
    // x: The input memory.
    // outer: The input at the output's coordinates: y's shape with x's strides and offset.
    // inner: The reduced sub-block: x's shape on reduced axes (1 elsewhere), x's strides, offset 0.
    // count: Elements per output (the inner layout's element count).
    // y: The output memory.
    // ly: The output layout.
    // op: The <see cref="ReduceOp"/>.
    public static void Reduce(Index1D o, ArrayView<byte> x, ViewLayout outer, ViewLayout inner, int count,
        ArrayView<byte> y, ViewLayout ly, int op)
    {
        long start = outer.OffsetOf(o);
        double acc = op == (int)ReduceOp.Max ? double.NegativeInfinity : op == (int)ReduceOp.Min ? double.PositiveInfinity : 0;
        for (int r = 0; r < count; r++)
        {
            double v = Element.LoadAt(x, outer.DType, start + inner.OffsetOf(r));
            if (op == (int)ReduceOp.Max) acc = double.IsNaN(acc) || acc >= v ? acc : v;
            else if (op == (int)ReduceOp.Min) acc = double.IsNaN(acc) || acc <= v ? acc : v;
            else acc += v;
        }
        if (op == (int)ReduceOp.Mean) acc /= count;
        if (count == 0 && op != (int)ReduceOp.Sum) acc = double.NaN;
        Element.Store(y, ly, o, acc);
    }

    /// <summary>Index of the extreme along one axis (first on ties, NaN wins).</summary>
    // outer: x at y's coordinates (y's shape, x's strides and offset).
    public static void ArgReduce(Index1D o, ArrayView<byte> x, ViewLayout outer, int length, int stride,
        ArrayView<byte> y, ViewLayout ly, int op)
    {
        long start = outer.OffsetOf(o);
        int best = 0;
        double bestValue = double.NaN;
        for (int j = 0; j < length; j++)
        {
            double v = Element.LoadAt(x, outer.DType, start + (long)j * stride);
            bool better = j == 0 || (double.IsNaN(v) ? !double.IsNaN(bestValue) : op == (int)ArgReduceOp.ArgMax ? v > bestValue : v < bestValue);
            if (better)
            {
                best = j;
                bestValue = v;
            }
        }
        Element.Store(y, ly, o, best);
    }

    /// <summary>The k largest along the last axis, descending; NaN first, ties by lower index. Pick t is the best
    /// element strictly after pick t − 1 in that total order, so no scratch memory is needed (O(k·n) per row).</summary>
    // rows: x with the last axis of size 1 (row r's first element).
    public static void TopK(Index1D r, ArrayView<byte> x, ViewLayout rows, int length, int stride, int k,
        ArrayView<byte> values, ViewLayout lv, ArrayView<byte> indices, ViewLayout li)
    {
        long start = rows.OffsetOf(r);
        double previous = 0;
        int previousIndex = -1;
        for (int t = 0; t < k; t++)
        {
            int best = -1;
            double bestValue = 0;
            for (int j = 0; j < length; j++)
            {
                double v = Element.LoadAt(x, rows.DType, start + (long)j * stride);
                if (previousIndex >= 0 && !Before(previous, previousIndex, v, j)) continue;
                if (best < 0 || Before(v, j, bestValue, best))
                {
                    best = j;
                    bestValue = v;
                }
            }
            Element.Store(values, lv, (long)r.X * k + t, bestValue);
            Element.Store(indices, li, (long)r.X * k + t, best);
            previous = bestValue;
            previousIndex = best;
        }
    }

    /// <summary>True when (a, i) comes before (b, j): larger first, NaN above +∞, then the lower index.</summary>
    private static bool Before(double a, int i, double b, int j)
    {
        bool an = double.IsNaN(a), bn = double.IsNaN(b);
        if (an != bn) return an;
        if (!an && a != b) return a > b;
        return i < j;
    }
}
