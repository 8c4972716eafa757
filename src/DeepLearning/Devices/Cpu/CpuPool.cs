using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepLearning.Devices.Cpu;

/// <summary>
/// Max and average pooling on NHWC tensors. Channels are innermost, so every window cell is a contiguous run of C
/// values: the kernels work on whole vectors of channels (scalar only for the last C mod vector-width ones), one
/// image per parallel task, so overlapping windows in the backward pass add up in a fixed order.
/// </summary>
/// <remarks>Max: NaN propagates (a NaN in the window gives NaN); the gradient goes to the first maximal cell of
/// the window in row-major order, or the first NaN. The backward pass recomputes each window's maximum, then hands
/// the gradient to the first cell equal to it with a lane mask, so it needs no saved indices.</remarks>
internal static unsafe class CpuPool
{
    public static void Forward(PoolKind kind, in StridedView x, in StridedView y, in Pool2DGeometry g)
    {
        if (x.DType == DType.Float32) Run(new ForwardJob<float> { G = g, Kind = kind, X = CpuElementwise.Ptr<float>(x), Y = CpuElementwise.Ptr<float>(y) }, g.Batch);
        else Run(new ForwardJob<double> { G = g, Kind = kind, X = CpuElementwise.Ptr<double>(x), Y = CpuElementwise.Ptr<double>(y) }, g.Batch);
    }

    public static void Backward(PoolKind kind, in StridedView x, in StridedView dy, in StridedView dx, in Pool2DGeometry g)
    {
        if (x.DType == DType.Float32) Run(new BackwardJob<float> { G = g, Kind = kind, X = CpuElementwise.Ptr<float>(x), DY = CpuElementwise.Ptr<float>(dy), DX = CpuElementwise.Ptr<float>(dx) }, g.Batch);
        else Run(new BackwardJob<double> { G = g, Kind = kind, X = CpuElementwise.Ptr<double>(x), DY = CpuElementwise.Ptr<double>(dy), DX = CpuElementwise.Ptr<double>(dx) }, g.Batch);
    }

    private static void Run<TJob>(TJob job, int count) where TJob : struct, IParallelJob => KernelPool.For(count, ref job);

    /// <summary>The rows and columns of window (oh, ow) that lie inside the input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Window(in Pool2DGeometry g, int oh, int ow, out int h0, out int h1, out int w0, out int w1)
    {
        int hs = oh * g.StrideHeight - g.PadTop, ws = ow * g.StrideWidth - g.PadLeft;
        h0 = Math.Max(hs, 0); h1 = Math.Min(hs + g.PoolHeight, g.InHeight);
        w0 = Math.Max(ws, 0); w1 = Math.Min(ws + g.PoolWidth, g.InWidth);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Max<T>(Vector256<T> a, Vector256<T> b) where T : unmanaged, INumber<T> => Ops.Maximum<T>.Vector(a, b, default, default);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Max<T>(T a, T b) where T : unmanaged, INumber<T> => Ops.Maximum<T>.Scalar(a, b, default, default);

    private struct ForwardJob<T> : IParallelJob where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Pool2DGeometry G;
        public PoolKind Kind;
        public T* X, Y;

        public void Execute(int image)
        {
            var g = G;
            long rowStride = (long)g.InWidth * g.Channels;
            ForwardRows(g, Kind, X + image * g.InHeight * rowStride, Y + (long)image * g.OutHeight * g.OutWidth * g.Channels, 0, g.OutHeight);
        }
    }

    /// <summary>Output rows [oh0, oh1) of one image: <paramref name="x"/> is the image (only the input rows those
    /// windows cover are read), <paramref name="y"/> its output.</summary>
    internal static void ForwardRows<T>(in Pool2DGeometry g, PoolKind kind, T* x, T* y, int oh0, int oh1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = g.Channels, v = Vector256.IsHardwareAccelerated ? c - c % Vector256<T>.Count : 0;
        long rowStride = (long)g.InWidth * c;
        y += (long)oh0 * g.OutWidth * c;
        bool max = kind == PoolKind.Max;
        int cells = g.PoolHeight * g.PoolWidth;
        // A whole window's cells after the first, as offsets from the first (row-major, the general loop's order).
        bool fast = max && v > 0 && cells <= 64;
        nint* cellOffsets = stackalloc nint[fast ? cells : 1];
        if (fast)
            for (int k = 1; k < cells; k++) cellOffsets[k] = (nint)((k / g.PoolWidth) * rowStride + (long)(k % g.PoolWidth) * c);
        for (int oh = oh0; oh < oh1; oh++)
        {
            for (int ow = 0; ow < g.OutWidth; ow++, y += c)
            {
                Window(g, oh, ow, out int h0, out int h1, out int w0, out int w1);
                bool whole = fast && (h1 - h0) * (w1 - w0) == cells;
                if (whole)
                {
                    MaxWholeWindow(x + h0 * rowStride + (long)w0 * c, cellOffsets, cells, y, v);
                    if (v == c) continue;
                }
                if (h1 <= h0 || w1 <= w0)
                {
                    new Span<T>(y, c).Clear();
                    continue;
                }
                T* first = x + h0 * rowStride + (long)w0 * c;
                T scale = max ? T.One : T.One / T.CreateTruncating((h1 - h0) * (w1 - w0));
                int ch = whole ? v : 0;
                if (max && Vector512.IsHardwareAccelerated)
                    for (; ch <= c - Vector512<T>.Count; ch += Vector512<T>.Count)
                    {
                        // The 256-bit loop's maxima in its order, on twice the lanes.
                        var acc = Vector512.Load(first + ch);
                        for (int h = h0; h < h1; h++)
                        {
                            T* cell = x + h * rowStride + (long)w0 * c + ch;
                            for (int w = h == h0 ? w0 + 1 : w0; w < w1; w++)
                            {
                                var value = Vector512.Load(cell + (long)(w - w0) * c);
                                acc = Ops.Maximum<T>.Vector(acc, value);
                            }
                        }
                        acc.Store(y + ch);
                    }
                for (; ch < v; ch += Vector256<T>.Count)
                {
                    var acc = Vector256.Load(first + ch);
                    for (int h = h0; h < h1; h++)
                    {
                        T* cell = x + h * rowStride + (long)w0 * c + ch;
                        for (int w = h == h0 ? w0 + 1 : w0; w < w1; w++)
                        {
                            var value = Vector256.Load(cell + (long)(w - w0) * c);
                            acc = max ? Max(acc, value) : acc + value;
                        }
                    }
                    (max ? acc : acc * scale).Store(y + ch);
                }
                for (ch = Math.Max(ch, v); ch < c; ch++)
                {
                    T acc = first[ch];
                    for (int h = h0; h < h1; h++)
                        for (int w = h == h0 ? w0 + 1 : w0; w < w1; w++)
                        {
                            T value = x[h * rowStride + (long)w * c + ch];
                            acc = max ? Max(acc, value) : acc + value;
                        }
                    y[ch] = max ? acc : acc * scale;
                }
            }
        }
    }

    /// <summary>Max over a window wholly inside the input, the first <paramref name="channels"/> channels (a multiple of
    /// the 256-bit width): cell 0 at <paramref name="first"/>, cell k at <c>first + offsets[k]</c>. The result of the
    /// general loop's rule (the earlier cell on ties, the first NaN) taken with the processor's max, whose chain is short:
    /// <c>max(v, acc)</c> keeps acc unless v is larger, which is that rule wherever there is no NaN; a vector with a NaN
    /// is redone with the rule itself.</summary>
    private static void MaxWholeWindow<T>(T* first, nint* offsets, int cells, T* y, int channels) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ch = 0;
        if (Avx512F.IsSupported)
            for (; ch <= channels - Vector512<T>.Count; ch += Vector512<T>.Count)
            {
                T* cell = first + ch;
                var acc = Vector512.Load(cell);
                var ordered = Vector512.Equals(acc, acc);
                for (int k = 1; k < cells; k++)
                {
                    var v = Vector512.Load(cell + offsets[k]);
                    ordered &= Vector512.Equals(v, v);
                    acc = typeof(T) == typeof(float)
                        ? Avx512F.Max(v.AsSingle(), acc.AsSingle()).As<float, T>()
                        : Avx512F.Max(v.AsDouble(), acc.AsDouble()).As<double, T>();
                }
                if (ordered.AsByte() != Vector512<byte>.AllBitsSet)
                {
                    acc = Vector512.Load(cell);
                    for (int k = 1; k < cells; k++) acc = Ops.Maximum<T>.Vector(acc, Vector512.Load(cell + offsets[k]));
                }
                acc.Store(y + ch);
            }
        for (; ch < channels; ch += Vector256<T>.Count)
        {
            T* cell = first + ch;
            var acc = Vector256.Load(cell);
            if (Avx.IsSupported)
            {
                var ordered = Vector256.Equals(acc, acc);
                for (int k = 1; k < cells; k++)
                {
                    var v = Vector256.Load(cell + offsets[k]);
                    ordered &= Vector256.Equals(v, v);
                    acc = typeof(T) == typeof(float)
                        ? Avx.Max(v.AsSingle(), acc.AsSingle()).As<float, T>()
                        : Avx.Max(v.AsDouble(), acc.AsDouble()).As<double, T>();
                }
                if (ordered.AsByte() == Vector256<byte>.AllBitsSet)
                {
                    acc.Store(y + ch);
                    continue;
                }
                acc = Vector256.Load(cell);
            }
            for (int k = 1; k < cells; k++) acc = Max(acc, Vector256.Load(cell + offsets[k]));
            acc.Store(y + ch);
        }
    }

    private struct BackwardJob<T> : IParallelJob where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Pool2DGeometry G;
        public PoolKind Kind;
        public T* X, DY, DX;

        public void Execute(int image)
        {
            var g = G;
            int c = g.Channels, v = Vector256.IsHardwareAccelerated ? c - c % Vector256<T>.Count : 0;
            long rowStride = (long)g.InWidth * c, inImage = g.InHeight * rowStride;
            T* x = X + image * inImage;
            T* dx = DX + image * inImage;
            T* dy = DY + (long)image * g.OutHeight * g.OutWidth * c;
            new Span<T>(dx, (int)inImage).Clear();
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++, dy += c)
                {
                    Window(g, oh, ow, out int h0, out int h1, out int w0, out int w1);
                    if (h1 <= h0 || w1 <= w0) continue;
                    long firstCell = h0 * rowStride + (long)w0 * c;
                    if (Kind == PoolKind.Average)
                    {
                        T scale = T.One / T.CreateTruncating((h1 - h0) * (w1 - w0));
                        for (int ch = 0; ch < v; ch += Vector256<T>.Count)
                        {
                            var grad = Vector256.Load(dy + ch) * scale;
                            for (int h = h0; h < h1; h++)
                                for (int w = w0; w < w1; w++)
                                {
                                    T* d = dx + h * rowStride + (long)w * c + ch;
                                    (Vector256.Load(d) + grad).Store(d);
                                }
                        }
                        for (int ch = v; ch < c; ch++)
                        {
                            T grad = dy[ch] * scale;
                            for (int h = h0; h < h1; h++)
                                for (int w = w0; w < w1; w++) dx[h * rowStride + (long)w * c + ch] += grad;
                        }
                        continue;
                    }
                    for (int ch = 0; ch < v; ch += Vector256<T>.Count)
                    {
                        var best = Vector256.Load(x + firstCell + ch);
                        for (int h = h0; h < h1; h++)
                            for (int w = h == h0 ? w0 + 1 : w0; w < w1; w++)
                                best = Max(best, Vector256.Load(x + h * rowStride + (long)w * c + ch));
                        var grad = Vector256.Load(dy + ch);
                        var bestIsNaN = ~Vector256.Equals(best, best);
                        var taken = Vector256<T>.Zero;
                        for (int h = h0; h < h1; h++)
                            for (int w = w0; w < w1; w++)
                            {
                                long at = h * rowStride + (long)w * c + ch;
                                var value = Vector256.Load(x + at);
                                var hit = Vector256.Equals(value, best) | (~Vector256.Equals(value, value) & bestIsNaN);
                                var mine = Vector256.AndNot(hit, taken);
                                (Vector256.Load(dx + at) + (grad & mine)).Store(dx + at);
                                taken |= hit;
                            }
                    }
                    for (int ch = v; ch < c; ch++)
                    {
                        long best = firstCell + ch;
                        T bestValue = x[best];
                        for (int h = h0; h < h1; h++)
                            for (int w = w0; w < w1; w++)
                            {
                                long at = h * rowStride + (long)w * c + ch;
                                T value = x[at];
                                if (!T.IsNaN(bestValue) && (value > bestValue || T.IsNaN(value)))
                                {
                                    best = at;
                                    bestValue = value;
                                }
                            }
                        dx[best] += dy[ch];
                    }
                }
            }
        }
    }
}
