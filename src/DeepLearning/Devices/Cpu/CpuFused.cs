using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.Intrinsics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace DeepLearning.Devices.Cpu;

/// <summary>
/// The CPU's fused kernels (<see cref="IFusedKernels"/>): each walks its operands once, a row or a chunk at a time,
/// with the vectorised primitives of <see cref="FloatKernels{T}"/>, instead of one pass over memory per core kernel.
/// The arithmetic is that of the composition in the same order, so the results agree with it to rounding. Views
/// are (batch, units) or (gates, batch, units) with dense rows (last stride 1) for the LSTM and GRU kernels and contiguous for
/// the optimizer updates; the device checks that before calling.
/// </summary>
internal static unsafe class CpuFused<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Chunk = 256;

    private static Span<T> Row(in StridedView v, int row) =>
        new(CpuElementwise.Ptr<T>(v) + (long)row * v.Strides[0], v.Shape[1]);

    private static Span<T> GateRow(in StridedView gates, int gate, int row) =>
        new(CpuElementwise.Ptr<T>(gates) + (long)gate * gates.Strides[0] + (long)row * gates.Strides[1], gates.Shape[2]);

    private static void Activate(FusedActivation f, Span<T> x)
    {
        switch (f)
        {
            case FusedActivation.Tanh: TP.Tanh<T>(x, x); break;
            case FusedActivation.Sigmoid: TP.Sigmoid<T>(x, x); break;
            case FusedActivation.Relu: TP.Max(x, T.Zero, x); break;
        }
    }

    /// <summary>dst = g·f′ through the output y (dst may be g).</summary>
    private static void Derivative(FusedActivation f, ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> dst)
    {
        switch (f)
        {
            case FusedActivation.Tanh: FloatKernels<T>.Derivative(ActivationDerivative.TanhFromOutput, y, g, dst, T.Zero, T.Zero); break;
            case FusedActivation.Sigmoid: FloatKernels<T>.Derivative(ActivationDerivative.SigmoidFromOutput, y, g, dst, T.Zero, T.Zero); break;
            case FusedActivation.Relu: FloatKernels<T>.Derivative(ActivationDerivative.Relu, y, g, dst, T.Zero, T.Zero); break;
            default: g.CopyTo(dst); break;
        }
    }

    public static void LstmCellForward(in StridedView gates, in StridedView cPrev, in StridedView c, in StridedView h, in StridedView phiC,
        FusedActivation activation, FusedActivation recurrentActivation)
    {
        int units = c.Shape[1];
        bool adjacent = gates.Strides[0] == units;   // i and f side by side in memory: one activation call for both
        for (int r = 0; r < c.Shape[0]; r++)
        {
            Span<T> i = GateRow(gates, 0, r), f = GateRow(gates, 1, r), g = GateRow(gates, 2, r), o = GateRow(gates, 3, r);
            Span<T> cr = Row(c, r), pr = Row(phiC, r);
            if (adjacent) Activate(recurrentActivation, MemoryMarshalSpan(i, 2 * units));
            else
            {
                Activate(recurrentActivation, i);
                Activate(recurrentActivation, f);
            }
            Activate(activation, g);
            Activate(recurrentActivation, o);
            CellState(i, f, g, Row(cPrev, r), cr);
            Activate(activation, cr, pr);
            Product(o, pr, Row(h, r));
        }
    }

    /// <summary>The span of <paramref name="length"/> elements starting where <paramref name="start"/> starts.</summary>
    private static Span<T> MemoryMarshalSpan(Span<T> start, int length) =>
        System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(start), length);

    /// <summary>y = f(x) into another span (φ(c) from c).</summary>
    private static void Activate(FusedActivation f, ReadOnlySpan<T> x, Span<T> y)
    {
        switch (f)
        {
            case FusedActivation.Tanh: TP.Tanh<T>(x, y); break;
            case FusedActivation.Sigmoid: TP.Sigmoid<T>(x, y); break;
            case FusedActivation.Relu: TP.Max(x, T.Zero, y); break;
            default: x.CopyTo(y); break;
        }
    }

    /// <summary>c = f ⊙ c₋₁ + i ⊙ ĝ in one pass, rounded as the composition rounds it (two products, then their sum).</summary>
    private static void CellState(ReadOnlySpan<T> i, ReadOnlySpan<T> f, ReadOnlySpan<T> g, ReadOnlySpan<T> cPrev, Span<T> c)
    {
        fixed (T* pi = i, pf = f, pg = g, pp = cPrev, pc = c)
        {
            int k = 0, n = c.Length;
            if (Vector256.IsHardwareAccelerated)
                for (; k <= n - Vector256<T>.Count; k += Vector256<T>.Count)
                    Vector256.Store(Vector256.Load(pf + k) * Vector256.Load(pp + k) + Vector256.Load(pi + k) * Vector256.Load(pg + k), pc + k);
            for (; k < n; k++) pc[k] = pf[k] * pp[k] + pi[k] * pg[k];
        }
    }

    /// <summary>z = x ⊙ y in one pass.</summary>
    private static void Product(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z)
    {
        fixed (T* px = x, py = y, pz = z)
        {
            int k = 0, n = z.Length;
            if (Vector256.IsHardwareAccelerated)
                for (; k <= n - Vector256<T>.Count; k += Vector256<T>.Count)
                    Vector256.Store(Vector256.Load(px + k) * Vector256.Load(py + k), pz + k);
            for (; k < n; k++) pz[k] = px[k] * py[k];
        }
    }

    public static void LstmCellBackward(in StridedView gates, in StridedView phiC, in StridedView cPrev, in StridedView dh, in StridedView dc,
        in StridedView dGates, in StridedView dcPrev, FusedActivation activation, FusedActivation recurrentActivation)
    {
        switch (activation)
        {
            case FusedActivation.Tanh: LstmCellBackward<TanhSlope>(gates, phiC, cPrev, dh, dc, dGates, dcPrev, recurrentActivation); break;
            case FusedActivation.Sigmoid: LstmCellBackward<SigmoidSlope>(gates, phiC, cPrev, dh, dc, dGates, dcPrev, recurrentActivation); break;
            case FusedActivation.Relu: LstmCellBackward<ReluSlope>(gates, phiC, cPrev, dh, dc, dGates, dcPrev, recurrentActivation); break;
            default: LstmCellBackward<LinearSlope>(gates, phiC, cPrev, dh, dc, dGates, dcPrev, recurrentActivation); break;
        }
    }

    private static void LstmCellBackward<TA>(in StridedView gates, in StridedView phiC, in StridedView cPrev, in StridedView dh,
        in StridedView dc, in StridedView dGates, in StridedView dcPrev, FusedActivation recurrentActivation) where TA : struct, ISlope
    {
        switch (recurrentActivation)
        {
            case FusedActivation.Tanh: LstmCellBackward<TA, TanhSlope>(gates, phiC, cPrev, dh, dc, dGates, dcPrev); break;
            case FusedActivation.Sigmoid: LstmCellBackward<TA, SigmoidSlope>(gates, phiC, cPrev, dh, dc, dGates, dcPrev); break;
            case FusedActivation.Relu: LstmCellBackward<TA, ReluSlope>(gates, phiC, cPrev, dh, dc, dGates, dcPrev); break;
            default: LstmCellBackward<TA, LinearSlope>(gates, phiC, cPrev, dh, dc, dGates, dcPrev); break;
        }
    }

    /// <summary>One pass per row with the composition's operations in its order (so the same roundings):
    /// ∂o = ∂h ⊙ φc; ∂c = φ′(∂h ⊙ o) + ∂c; ∂i = ∂c ⊙ ĝ; ∂ĝ = ∂c ⊙ i; ∂f = ∂c ⊙ c₋₁; ∂c₋₁ = ∂c ⊙ f; then each gate's
    /// gradient through its activation (σ′ for i, f, o and φ′ for ĝ, all through the outputs).</summary>
    private static void LstmCellBackward<TA, TR>(in StridedView gates, in StridedView phiC, in StridedView cPrev, in StridedView dhView,
        in StridedView dcView, in StridedView dGates, in StridedView dcPrev) where TA : struct, ISlope where TR : struct, ISlope
    {
        int n = dhView.Shape[1];
        for (int r = 0; r < dhView.Shape[0]; r++)
        {
            T* i = GatePtr(gates, 0, r), f = GatePtr(gates, 1, r), g = GatePtr(gates, 2, r), o = GatePtr(gates, 3, r);
            T* di = GatePtr(dGates, 0, r), df = GatePtr(dGates, 1, r), dg = GatePtr(dGates, 2, r), dO = GatePtr(dGates, 3, r);
            T* phi = RowPtr(phiC, r), cp = RowPtr(cPrev, r), dh = RowPtr(dhView, r), dc = RowPtr(dcView, r), dcp = RowPtr(dcPrev, r);
            int k = 0;
            if (Vector256.IsHardwareAccelerated)
                for (; k <= n - Vector256<T>.Count; k += Vector256<T>.Count)
                {
                    Vector256<T> vdh = Vector256.Load(dh + k), vphi = Vector256.Load(phi + k), vi = Vector256.Load(i + k);
                    Vector256<T> vf = Vector256.Load(f + k), vg = Vector256.Load(g + k), vo = Vector256.Load(o + k);
                    var total = TA.Times(vphi, vdh * vo) + Vector256.Load(dc + k);
                    Vector256.Store(TR.Times(vo, vdh * vphi), dO + k);
                    Vector256.Store(TR.Times(vi, total * vg), di + k);
                    Vector256.Store(TA.Times(vg, total * vi), dg + k);
                    Vector256.Store(TR.Times(vf, total * Vector256.Load(cp + k)), df + k);
                    Vector256.Store(total * vf, dcp + k);
                }
            for (; k < n; k++)
            {
                T total = TA.Times(phi[k], dh[k] * o[k]) + dc[k];
                T gi = i[k], gf = f[k], gg = g[k];
                dO[k] = TR.Times(o[k], dh[k] * phi[k]);
                di[k] = TR.Times(gi, total * gg);
                dg[k] = TA.Times(gg, total * gi);
                df[k] = TR.Times(gf, total * cp[k]);
                dcp[k] = total * gf;
            }
        }
    }

    private static T* RowPtr(in StridedView v, int row) => CpuElementwise.Ptr<T>(v) + (long)row * v.Strides[0];

    private static T* GatePtr(in StridedView gates, int gate, int row) =>
        CpuElementwise.Ptr<T>(gates) + (long)gate * gates.Strides[0] + (long)row * gates.Strides[1];

    /// <summary>g·f′ through the output y of an activation f, with the formulas of the fused derivative kernels
    /// (<see cref="ActivationDerivative.TanhFromOutput"/>, <see cref="ActivationDerivative.SigmoidFromOutput"/>, ReLU).</summary>
    private interface ISlope
    {
        static abstract Vector256<T> Times(Vector256<T> y, Vector256<T> g);

        static abstract T Times(T y, T g);
    }

    private struct TanhSlope : ISlope
    {
        public static Vector256<T> Times(Vector256<T> y, Vector256<T> g) => g * (Vector256<T>.One - y * y);
        public static T Times(T y, T g) => g * (T.One - y * y);
    }

    private struct SigmoidSlope : ISlope
    {
        public static Vector256<T> Times(Vector256<T> y, Vector256<T> g) => g * y * (Vector256<T>.One - y);
        public static T Times(T y, T g) => g * y * (T.One - y);
    }

    private struct ReluSlope : ISlope
    {
        public static Vector256<T> Times(Vector256<T> y, Vector256<T> g) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<T>.Zero), g, Vector256<T>.Zero);
        public static T Times(T y, T g) => y > T.Zero ? g : T.Zero;
    }

    private struct LinearSlope : ISlope
    {
        public static Vector256<T> Times(Vector256<T> y, Vector256<T> g) => g;
        public static T Times(T y, T g) => g;
    }

    public static void GruCellForward(in StridedView gates, in StridedView m, in StridedView hPrev, in StridedView h,
        FusedActivation activation, FusedActivation recurrentActivation)
    {
        Span<T> buffer = stackalloc T[Chunk];
        int units = h.Shape[1];
        for (int row = 0; row < h.Shape[0]; row++)
        {
            Span<T> z = GateRow(gates, 0, row), r = GateRow(gates, 1, row), hh = GateRow(gates, 2, row);
            TP.Add<T>(z, GateRow(m, 0, row), z);
            TP.Add<T>(r, GateRow(m, 1, row), r);
            Activate(recurrentActivation, z);
            Activate(recurrentActivation, r);
            TP.MultiplyAdd<T>(r, GateRow(m, 2, row), hh, hh);                   // ĥ = φ(x_h + r ⊙ m_h)
            Activate(activation, hh);
            Span<T> hr = Row(h, row), pr = Row(hPrev, row);
            for (int start = 0; start < units; start += Chunk)
            {
                int n = Math.Min(Chunk, units - start);
                Span<T> zs = z.Slice(start, n), hs = hr.Slice(start, n), t = buffer[..n];
                TP.Multiply<T>(zs, pr.Slice(start, n), hs);                     // h = z ⊙ h_{k−1} + (1 − z) ⊙ ĥ
                TP.Subtract<T>(T.One, zs, t);
                TP.Multiply<T>(t, hh.Slice(start, n), t);
                TP.Add<T>(hs, t, hs);
            }
        }
    }

    public static void GruCellBackward(in StridedView gates, in StridedView m, in StridedView hPrev, in StridedView dh,
        in StridedView dGates, in StridedView dm, in StridedView direct, FusedActivation activation, FusedActivation recurrentActivation)
    {
        Span<T> buffer = stackalloc T[Chunk];
        int units = dh.Shape[1];
        for (int row = 0; row < dh.Shape[0]; row++)
        {
            for (int start = 0; start < units; start += Chunk)
            {
                int n = Math.Min(Chunk, units - start);
                Span<T> z = GateRow(gates, 0, row).Slice(start, n), r = GateRow(gates, 1, row).Slice(start, n);
                Span<T> hh = GateRow(gates, 2, row).Slice(start, n), mh = GateRow(m, 2, row).Slice(start, n);
                Span<T> dz = GateRow(dGates, 0, row).Slice(start, n), dr = GateRow(dGates, 1, row).Slice(start, n);
                Span<T> dhh = GateRow(dGates, 2, row).Slice(start, n), dhr = Row(dh, row).Slice(start, n), t = buffer[..n];
                TP.Subtract<T>(T.One, z, t);
                TP.Multiply<T>(dhr, t, dhh);                                    // ∂ĥ = ∂h ⊙ (1 − z), then through φ
                Derivative(activation, hh, dhh, dhh);
                TP.Subtract<T>(Row(hPrev, row).Slice(start, n), hh, t);
                TP.Multiply<T>(dhr, t, dz);                                     // ∂z = ∂h ⊙ (h_{k−1} − ĥ)
                TP.Multiply<T>(dhh, mh, dr);                                    // ∂r = ∂ĥ ⊙ m_h
                Derivative(recurrentActivation, z, dz, dz);
                Derivative(recurrentActivation, r, dr, dr);
                dz.CopyTo(GateRow(dm, 0, row).Slice(start, n));
                dr.CopyTo(GateRow(dm, 1, row).Slice(start, n));
                TP.Multiply<T>(dhh, r, GateRow(dm, 2, row).Slice(start, n));    // ∂m_h = ∂ĥ ⊙ r
                TP.Multiply<T>(dhr, z, Row(direct, row).Slice(start, n));       // direct path z ⊙ ∂h
            }
        }
    }

    /// <summary>dz = g ⊙ f′(y) row by row, and dbias = the rows of dz summed in order (one pass, one thread: the
    /// order of the sum never depends on the thread count).</summary>
    public static void DenseBackward(in StridedView y, in StridedView g, in StridedView dz, in StridedView dbias, FusedActivation activation)
    {
        int m = y.Shape[0], n = y.Shape[1];
        T* yp = CpuElementwise.Ptr<T>(y), gp = CpuElementwise.Ptr<T>(g), zp = CpuElementwise.Ptr<T>(dz);
        var db = new Span<T>(CpuElementwise.Ptr<T>(dbias), n);
        if (m == 0) db.Clear();
        for (int r = 0; r < m; r++)
        {
            long o = (long)r * n;
            var row = new Span<T>(zp + o, n);
            Derivative(activation, new ReadOnlySpan<T>(yp + o, n), new ReadOnlySpan<T>(gp + o, n), row);
            if (r == 0) row.CopyTo(db);
            else TP.Add<T>(db, row, db);
        }
    }

    /// <summary>
    /// Adam in one pass over memory: each element's m, v and θ are read and written once, the arithmetic done in
    /// registers, in the composition's order and roundings (m ← m·β₁, m ← g·(1 − β₁) + m; v ← v·β₂ + (g·g)·(1 − β₂);
    /// θ ← (m/(√v + ε))·(−α) + θ, each product and sum rounded on its own). Large parameters are split across the
    /// kernel pool in fixed tiles; every element is independent, so the thread count cannot change a bit.
    /// </summary>
    public static void AdamUpdate(in StridedView parameter, in StridedView gradient, in StridedView m, in StridedView v,
        double alpha, double beta1, double beta2, double epsilon)
    {
        // Coefficients rounded from double, as the composition's scalar kernels round them.
        var job = new AdamJob
        {
            P = CpuElementwise.Ptr<T>(parameter), G = CpuElementwise.Ptr<T>(gradient), M = CpuElementwise.Ptr<T>(m), V = CpuElementwise.Ptr<T>(v),
            Count = parameter.ElementCount,
            B1 = T.CreateTruncating(beta1), B2 = T.CreateTruncating(beta2), Eps = T.CreateTruncating(epsilon),
            C1 = T.CreateTruncating(1 - beta1), C2 = T.CreateTruncating(1 - beta2), MinusAlpha = T.CreateTruncating(-alpha),
        };
        int tiles = (job.Count + StridedLoop.TileElements - 1) / StridedLoop.TileElements;
        if (job.Count < StridedLoop.ParallelThreshold) for (int i = 0; i < tiles; i++) job.Execute(i);
        else KernelPool.For(tiles, ref job);
    }

    private struct AdamJob : IParallelJob
    {
        public T* P, G, M, V;
        public int Count;
        public T B1, B2, Eps, C1, C2, MinusAlpha;

        public readonly void Execute(int index)
        {
            int i = index * StridedLoop.TileElements, end = Math.Min(Count, i + StridedLoop.TileElements);
            int w = Vector<T>.Count;
            if (Vector.IsHardwareAccelerated)
            {
                Vector<T> b1 = new(B1), b2 = new(B2), eps = new(Eps), c1 = new(C1), c2 = new(C2), minusAlpha = new(MinusAlpha);
                for (; i <= end - w; i += w)
                {
                    var g = Unsafe.ReadUnaligned<Vector<T>>(G + i);
                    var mv = g * c1 + Unsafe.ReadUnaligned<Vector<T>>(M + i) * b1;
                    var vv = Unsafe.ReadUnaligned<Vector<T>>(V + i) * b2 + g * g * c2;
                    Unsafe.WriteUnaligned(M + i, mv);
                    Unsafe.WriteUnaligned(V + i, vv);
                    Unsafe.WriteUnaligned(P + i, mv / (Vector.SquareRoot(vv) + eps) * minusAlpha + Unsafe.ReadUnaligned<Vector<T>>(P + i));
                }
            }
            for (; i < end; i++)
            {
                T g = G[i];
                T mv = g * C1 + M[i] * B1, vv = V[i] * B2 + g * g * C2;
                M[i] = mv;
                V[i] = vv;
                P[i] = mv / (T.Sqrt(vv) + Eps) * MinusAlpha + P[i];
            }
        }
    }

    public static void SgdMomentumUpdate(in StridedView parameter, in StridedView gradient, in StridedView m, double learningRate, double momentum, bool nesterov)
    {
        T minusRate = T.CreateTruncating(-learningRate), beta = T.CreateTruncating(momentum);
        int count = parameter.ElementCount;
        T* pp = CpuElementwise.Ptr<T>(parameter), gp = CpuElementwise.Ptr<T>(gradient), mp = CpuElementwise.Ptr<T>(m);
        Span<T> t = stackalloc T[Chunk];
        for (int start = 0; start < count; start += Chunk)
        {
            int n = Math.Min(Chunk, count - start);
            var ms = new Span<T>(mp + start, n);
            var ps = new Span<T>(pp + start, n);
            var step = t[..n];
            TP.Multiply<T>(new ReadOnlySpan<T>(gp + start, n), minusRate, step);   // −ηg
            TP.Multiply<T>(ms, beta, ms);                                             // m ← βm − ηg
            TP.Add<T>(ms, step, ms);
            if (nesterov)
            {
                TP.MultiplyAdd<T>(ms, beta, ps, ps);                                  // θ ← θ + βm − ηg
                TP.Add<T>(ps, step, ps);
            }
            else TP.Add<T>(ps, ms, ps);                                               // θ ← θ + m
        }
    }
}
