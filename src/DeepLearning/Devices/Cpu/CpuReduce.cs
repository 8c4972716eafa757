using System.Numerics;
using System.Runtime.Intrinsics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace DeepLearning.Devices.Cpu;

/// <summary>
/// Reductions over any set of axes. Two strategies, chosen by where x is contiguous: when the unit-stride axis
/// is reduced, each output folds runs of that axis ("inner" mode); when it is kept, rows of outputs accumulate
/// whole input rows in order ("outer" mode, vectorised across outputs). Every sum is formed from fixed blocks of
/// the reduced index space folded in index order, so results are bit-identical for any thread count.
/// </summary>
internal static unsafe class CpuReduce
{
    /// <summary>Reduced elements per block; blocks are summed separately and then folded in order.</summary>
    private const int Block = 1 << 15;
    /// <summary>Outputs computed together in outer mode (bounded by the stack buffer).</summary>
    private const int Lanes = 512;
    /// <summary>Rows summed into a partial before it is added to the total (keeps float error ~√ of the count).</summary>
    private const int RowGroup = 64;

    private struct Geometry
    {
        public int KeptRank, RedRank;
        public Dims KeptSize, KeptX, KeptY, RedSize, RedX;
        public long Outputs, Count;
    }

    public static void Reduce(ReduceOp op, in StridedView x, in StridedView y)
    {
        var g = Analyze(x, y);
        switch (x.DType)
        {
            case DType.Float32: Run<float>(op, g, CpuElementwise.Ptr<float>(x), CpuElementwise.Ptr<float>(y)); break;
            case DType.Float64: Run<double>(op, g, CpuElementwise.Ptr<double>(x), CpuElementwise.Ptr<double>(y)); break;
            default: Run<int>(op, g, CpuElementwise.Ptr<int>(x), CpuElementwise.Ptr<int>(y)); break;
        }
    }

    private static Geometry Analyze(in StridedView x, in StridedView y)
    {
        var g = new Geometry { Outputs = 1, Count = 1 };
        for (int i = 0; i < x.Shape.Rank; i++)
        {
            int n = x.Shape[i];
            bool reduced = y.Shape[i] == 1 && n != 1;
            if (reduced)
            {
                g.Count *= n;
                if (g.RedRank > 0 && g.RedX[g.RedRank - 1] == x.Strides[i] * n)
                {
                    g.RedSize[g.RedRank - 1] *= n;
                    g.RedX[g.RedRank - 1] = x.Strides[i];
                }
                else
                {
                    g.RedSize[g.RedRank] = n;
                    g.RedX[g.RedRank++] = x.Strides[i];
                }
            }
            else if (n != 1)
            {
                g.Outputs *= n;
                int k = g.KeptRank;
                if (k > 0 && g.KeptX[k - 1] == x.Strides[i] * n && g.KeptY[k - 1] == y.Strides[i] * n)
                {
                    g.KeptSize[k - 1] *= n;
                    g.KeptX[k - 1] = x.Strides[i];
                    g.KeptY[k - 1] = y.Strides[i];
                }
                else
                {
                    g.KeptSize[k] = n;
                    g.KeptX[k] = x.Strides[i];
                    g.KeptY[k] = y.Strides[i];
                    g.KeptRank++;
                }
            }
        }
        return g;
    }

    private static void Run<T>(ReduceOp op, in Geometry g, T* x, T* y) where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        if (g.Outputs == 0) return;
        if (g.Count == 0)
        {
            T empty = op == ReduceOp.Sum ? T.Zero : typeof(T) == typeof(int) ? T.Zero : T.CreateTruncating(double.NaN);
            for (long o = 0; o < g.Outputs; o++) y[KeptOffset(g, o, out _)] = empty;
            return;
        }
        bool outerMode = g.KeptRank > 0 && g.KeptX[g.KeptRank - 1] == 1 && !(g.RedRank > 0 && g.RedX[g.RedRank - 1] == 1);
        if (outerMode)
        {
            var job = new OuterJob<T> { G = g, Op = op, X = x, Y = y };
            int inner = g.KeptSize[g.KeptRank - 1];
            job.ColumnTiles = (inner + Lanes - 1) / Lanes;
            long tiles = g.Outputs / inner * job.ColumnTiles;
            if (g.Outputs * g.Count < StridedLoop.ParallelThreshold) for (int t = 0; t < tiles; t++) job.Execute(t);
            else KernelPool.For((int)tiles, ref job);
            return;
        }
        var inner1 = new InnerJob<T> { G = g, Op = op, X = x, Y = y };
        inner1.Blocks = (int)((g.Count + Block - 1) / Block);
        if (inner1.Blocks == 1 || g.Outputs >= KernelPool.ThreadCount * 4)
        {
            // One task per group of outputs; each output folds its blocks itself.
            inner1.OutputsPerTask = Math.Max(1, (int)Math.Min(int.MaxValue, StridedLoop.TileElements / Math.Max(1, Math.Min(g.Count, Block))));
            long tasks = (g.Outputs + inner1.OutputsPerTask - 1) / inner1.OutputsPerTask;
            if (g.Outputs * g.Count < StridedLoop.ParallelThreshold) for (int t = 0; t < tasks; t++) inner1.Execute(t);
            else KernelPool.For((int)tasks, ref inner1);
            return;
        }
        // Few outputs with many blocks: one task per (output, block), partials folded in block order.
        var partials = new T[g.Outputs * inner1.Blocks];
        fixed (T* p = partials)
        {
            var blocks = new BlockJob<T> { G = g, Op = op, X = x, Partials = p, Blocks = inner1.Blocks };
            KernelPool.For((int)(g.Outputs * inner1.Blocks), ref blocks);
            for (long o = 0; o < g.Outputs; o++)
            {
                T acc = p[o * inner1.Blocks];
                for (int b = 1; b < inner1.Blocks; b++) acc = Combine(op, acc, p[o * inner1.Blocks + b]);
                y[KeptOffset(g, o, out _)] = Finish(op, acc, g.Count);
            }
        }
    }

    private static long KeptOffset(in Geometry g, long o, out long xOffset)
    {
        long yo = 0;
        xOffset = 0;
        for (int i = g.KeptRank - 1; i >= 0; i--)
        {
            long idx = o % g.KeptSize[i];
            o /= g.KeptSize[i];
            yo += idx * g.KeptY[i];
            xOffset += idx * g.KeptX[i];
        }
        return yo;
    }

    private static T Identity<T>(ReduceOp op) where T : INumber<T>, IMinMaxValue<T> => op switch
    {
        ReduceOp.Max => typeof(T) == typeof(int) ? T.MinValue : T.CreateTruncating(double.NegativeInfinity),
        ReduceOp.Min => typeof(T) == typeof(int) ? T.MaxValue : T.CreateTruncating(double.PositiveInfinity),
        _ => T.Zero,
    };

    private static T Combine<T>(ReduceOp op, T a, T b) where T : INumber<T> => op switch
    {
        ReduceOp.Max => T.IsNaN(a) || a >= b ? a : b,
        ReduceOp.Min => T.IsNaN(a) || a <= b ? a : b,
        _ => a + b,
    };

    private static T Finish<T>(ReduceOp op, T acc, long count) where T : INumber<T> =>
        op == ReduceOp.Mean ? acc / T.CreateTruncating(count) : acc;

    /// <summary>Folds reduced elements [start, start + length) of the reduced index space starting at x.</summary>
    private static T FoldRange<T>(ReduceOp op, in Geometry g, T* x, long start, long length) where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        if (g.RedRank == 0) return *x;
        T acc = Identity<T>(op);
        int last = g.RedRank - 1;
        int run = g.RedSize[last], stride = g.RedX[last];
        long pos = start, end = start + length;
        while (pos < end)
        {
            long outer = pos / run;
            int col = (int)(pos % run);
            int n = (int)Math.Min(run - col, end - pos);
            long off = (long)col * stride;
            for (int i = last - 1; i >= 0 && outer > 0; i--)
            {
                off += outer % g.RedSize[i] * g.RedX[i];
                outer /= g.RedSize[i];
            }
            acc = Combine(op, acc, FoldRun(op, x + off, stride, n));
            pos += n;
        }
        return acc;
    }

    private static T FoldRun<T>(ReduceOp op, T* p, int stride, int n) where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        if (stride == 1)
        {
            var span = new ReadOnlySpan<T>(p, n);
            if (op == ReduceOp.Max) return MaxOf(span);
            if (op == ReduceOp.Min) return MinOf(span);
            return SumOf(span);
        }
        T acc = Identity<T>(op);
        for (int i = 0; i < n; i++) acc = Combine(op, acc, p[(long)i * stride]);
        return acc;
    }

    private static T MaxOf<T>(ReadOnlySpan<T> s) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) return (T)(object)TP.Max(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(s));
        if (typeof(T) == typeof(double)) return (T)(object)TP.Max(System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(s));
        return (T)(object)TP.Max(System.Runtime.InteropServices.MemoryMarshal.Cast<T, int>(s));
    }

    private static T MinOf<T>(ReadOnlySpan<T> s) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) return (T)(object)TP.Min(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(s));
        if (typeof(T) == typeof(double)) return (T)(object)TP.Min(System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(s));
        return (T)(object)TP.Min(System.Runtime.InteropServices.MemoryMarshal.Cast<T, int>(s));
    }

    /// <summary>A sum with four vector accumulators in a fixed pattern (independent of alignment).</summary>
    internal static T SumOf<T>(ReadOnlySpan<T> s) where T : unmanaged, INumber<T>
    {
        int i = 0, n = s.Length, w = Vector256<T>.Count;
        T total = T.Zero;
        if (Vector256.IsHardwareAccelerated && n >= 4 * w)
        {
            ref T r = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(s);
            Vector256<T> a0 = Vector256<T>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; i <= n - 4 * w; i += 4 * w)
            {
                a0 += Vector256.LoadUnsafe(ref r, (nuint)i);
                a1 += Vector256.LoadUnsafe(ref r, (nuint)(i + w));
                a2 += Vector256.LoadUnsafe(ref r, (nuint)(i + 2 * w));
                a3 += Vector256.LoadUnsafe(ref r, (nuint)(i + 3 * w));
            }
            total = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        for (; i < n; i++) total += s[i];
        return total;
    }

    private struct InnerJob<T> : IParallelJob where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        public Geometry G;
        public ReduceOp Op;
        public T* X, Y;
        public int Blocks, OutputsPerTask;

        public void Execute(int task)
        {
            long start = (long)task * OutputsPerTask, end = Math.Min(G.Outputs, start + OutputsPerTask);
            for (long o = start; o < end; o++)
            {
                long yo = KeptOffset(G, o, out long xo);
                T acc = FoldRange(Op, G, X + xo, 0, Math.Min(Block, G.Count));
                for (int b = 1; b < Blocks; b++)
                    acc = Combine(Op, acc, FoldRange(Op, G, X + xo, (long)b * Block, Math.Min(Block, G.Count - (long)b * Block)));
                Y[yo] = Finish(Op, acc, G.Count);
            }
        }
    }

    private struct BlockJob<T> : IParallelJob where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        public Geometry G;
        public ReduceOp Op;
        public T* X, Partials;
        public int Blocks;

        public void Execute(int task)
        {
            long o = task / Blocks;
            int b = task % Blocks;
            KeptOffset(G, o, out long xo);
            Partials[task] = FoldRange(Op, G, X + xo, (long)b * Block, Math.Min(Block, G.Count - (long)b * Block));
        }
    }

    /// <summary>Outer mode: a tile of up to <see cref="Lanes"/> consecutive outputs along the contiguous kept axis
    /// accumulates whole input rows in reduced-index order.</summary>
    private struct OuterJob<T> : IParallelJob where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        public Geometry G;
        public ReduceOp Op;
        public T* X, Y;
        public int ColumnTiles;

        public void Execute(int task)
        {
            int inner = G.KeptSize[G.KeptRank - 1];
            long row = task / ColumnTiles;
            int col = task % ColumnTiles * Lanes, n = Math.Min(Lanes, inner - col);
            long yo = KeptOffset(G, row * inner + col, out long xo);
            int yStride = G.KeptY[G.KeptRank - 1];
            Span<T> total = stackalloc T[n];
            Span<T> group = stackalloc T[n];
            total.Fill(Identity<T>(Op));
            bool sum = Op is ReduceOp.Sum or ReduceOp.Mean;
            long count = G.Count;
            for (long r = 0; r < count; r += RowGroup)
            {
                long groupEnd = Math.Min(count, r + RowGroup);
                var acc = sum ? group : total;
                if (sum) group.Clear();
                for (long k = r; k < groupEnd; k++)
                {
                    var src = new ReadOnlySpan<T>(X + xo + RedOffset(G, k), n);
                    Accumulate(Op, acc, src);
                }
                if (sum) Accumulate(ReduceOp.Sum, total, group);
            }
            for (int i = 0; i < n; i++) Y[yo + (long)i * yStride] = Finish(Op, total[i], count);
        }

        private static long RedOffset(in Geometry g, long k)
        {
            long off = 0;
            for (int i = g.RedRank - 1; i >= 0; i--)
            {
                off += k % g.RedSize[i] * g.RedX[i];
                k /= g.RedSize[i];
            }
            return off;
        }

        private static void Accumulate(ReduceOp op, Span<T> acc, ReadOnlySpan<T> src)
        {
            switch (op)
            {
                case ReduceOp.Max: VectorMap.Binary<T, Ops.Maximum<T>>(acc, src, acc, T.Zero, T.Zero); break;
                case ReduceOp.Min: VectorMap.Binary<T, Ops.Minimum<T>>(acc, src, acc, T.Zero, T.Zero); break;
                default: VectorAdd(acc, src); break;
            }
        }

        private static void VectorAdd(Span<T> acc, ReadOnlySpan<T> src)
        {
            int i = 0, w = Vector256<T>.Count;
            ref T ra = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(acc);
            ref T rs = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(src);
            for (; i <= acc.Length - w; i += w)
                (Vector256.LoadUnsafe(ref ra, (nuint)i) + Vector256.LoadUnsafe(ref rs, (nuint)i)).StoreUnsafe(ref ra, (nuint)i);
            for (; i < acc.Length; i++) acc[i] += src[i];
        }
    }
}
