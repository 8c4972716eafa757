using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeepLearning.Devices.Cpu;

/// <summary>
/// Element-wise kernels over strided views: the <see cref="StridedLoop"/> reduces the views to rows; contiguous
/// rows go straight to the span kernels, strided or broadcast rows pass through small stack buffers.
/// </summary>
[SkipLocalsInit]   // hot path: the JIT need not zero large struct frames
internal static unsafe class CpuElementwise
{
    private const int Chunk = 512;

    [MethodImpl(MethodImplOptions.NoInlining)]   // kept out of the checked entry point's frame
    public static void Unary(UnaryOp op, in StridedView x, in StridedView y, double a, double b)
    {
        var loop = StridedLoop.Create(y, x);
        switch (y.DType)
        {
            case DType.Float32: Run(ref loop, new UnaryRow<float> { Op = op, Y = Ptr<float>(y), X = Ptr<float>(x), A = (float)a, B = (float)b }); break;
            case DType.Float64: Run(ref loop, new UnaryRow<double> { Op = op, Y = Ptr<double>(y), X = Ptr<double>(x), A = a, B = b }); break;
            default: Run(ref loop, new UnaryRow<int> { Op = op, Y = Ptr<int>(y), X = Ptr<int>(x), A = (int)a, B = (int)b }); break;
        }
    }

    public static void Binary(BinaryOp op, in StridedView a, in StridedView b, in StridedView y, double alpha, double beta) =>
        Binary(op, null, a, b, y, alpha, beta);

    /// <summary>y = g·f′(p): the fused activation derivatives, through the binary row machinery.</summary>
    public static void Derivative(ActivationDerivative op, in StridedView p, in StridedView g, in StridedView y, double alpha, double beta) =>
        Binary(default, op, p, g, y, alpha, beta);

    [MethodImpl(MethodImplOptions.NoInlining)]   // kept out of the checked entry point's frame
    private static void Binary(BinaryOp op, ActivationDerivative? derivative, in StridedView a, in StridedView b, in StridedView y, double alpha, double beta)
    {
        var loop = StridedLoop.Create(y, a, b);
        switch (y.DType)
        {
            case DType.Float32: Run(ref loop, new BinaryRow<float> { Op = op, Derivative = derivative, Y = Ptr<float>(y), P = Ptr<float>(a), Q = Ptr<float>(b), A = (float)alpha, B = (float)beta }); break;
            case DType.Float64: Run(ref loop, new BinaryRow<double> { Op = op, Derivative = derivative, Y = Ptr<double>(y), P = Ptr<double>(a), Q = Ptr<double>(b), A = alpha, B = beta }); break;
            default: Run(ref loop, new BinaryRow<int> { Op = op, Derivative = derivative, Y = Ptr<int>(y), P = Ptr<int>(a), Q = Ptr<int>(b), A = (int)alpha, B = (int)beta }); break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]   // kept out of the checked entry point's frame
    public static void Fill(in StridedView y, double value)
    {
        var loop = StridedLoop.Create(y);
        switch (y.DType)
        {
            case DType.Float32: Run(ref loop, new FillRow<float> { Y = Ptr<float>(y), Value = (float)value }); break;
            case DType.Float64: Run(ref loop, new FillRow<double> { Y = Ptr<double>(y), Value = value }); break;
            default: Run(ref loop, new FillRow<int> { Y = Ptr<int>(y), Value = int.CreateSaturating(value) }); break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]   // kept out of the checked entry point's frame
    public static void Copy(in StridedView x, in StridedView y)
    {
        var loop = StridedLoop.Create(y, x);
        switch ((x.DType, y.DType))
        {
            case (DType.Float32, DType.Float32): Run(ref loop, new CopyRow<float, float> { Y = Ptr<float>(y), X = Ptr<float>(x) }); break;
            case (DType.Float64, DType.Float64): Run(ref loop, new CopyRow<double, double> { Y = Ptr<double>(y), X = Ptr<double>(x) }); break;
            case (DType.Int32, DType.Int32): Run(ref loop, new CopyRow<int, int> { Y = Ptr<int>(y), X = Ptr<int>(x) }); break;
            case (DType.Float32, DType.Float64): Run(ref loop, new CopyRow<float, double> { Y = Ptr<double>(y), X = Ptr<float>(x) }); break;
            case (DType.Float32, DType.Int32): Run(ref loop, new CopyRow<float, int> { Y = Ptr<int>(y), X = Ptr<float>(x) }); break;
            case (DType.Float64, DType.Float32): Run(ref loop, new CopyRow<double, float> { Y = Ptr<float>(y), X = Ptr<double>(x) }); break;
            case (DType.Float64, DType.Int32): Run(ref loop, new CopyRow<double, int> { Y = Ptr<int>(y), X = Ptr<double>(x) }); break;
            case (DType.Int32, DType.Float32): Run(ref loop, new CopyRow<int, float> { Y = Ptr<float>(y), X = Ptr<int>(x) }); break;
            default: Run(ref loop, new CopyRow<int, double> { Y = Ptr<double>(y), X = Ptr<int>(x) }); break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]   // kept out of the checked entry point's frame
    public static void Select(in StridedView c, in StridedView a, in StridedView b, in StridedView y)
    {
        var loop = StridedLoop.Create(y, a, b, c);
        switch ((y.DType, c.DType))
        {
            case (DType.Float32, DType.Float32): Run(ref loop, new SelectRow<float, float> { Y = Ptr<float>(y), P = Ptr<float>(a), Q = Ptr<float>(b), C = Ptr<float>(c) }); break;
            case (DType.Float32, DType.Float64): Run(ref loop, new SelectRow<float, double> { Y = Ptr<float>(y), P = Ptr<float>(a), Q = Ptr<float>(b), C = Ptr<double>(c) }); break;
            case (DType.Float32, DType.Int32): Run(ref loop, new SelectRow<float, int> { Y = Ptr<float>(y), P = Ptr<float>(a), Q = Ptr<float>(b), C = Ptr<int>(c) }); break;
            case (DType.Float64, DType.Float32): Run(ref loop, new SelectRow<double, float> { Y = Ptr<double>(y), P = Ptr<double>(a), Q = Ptr<double>(b), C = Ptr<float>(c) }); break;
            case (DType.Float64, DType.Float64): Run(ref loop, new SelectRow<double, double> { Y = Ptr<double>(y), P = Ptr<double>(a), Q = Ptr<double>(b), C = Ptr<double>(c) }); break;
            case (DType.Float64, DType.Int32): Run(ref loop, new SelectRow<double, int> { Y = Ptr<double>(y), P = Ptr<double>(a), Q = Ptr<double>(b), C = Ptr<int>(c) }); break;
            case (DType.Int32, DType.Float32): Run(ref loop, new SelectRow<int, float> { Y = Ptr<int>(y), P = Ptr<int>(a), Q = Ptr<int>(b), C = Ptr<float>(c) }); break;
            case (DType.Int32, DType.Float64): Run(ref loop, new SelectRow<int, double> { Y = Ptr<int>(y), P = Ptr<int>(a), Q = Ptr<int>(b), C = Ptr<double>(c) }); break;
            default: Run(ref loop, new SelectRow<int, int> { Y = Ptr<int>(y), P = Ptr<int>(a), Q = Ptr<int>(b), C = Ptr<int>(c) }); break;
        }
    }

    /// <summary>Address of a view's first element.</summary>
    public static T* Ptr<T>(in StridedView v) where T : unmanaged => ((CpuStorage)v.Storage).Ptr<T>() + v.Offset;

    private static void Run<TKernel>(ref StridedLoop loop, TKernel kernel) where TKernel : struct, IRowKernel => loop.Run(ref kernel);

    /// <summary>Copies dst.Length elements with stride <paramref name="s"/> (0 repeats one) into a buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Gather<T>(T* src, int s, Span<T> dst) where T : unmanaged
    {
        if (s == 1) new ReadOnlySpan<T>(src, dst.Length).CopyTo(dst);
        else if (s == 0) dst.Fill(*src);
        else for (int i = 0; i < dst.Length; i++) dst[i] = src[(long)i * s];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scatter<T>(ReadOnlySpan<T> src, T* dst, int s) where T : unmanaged
    {
        for (int i = 0; i < src.Length; i++) dst[(long)i * s] = src[i];
    }

    private static void ApplyUnary<T>(UnaryOp op, ReadOnlySpan<T> x, Span<T> y, T a, T b) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            FloatKernels<float>.Unary(op, MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y), (float)(object)a, (float)(object)b);
        else if (typeof(T) == typeof(double))
            FloatKernels<double>.Unary(op, MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(y), (double)(object)a, (double)(object)b);
        else
            IntKernels.Unary(op, MemoryMarshal.Cast<T, int>(x), MemoryMarshal.Cast<T, int>(y), (int)(object)a, (int)(object)b);
    }

    private static void ApplyBinary<T>(BinaryOp op, ActivationDerivative? derivative, ReadOnlySpan<T> p, ReadOnlySpan<T> q, Span<T> y, T a, T b) where T : unmanaged
    {
        if (derivative is { } d)
        {
            if (typeof(T) == typeof(float))
                FloatKernels<float>.Derivative(d, MemoryMarshal.Cast<T, float>(p), MemoryMarshal.Cast<T, float>(q), MemoryMarshal.Cast<T, float>(y), (float)(object)a, (float)(object)b);
            else if (typeof(T) == typeof(double))
                FloatKernels<double>.Derivative(d, MemoryMarshal.Cast<T, double>(p), MemoryMarshal.Cast<T, double>(q), MemoryMarshal.Cast<T, double>(y), (double)(object)a, (double)(object)b);
            else
                IntKernels.Derivative(d, MemoryMarshal.Cast<T, int>(p), MemoryMarshal.Cast<T, int>(q), MemoryMarshal.Cast<T, int>(y), (int)(object)a, (int)(object)b);
            return;
        }
        if (typeof(T) == typeof(float))
            FloatKernels<float>.Binary(op, MemoryMarshal.Cast<T, float>(p), MemoryMarshal.Cast<T, float>(q), MemoryMarshal.Cast<T, float>(y), (float)(object)a, (float)(object)b);
        else if (typeof(T) == typeof(double))
            FloatKernels<double>.Binary(op, MemoryMarshal.Cast<T, double>(p), MemoryMarshal.Cast<T, double>(q), MemoryMarshal.Cast<T, double>(y), (double)(object)a, (double)(object)b);
        else
            IntKernels.Binary(op, MemoryMarshal.Cast<T, int>(p), MemoryMarshal.Cast<T, int>(q), MemoryMarshal.Cast<T, int>(y), (int)(object)a, (int)(object)b);
    }

    private static bool TryScalarRight<T>(BinaryOp op, ReadOnlySpan<T> p, T s, Span<T> y) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            return FloatKernels<float>.TryBinaryScalarRight(op, MemoryMarshal.Cast<T, float>(p), (float)(object)s, MemoryMarshal.Cast<T, float>(y));
        if (typeof(T) == typeof(double))
            return FloatKernels<double>.TryBinaryScalarRight(op, MemoryMarshal.Cast<T, double>(p), (double)(object)s, MemoryMarshal.Cast<T, double>(y));
        return false;
    }

    private static bool TryScalarLeft<T>(BinaryOp op, T s, ReadOnlySpan<T> q, Span<T> y) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            return FloatKernels<float>.TryBinaryScalarLeft(op, (float)(object)s, MemoryMarshal.Cast<T, float>(q), MemoryMarshal.Cast<T, float>(y));
        if (typeof(T) == typeof(double))
            return FloatKernels<double>.TryBinaryScalarLeft(op, (double)(object)s, MemoryMarshal.Cast<T, double>(q), MemoryMarshal.Cast<T, double>(y));
        return false;
    }

    private struct UnaryRow<T> : IRowKernel where T : unmanaged
    {
        public UnaryOp Op;
        public T* Y, X;
        public T A, B;

        public void Row(long oy, long ox, long o2, long o3, int sy, int sx, int s2, int s3, int count)
        {
            T* y = Y + oy, x = X + ox;
            if (sx == 1 && sy == 1)
            {
                ApplyUnary(Op, new ReadOnlySpan<T>(x, count), new Span<T>(y, count), A, B);
                return;
            }
            Span<T> bx = stackalloc T[Chunk];
            Span<T> by = stackalloc T[Chunk];
            for (int i = 0; i < count; i += Chunk)
            {
                int n = Math.Min(Chunk, count - i);
                Gather(x + (long)i * sx, sx, bx[..n]);
                if (sy == 1)
                {
                    ApplyUnary(Op, bx[..n], new Span<T>(y + i, n), A, B);
                }
                else
                {
                    ApplyUnary(Op, bx[..n], by[..n], A, B);
                    Scatter<T>(by[..n], y + (long)i * sy, sy);
                }
            }
        }
    }

    private struct BinaryRow<T> : IRowKernel where T : unmanaged
    {
        public BinaryOp Op;
        public ActivationDerivative? Derivative;   // set: the row computes this derivative instead of Op
        public T* Y, P, Q;
        public T A, B;

        public void Row(long oy, long op, long oq, long o3, int sy, int sp, int sq, int s3, int count)
        {
            T* y = Y + oy, p = P + op, q = Q + oq;
            if (sy == 1)
            {
                if (sp == 1 && sq == 1)
                {
                    ApplyBinary(Op, Derivative, new ReadOnlySpan<T>(p, count), new ReadOnlySpan<T>(q, count), new Span<T>(y, count), A, B);
                    return;
                }
                if (Derivative is null && sp == 1 && sq == 0 && TryScalarRight(Op, new ReadOnlySpan<T>(p, count), *q, new Span<T>(y, count))) return;
                if (Derivative is null && sp == 0 && sq == 1 && TryScalarLeft(Op, *p, new ReadOnlySpan<T>(q, count), new Span<T>(y, count))) return;
            }
            Span<T> bp = stackalloc T[Chunk];
            Span<T> bq = stackalloc T[Chunk];
            Span<T> by = stackalloc T[Chunk];
            for (int i = 0; i < count; i += Chunk)
            {
                int n = Math.Min(Chunk, count - i);
                ReadOnlySpan<T> pp = sp == 1 ? new ReadOnlySpan<T>(p + i, n) : bp[..n];
                ReadOnlySpan<T> qq = sq == 1 ? new ReadOnlySpan<T>(q + i, n) : bq[..n];
                if (sp != 1) Gather(p + (long)i * sp, sp, bp[..n]);
                if (sq != 1) Gather(q + (long)i * sq, sq, bq[..n]);
                if (sy == 1)
                {
                    ApplyBinary(Op, Derivative, pp, qq, new Span<T>(y + i, n), A, B);
                }
                else
                {
                    ApplyBinary(Op, Derivative, pp, qq, by[..n], A, B);
                    Scatter<T>(by[..n], y + (long)i * sy, sy);
                }
            }
        }
    }

    private struct FillRow<T> : IRowKernel where T : unmanaged
    {
        public T* Y;
        public T Value;

        public void Row(long oy, long o1, long o2, long o3, int sy, int s1, int s2, int s3, int count)
        {
            T* y = Y + oy;
            if (sy == 1) new Span<T>(y, count).Fill(Value);
            else for (int i = 0; i < count; i++) y[(long)i * sy] = Value;
        }
    }

    private struct CopyRow<TFrom, TTo> : IRowKernel where TFrom : unmanaged, INumber<TFrom> where TTo : unmanaged, INumber<TTo>
    {
        public TTo* Y;
        public TFrom* X;

        public void Row(long oy, long ox, long o2, long o3, int sy, int sx, int s2, int s3, int count)
        {
            TTo* y = Y + oy;
            TFrom* x = X + ox;
            if (typeof(TFrom) == typeof(TTo) && sx == 1 && sy == 1)
            {
                new ReadOnlySpan<TTo>(x, count).CopyTo(new Span<TTo>(y, count));
                return;
            }
            for (int i = 0; i < count; i++) y[(long)i * sy] = Convert(x[(long)i * sx]);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TTo Convert(TFrom v) => typeof(TTo) == typeof(int) ? TTo.CreateSaturating(TFrom.IsNaN(v) ? TFrom.Zero : v) : TTo.CreateTruncating(v);
    }

    private struct SelectRow<T, TC> : IRowKernel where T : unmanaged where TC : unmanaged, INumber<TC>
    {
        public T* Y, P, Q;
        public TC* C;

        public void Row(long oy, long op, long oq, long oc, int sy, int sp, int sq, int sc, int count)
        {
            T* y = Y + oy, p = P + op, q = Q + oq;
            TC* c = C + oc;
            for (int i = 0; i < count; i++)
                y[(long)i * sy] = c[(long)i * sc] != TC.Zero ? p[(long)i * sp] : q[(long)i * sq];
        }
    }
}
