using System.Numerics;

namespace DeepLearning.Devices.Cpu;

/// <summary>Gather, scatter-add, arg-reductions and top-k on the CPU. Each walks the positions of the other axes
/// with a <see cref="StridedLoop"/> (so work is tiled over threads) and handles the indexed axis itself.</summary>
internal static unsafe class CpuIndexing
{
    /// <summary>A view with one axis collapsed to size 1 (its stride is kept but never stepped).</summary>
    private static StridedView Collapse(in StridedView v, int axis) => v with { Shape = v.Shape.With(axis, 1) };

    public static void Gather(in StridedView x, int axis, in StridedView indices, in StridedView y)
    {
        // Iterate over y; the index operand is broadcast along every axis but `axis`.
        Span<int> st = stackalloc int[Shape.MaxRank];
        st[axis] = indices.Strides[0];
        var idxView = new StridedView(indices.Storage, indices.Offset, y.Shape, new Strides(st[..y.Shape.Rank]));
        var xView = x with { Shape = y.Shape, Strides = WithStride(x.Strides, axis, 0) };
        var loop = StridedLoop.Create(y, xView, idxView);
        int axisStride = x.Strides[axis], limit = x.Shape[axis];
        int* idx = CpuElementwise.Ptr<int>(indices);
        switch (y.DType)
        {
            case DType.Float32: { var k = new GatherRow<float> { Y = CpuElementwise.Ptr<float>(y), X = CpuElementwise.Ptr<float>(x), I = idx, AxisStride = axisStride, Limit = limit }; loop.Run(ref k); break; }
            case DType.Float64: { var k = new GatherRow<double> { Y = CpuElementwise.Ptr<double>(y), X = CpuElementwise.Ptr<double>(x), I = idx, AxisStride = axisStride, Limit = limit }; loop.Run(ref k); break; }
            default: { var k = new GatherRow<int> { Y = CpuElementwise.Ptr<int>(y), X = CpuElementwise.Ptr<int>(x), I = idx, AxisStride = axisStride, Limit = limit }; loop.Run(ref k); break; }
        }
    }

    public static void ScatterAdd(in StridedView src, int axis, in StridedView indices, in StridedView y)
    {
        // Tiles cover distinct positions of the other axes; the indexed axis is walked in order inside a tile,
        // so repeated indices accumulate deterministically.
        var ys = Collapse(y, axis);
        var ss = Collapse(src, axis);
        var loop = StridedLoop.Create(ys, ss);
        int len = src.Shape[axis], yAxis = y.Strides[axis], sAxis = src.Strides[axis], limit = y.Shape[axis];
        int* idx = CpuElementwise.Ptr<int>(indices);
        int idxStride = indices.Strides[0];
        for (int j = 0; j < len; j++)
        {
            int k = idx[(long)j * idxStride];
            if ((uint)k >= (uint)limit)
                throw new ArgumentOutOfRangeException(nameof(indices), k, $"ScatterAdd: index {k} at position {j} is out of range [0, {limit}) along axis {axis}.");
        }
        switch (y.DType)
        {
            case DType.Float32: { var k = new ScatterRow<float> { Y = CpuElementwise.Ptr<float>(y), S = CpuElementwise.Ptr<float>(src), I = idx, IStride = idxStride, Len = len, YAxis = yAxis, SAxis = sAxis }; loop.Run(ref k); break; }
            case DType.Float64: { var k = new ScatterRow<double> { Y = CpuElementwise.Ptr<double>(y), S = CpuElementwise.Ptr<double>(src), I = idx, IStride = idxStride, Len = len, YAxis = yAxis, SAxis = sAxis }; loop.Run(ref k); break; }
            default: { var k = new ScatterRow<int> { Y = CpuElementwise.Ptr<int>(y), S = CpuElementwise.Ptr<int>(src), I = idx, IStride = idxStride, Len = len, YAxis = yAxis, SAxis = sAxis }; loop.Run(ref k); break; }
        }
    }

    public static void ArgReduce(ArgReduceOp op, in StridedView x, int axis, in StridedView y)
    {
        var loop = StridedLoop.Create(y, Collapse(x, axis));
        int len = x.Shape[axis], stride = x.Strides[axis];
        int* yp = CpuElementwise.Ptr<int>(y);
        switch (x.DType)
        {
            case DType.Float32: { var k = new ArgRow<float> { Y = yp, X = CpuElementwise.Ptr<float>(x), Len = len, Stride = stride, Max = op == ArgReduceOp.ArgMax }; loop.Run(ref k); break; }
            case DType.Float64: { var k = new ArgRow<double> { Y = yp, X = CpuElementwise.Ptr<double>(x), Len = len, Stride = stride, Max = op == ArgReduceOp.ArgMax }; loop.Run(ref k); break; }
            default: { var k = new ArgRow<int> { Y = yp, X = CpuElementwise.Ptr<int>(x), Len = len, Stride = stride, Max = op == ArgReduceOp.ArgMax }; loop.Run(ref k); break; }
        }
    }

    public static void TopK(in StridedView x, int k, in StridedView values, in StridedView indices)
    {
        int last = x.Shape.Rank - 1;
        var loop = StridedLoop.Create(Collapse(values, last), Collapse(x, last), Collapse(indices, last));
        var common = (Len: x.Shape[last], XS: x.Strides[last], VS: values.Strides[last], IS: indices.Strides[last]);
        int* ip = CpuElementwise.Ptr<int>(indices);
        switch (x.DType)
        {
            case DType.Float32: { var r = new TopKRow<float> { V = CpuElementwise.Ptr<float>(values), X = CpuElementwise.Ptr<float>(x), I = ip, K = k, Len = common.Len, XS = common.XS, VS = common.VS, IS = common.IS }; loop.Run(ref r); break; }
            case DType.Float64: { var r = new TopKRow<double> { V = CpuElementwise.Ptr<double>(values), X = CpuElementwise.Ptr<double>(x), I = ip, K = k, Len = common.Len, XS = common.XS, VS = common.VS, IS = common.IS }; loop.Run(ref r); break; }
            default: { var r = new TopKRow<int> { V = CpuElementwise.Ptr<int>(values), X = CpuElementwise.Ptr<int>(x), I = ip, K = k, Len = common.Len, XS = common.XS, VS = common.VS, IS = common.IS }; loop.Run(ref r); break; }
        }
    }

    private static Strides WithStride(Strides s, int axis, int value)
    {
        Span<int> d = stackalloc int[Shape.MaxRank];
        s.CopyTo(d);
        d[axis] = value;
        return new Strides(d[..s.Rank]);
    }

    /// <summary>True when a is ranked above b: larger, NaN largest, ties to the lower index (callers scan upward).</summary>
    private static bool Above<T>(T a, T b) where T : INumber<T> => T.IsNaN(a) ? !T.IsNaN(b) : a > b;

    /// <summary>True when a is ranked below b: smaller, NaN smallest.</summary>
    private static bool Below<T>(T a, T b) where T : INumber<T> => T.IsNaN(a) ? !T.IsNaN(b) : a < b;

    private struct GatherRow<T> : IRowKernel where T : unmanaged
    {
        public T* Y, X;
        public int* I;
        public int AxisStride, Limit;

        public void Row(long oy, long ox, long oi, long o3, int sy, int sx, int si, int s3, int count)
        {
            for (int i = 0; i < count; i++)
            {
                int k = I[oi + (long)i * si];
                if ((uint)k >= (uint)Limit)
                    throw new ArgumentOutOfRangeException("indices", k, $"Gather: index {k} is out of range [0, {Limit}).");
                Y[oy + (long)i * sy] = X[ox + (long)i * sx + (long)k * AxisStride];
            }
        }
    }

    private struct ScatterRow<T> : IRowKernel where T : unmanaged, INumber<T>
    {
        public T* Y, S;
        public int* I;
        public int IStride, Len, YAxis, SAxis;

        public void Row(long oy, long os, long o2, long o3, int sy, int ss, int s2, int s3, int count)
        {
            for (int j = 0; j < Len; j++)
            {
                T* y = Y + oy + (long)I[(long)j * IStride] * YAxis;
                T* s = S + os + (long)j * SAxis;
                if (sy == 1 && ss == 1)
                {
                    var dst = new Span<T>(y, count);
                    VectorMap.Binary<T, AddOp>(dst, new ReadOnlySpan<T>(s, count), dst, T.Zero, T.Zero);
                }
                else
                {
                    for (int i = 0; i < count; i++) y[(long)i * sy] += s[(long)i * ss];
                }
            }
        }

        private struct AddOp : IVectorBinary<T>
        {
            public static T Scalar(T x, T y, T a, T b) => x + y;
            public static System.Runtime.Intrinsics.Vector256<T> Vector(System.Runtime.Intrinsics.Vector256<T> x, System.Runtime.Intrinsics.Vector256<T> y,
                System.Runtime.Intrinsics.Vector256<T> a, System.Runtime.Intrinsics.Vector256<T> b) => x + y;
        }
    }

    private struct ArgRow<T> : IRowKernel where T : unmanaged, INumber<T>
    {
        public int* Y;
        public T* X;
        public int Len, Stride;
        public bool Max;

        public void Row(long oy, long ox, long o2, long o3, int sy, int sx, int s2, int s3, int count)
        {
            for (int i = 0; i < count; i++)
            {
                T* p = X + ox + (long)i * sx;
                int best = 0;
                T bestValue = p[0];
                for (int j = 1; j < Len; j++)
                {
                    T v = p[(long)j * Stride];
                    if (Max ? Above(v, bestValue) : Below(v, bestValue))
                    {
                        best = j;
                        bestValue = v;
                    }
                }
                Y[oy + (long)i * sy] = best;
            }
        }
    }

    private struct TopKRow<T> : IRowKernel where T : unmanaged, INumber<T>
    {
        public T* V, X;
        public int* I;
        public int K, Len, XS, VS, IS;

        public void Row(long ov, long ox, long oi, long o3, int sv, int sx, int si, int s3, int count)
        {
            if (K == 0) return;
            Span<int> order = K <= 256 ? stackalloc int[K] : new int[K];
            for (int r = 0; r < count; r++)
            {
                T* x = X + ox + (long)r * sx;
                int filled = 0;
                for (int j = 0; j < Len; j++)
                {
                    T v = x[(long)j * XS];
                    if (filled == K && !Above(v, x[(long)order[K - 1] * XS])) continue;
                    int pos = filled < K ? filled++ : K - 1;
                    while (pos > 0 && Above(v, x[(long)order[pos - 1] * XS]))
                    {
                        order[pos] = order[pos - 1];
                        pos--;
                    }
                    order[pos] = j;
                }
                for (int t = 0; t < K; t++)
                {
                    V[ov + (long)r * sv + (long)t * VS] = x[(long)order[t] * XS];
                    I[oi + (long)r * si + (long)t * IS] = order[t];
                }
            }
        }
    }
}
