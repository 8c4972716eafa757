using DeepLearning.Devices.Cpu;

namespace DeepLearning.Devices.Reference;

/// <summary>
/// A deliberately simple device used as a test oracle: every element is stored as a double, every kernel is a
/// scalar loop over logical indices computing in double precision, and float32 results are rounded to float32
/// when stored. No span into its storage leaves this class; the only way in or out is
/// <see cref="Device.Upload{T}"/> and <see cref="Device.Download{T}"/>, which it counts, so tests can check that the core never
/// touches device memory directly.
/// </summary>
public sealed class ReferenceDevice : Device
{
    private long _uploads, _downloads, _frees;

    /// <inheritdoc />
    public override string Name => "reference";

    /// <summary>Number of host-to-device copies so far.</summary>
    public long Uploads => Interlocked.Read(ref _uploads);

    /// <summary>Number of device-to-host copies (synchronisations) so far.</summary>
    public long Downloads => Interlocked.Read(ref _downloads);

    /// <summary>Number of blocks freed through <see cref="FreeStorage"/> so far.</summary>
    public long Frees => Interlocked.Read(ref _frees);

    private sealed class ReferenceStorage(Device device, DType dtype, int length) : Storage(device, dtype, length)
    {
        public readonly double[] Data = new double[length];
    }

    /// <inheritdoc />
    protected override Storage CreateStorage(DType dtype, int length) => new ReferenceStorage(this, dtype, length);

    /// <summary>Counts the free; the block's array goes with its storage object.</summary>
    protected override void FreeStorage(Storage storage) => Interlocked.Increment(ref _frees);

    private static double[] Data(in StridedView v) => ((ReferenceStorage)v.Storage).Data;

    /// <summary>Storage offset of the element with row-major linear index <paramref name="linear"/>.</summary>
    private static long OffsetOf(in StridedView v, long linear)
    {
        long off = v.Offset;
        for (int i = v.Shape.Rank - 1; i >= 0; i--)
        {
            int n = v.Shape[i];
            off += linear % n * v.Strides[i];
            linear /= n;
        }
        return off;
    }

    private static double Get(in StridedView v, long linear) => Data(v)[OffsetOf(v, linear)];

    private static void Set(in StridedView v, long linear, double value) => Data(v)[OffsetOf(v, linear)] = Store(v.DType, value);

    /// <summary>Stores <paramref name="values"/> (computed in full first, so an output may alias an input) in row-major order.</summary>
    private static void SetAll(in StridedView v, double[] values)
    {
        for (long i = 0; i < values.Length; i++) Set(v, i, values[i]);
    }

    /// <summary>Rounds a double to what the dtype can hold: float32 rounding, int32 truncation with saturation (NaN → 0).</summary>
    private static double Store(DType dtype, double value) => dtype switch
    {
        DType.Float32 => (float)value,
        DType.Int32 => double.IsNaN(value) ? 0 : Math.Clamp(Math.Truncate(value), int.MinValue, int.MaxValue),
        _ => value,
    };

    /// <inheritdoc />
    protected override void UploadKernel<T>(ReadOnlySpan<T> source, in StridedView destination)
    {
        Interlocked.Increment(ref _uploads);
        for (int i = 0; i < source.Length; i++) Set(destination, i, ToDouble(source[i]));
    }

    /// <inheritdoc />
    protected override void DownloadKernel<T>(in StridedView source, Span<T> destination)
    {
        Interlocked.Increment(ref _downloads);
        for (int i = 0; i < destination.Length; i++) destination[i] = FromDouble<T>(Get(source, i));
    }

    private static double ToDouble<T>(T v) where T : unmanaged => v switch
    {
        float f => f,
        double d => d,
        int n => n,
        _ => throw new NotSupportedException(typeof(T).Name),
    };

    private static T FromDouble<T>(double v) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return (T)(object)(float)v;
        if (typeof(T) == typeof(double)) return (T)(object)v;
        return (T)(object)(int)v;
    }

    /// <inheritdoc />
    protected override void FillKernel(in StridedView y, double value)
    {
        for (long i = 0; i < y.ElementCount; i++) Set(y, i, value);
    }

    /// <inheritdoc />
    protected override void CopyKernel(in StridedView x, in StridedView y)
    {
        var tmp = new double[x.ElementCount];
        for (long i = 0; i < tmp.Length; i++) tmp[i] = Get(x, i);
        SetAll(y, tmp);
    }

    /// <inheritdoc />
    protected override void UnaryKernel(UnaryOp op, in StridedView x, in StridedView y, double alpha, double beta)
    {
        var tmp = new double[x.ElementCount];
        for (long i = 0; i < tmp.Length; i++) tmp[i] = ReferenceMath.Unary(op, Get(x, i), alpha, beta);
        SetAll(y, tmp);
    }

    /// <inheritdoc />
    protected override void BinaryKernel(BinaryOp op, in StridedView a, in StridedView b, in StridedView y, double alpha, double beta)
    {
        var tmp = new double[y.ElementCount];
        for (long i = 0; i < tmp.Length; i++)
        {
            double p = Get(a, i), q = Get(b, i);
            if (y.DType == DType.Int32 && op == BinaryOp.Div)
            {
                if (q == 0) throw new DivideByZeroException("Div: integer division by zero.");
                tmp[i] = Math.Truncate(p / q);
            }
            else tmp[i] = ReferenceMath.Binary(op, p, q, alpha, beta);
        }
        SetAll(y, tmp);
    }

    /// <inheritdoc />
    protected override void SelectKernel(in StridedView condition, in StridedView a, in StridedView b, in StridedView y)
    {
        var tmp = new double[y.ElementCount];
        for (long i = 0; i < tmp.Length; i++) tmp[i] = Get(condition, i) != 0 ? Get(a, i) : Get(b, i);
        SetAll(y, tmp);
    }

    /// <inheritdoc />
    protected override void ReduceKernel(ReduceOp op, in StridedView x, in StridedView y)
    {
        int rank = x.Shape.Rank;
        long outputs = y.ElementCount, count = outputs == 0 ? 0 : x.ElementCount / Math.Max(outputs, 1);
        var acc = new double[outputs];
        var seen = new long[outputs];
        Array.Fill(acc, op switch { ReduceOp.Max => double.NegativeInfinity, ReduceOp.Min => double.PositiveInfinity, _ => 0 });
        Span<int> idx = stackalloc int[Shape.MaxRank];
        for (long i = 0; i < x.ElementCount; i++)
        {
            long rem = i, o = 0, scale = 1;
            for (int d = rank - 1; d >= 0; d--)
            {
                idx[d] = (int)(rem % x.Shape[d]);
                rem /= x.Shape[d];
            }
            for (int d = rank - 1; d >= 0; d--)
            {
                int yi = y.Shape[d] == 1 ? 0 : idx[d];
                o += yi * scale;
                scale *= y.Shape[d];
            }
            double v = Get(x, i);
            acc[o] = op switch
            {
                ReduceOp.Max => double.IsNaN(acc[o]) || acc[o] >= v ? acc[o] : v,
                ReduceOp.Min => double.IsNaN(acc[o]) || acc[o] <= v ? acc[o] : v,
                _ => acc[o] + v,
            };
            seen[o]++;
        }
        for (long o = 0; o < outputs; o++)
        {
            double v = op == ReduceOp.Mean ? (seen[o] == 0 ? double.NaN : acc[o] / seen[o]) : acc[o];
            if (count == 0 && op != ReduceOp.Sum) v = double.NaN;
            Set(y, o, v);
        }
    }

    /// <inheritdoc />
    protected override void ArgReduceKernel(ArgReduceOp op, in StridedView x, int axis, in StridedView y)
    {
        int len = x.Shape[axis];
        for (long o = 0; o < y.ElementCount; o++)
        {
            int best = 0;
            double bestValue = double.NaN;
            for (int j = 0; j < len; j++)
            {
                double v = Get(x, WithCoordinate(y.Shape, x.Shape, o, axis, j));
                bool better = j == 0 || (double.IsNaN(v) ? !double.IsNaN(bestValue) : op == ArgReduceOp.ArgMax ? v > bestValue : v < bestValue);
                if (better)
                {
                    best = j;
                    bestValue = v;
                }
            }
            Set(y, o, best);
        }
    }

    /// <inheritdoc />
    protected override void TopKKernel(in StridedView x, int k, in StridedView values, in StridedView indices)
    {
        var xs = x;
        int last = x.Shape.Rank - 1, len = x.Shape[last];
        long rows = len == 0 ? 0 : x.ElementCount / len;
        for (long r = 0; r < rows; r++)
        {
            var order = Enumerable.Range(0, len).Select(j => (Value: Get(xs, r * len + j), Index: j))
                .OrderByDescending(p => double.IsNaN(p.Value) ? double.PositiveInfinity : p.Value)
                .ThenBy(p => double.IsNaN(p.Value) ? 0 : 1).ThenBy(p => p.Index).Take(k).ToArray();
            for (int t = 0; t < k; t++)
            {
                Set(values, r * k + t, order[t].Value);
                Set(indices, r * k + t, order[t].Index);
            }
        }
    }

    /// <inheritdoc />
    protected override void MatMulKernel(in StridedView a, in StridedView b, in StridedView c, bool accumulate)
    {
        int r = c.Shape.Rank, m = c.Shape[r - 2], n = c.Shape[r - 1], k = a.Shape[r - 1];
        long batches = (long)m * n == 0 ? 0 : c.ElementCount / ((long)m * n);
        var tmp = new double[c.ElementCount];
        for (long t = 0; t < batches; t++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    for (int p = 0; p < k; p++)
                        s += Get(a, (t * m + i) * k + p) * Get(b, (t * k + p) * n + j);
                    long at = (t * m + i) * n + j;
                    tmp[at] = accumulate ? Get(c, at) + s : s;
                }
        SetAll(c, tmp);
    }

    /// <inheritdoc />
    protected override void GatherKernel(in StridedView x, int axis, in StridedView indices, in StridedView y)
    {
        int limit = x.Shape[axis];
        for (long o = 0; o < y.ElementCount; o++)
        {
            int j = Coordinate(y.Shape, o, axis);
            int k = (int)Get(indices, j);
            if ((uint)k >= (uint)limit)
                throw new ArgumentOutOfRangeException(nameof(indices), k, $"Gather: index {k} is out of range [0, {limit}).");
            Set(y, o, Get(x, WithCoordinate(y.Shape, x.Shape, o, axis, k)));
        }
    }

    /// <inheritdoc />
    protected override void ScatterAddKernel(in StridedView src, int axis, in StridedView indices, in StridedView y)
    {
        int limit = y.Shape[axis];
        for (int j = 0; j < indices.ElementCount; j++)
        {
            int k = (int)Get(indices, j);
            if ((uint)k >= (uint)limit)
                throw new ArgumentOutOfRangeException(nameof(indices), k, $"ScatterAdd: index {k} at position {j} is out of range [0, {limit}) along axis {axis}.");
        }
        for (long o = 0; o < src.ElementCount; o++)
        {
            int j = Coordinate(src.Shape, o, axis);
            long at = WithCoordinate(src.Shape, y.Shape, o, axis, (int)Get(indices, j));
            Set(y, at, Get(y, at) + Get(src, o));
        }
    }

    private static int Coordinate(Shape shape, long linear, int axis)
    {
        for (int d = shape.Rank - 1; d > axis; d--) linear /= shape[d];
        return (int)(linear % shape[axis]);
    }

    /// <summary>Linear index in <paramref name="target"/> of the element of <paramref name="source"/> at
    /// <paramref name="linear"/> with its <paramref name="axis"/> coordinate replaced by <paramref name="value"/>.</summary>
    private static long WithCoordinate(Shape source, Shape target, long linear, int axis, int value)
    {
        long result = 0, scale = 1;
        for (int d = source.Rank - 1; d >= 0; d--)
        {
            long c = linear % source[d];
            linear /= source[d];
            result += (d == axis ? value : c) * scale;
            scale *= target[d];
        }
        return result;
    }

    /// <inheritdoc />
    protected override void RandomKernel(RandomDistribution distribution, in StridedView y, ulong seed, ulong offset, double alpha, double beta)
    {
        for (long i = 0; i < y.ElementCount; i++) Set(y, i, Philox.Sample(distribution, y.DType, seed, offset + (ulong)i, alpha, beta));
    }

    /// <inheritdoc />
    protected override void Conv2DKernel(in StridedView x, in StridedView kernel, in StridedView y, in Conv2DGeometry g)
    {
        var acc = new double[y.ElementCount];
        foreach (var (yi, xi, ki) in Taps(g)) acc[yi] += Get(x, xi) * Get(kernel, ki);
        SetAll(y, acc);
    }

    /// <inheritdoc />
    protected override void Conv2DBackwardInputKernel(in StridedView dy, in StridedView kernel, in StridedView dx, in Conv2DGeometry g)
    {
        var acc = new double[dx.ElementCount];
        foreach (var (yi, xi, ki) in Taps(g)) acc[xi] += Get(dy, yi) * Get(kernel, ki);
        SetAll(dx, acc);
    }

    /// <inheritdoc />
    protected override void Conv2DBackwardKernelKernel(in StridedView x, in StridedView dy, in StridedView dkernel, in Conv2DGeometry g)
    {
        var acc = new double[dkernel.ElementCount];
        foreach (var (yi, xi, ki) in Taps(g)) acc[ki] += Get(x, xi) * Get(dy, yi);
        SetAll(dkernel, acc);
    }

    /// <summary>Every multiply of the convolution: (output index, input index, kernel index), padding skipped.</summary>
    private static IEnumerable<(long Y, long X, long K)> Taps(Conv2DGeometry g)
    {
        for (int n = 0; n < g.Batch; n++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++)
                    for (int oc = 0; oc < g.OutChannels; oc++)
                    {
                        int group = oc / g.GroupOutChannels;
                        long yi = (((long)n * g.OutHeight + oh) * g.OutWidth + ow) * g.OutChannels + oc;
                        for (int kh = 0; kh < g.KernelHeight; kh++)
                            for (int kw = 0; kw < g.KernelWidth; kw++)
                            {
                                int ih = oh * g.StrideHeight - g.PadTop + kh * g.DilationHeight;
                                int iw = ow * g.StrideWidth - g.PadLeft + kw * g.DilationWidth;
                                if ((uint)ih >= (uint)g.InHeight || (uint)iw >= (uint)g.InWidth) continue;
                                for (int c = 0; c < g.GroupInChannels; c++)
                                    yield return (yi, (((long)n * g.InHeight + ih) * g.InWidth + iw) * g.InChannels + group * g.GroupInChannels + c,
                                        (((long)kh * g.KernelWidth + kw) * g.GroupInChannels + c) * g.OutChannels + oc);
                            }
                    }
    }

    /// <inheritdoc />
    protected override void Pool2DKernel(PoolKind kind, in StridedView x, in StridedView y, in Pool2DGeometry g)
    {
        var xs = x;
        foreach (var (yi, cells) in Windows(g))
        {
            double v = cells.Length == 0 ? 0
                : kind == PoolKind.Max ? cells.Select(i => Get(xs, i)).Aggregate((p, q) => double.IsNaN(p) || p >= q ? p : q)
                : cells.Sum(i => Get(xs, i)) / cells.Length;
            Set(y, yi, v);
        }
    }

    /// <inheritdoc />
    protected override void Pool2DBackwardKernel(PoolKind kind, in StridedView x, in StridedView dy, in StridedView dx, in Pool2DGeometry g)
    {
        var acc = new double[dx.ElementCount];
        foreach (var (yi, cells) in Windows(g))
        {
            if (cells.Length == 0) continue;
            double grad = Get(dy, yi);
            if (kind == PoolKind.Average)
            {
                foreach (long i in cells) acc[i] += grad / cells.Length;
                continue;
            }
            long best = cells[0];
            foreach (long i in cells)
            {
                double v = Get(x, i), b = Get(x, best);
                if (!double.IsNaN(b) && (v > b || double.IsNaN(v))) best = i;
            }
            acc[best] += grad;
        }
        SetAll(dx, acc);
    }

    /// <summary>Every pooling window: (output index, the input indices of its cells inside the input).</summary>
    private static IEnumerable<(long Y, long[] Cells)> Windows(Pool2DGeometry g)
    {
        for (int n = 0; n < g.Batch; n++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++)
                    for (int c = 0; c < g.Channels; c++)
                        yield return ((((long)n * g.OutHeight + oh) * g.OutWidth + ow) * g.Channels + c, WindowCells(g, n, oh, ow, c).ToArray());
    }

    private static IEnumerable<long> WindowCells(Pool2DGeometry g, int n, int oh, int ow, int c)
    {
        for (int ph = 0; ph < g.PoolHeight; ph++)
            for (int pw = 0; pw < g.PoolWidth; pw++)
            {
                int ih = oh * g.StrideHeight - g.PadTop + ph, iw = ow * g.StrideWidth - g.PadLeft + pw;
                if ((uint)ih < (uint)g.InHeight && (uint)iw < (uint)g.InWidth)
                    yield return (((long)n * g.InHeight + ih) * g.InWidth + iw) * g.Channels + c;
            }
    }
}
