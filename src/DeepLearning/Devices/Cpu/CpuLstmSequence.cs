using System.Numerics;
using System.Runtime.Intrinsics;

namespace DeepLearning.Devices.Cpu;

/// <summary>
/// The CPU's whole-sequence LSTM kernels (<see cref="IFusedKernels.LstmSequenceForward"/> and
/// <see cref="IFusedKernels.LstmSequenceBackward"/>). The batch is cut into chunks of rows, one
/// <see cref="KernelPool"/> job each, and a job runs every time step of its rows: the recurrent GEMM of those rows
/// (on its own thread) and then the fused cell of <see cref="CpuFused{T}"/> while they are still in cache. A sequence
/// thus costs one hand-off between threads, where the step-by-step composition pays one or more per step.
/// </summary>
/// <remarks>
/// Batch rows never meet in the recurrence, and a GEMM element's bits do not depend on the rows computed beside it
/// (see <see cref="Gemm"/>), so the results depend neither on the chunking nor on the thread count. Each chunk reads
/// the whole recurrent kernel at every step, which pays while the kernel stays in the core's L2 cache
/// (<see cref="Suits"/>); a larger one is better served by the composition, whose per-step GEMM splits the kernel's
/// columns between threads.
/// </remarks>
internal static unsafe class CpuLstmSequence<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // Half of a 1 MiB L2: U (forward) or Uᵀ (backward) beside a chunk's gate rows.
    private const int MaxKernelBytes = 512 * 1024;
    private static int PanelRows => Gemm.PanelRows<T>();

    /// <summary>True when the row-chunked kernel suits a recurrent kernel of 4·units² elements.</summary>
    public static bool Suits(int units) => KernelPool.ThreadCount == 1 || 4L * units * units * sizeof(T) <= MaxKernelBytes;

    /// <summary>Chunks for <paramref name="batch"/> rows: whole GEMM row panels, two per thread so that a thread
    /// held up by the system leaves less work behind; one when the pool has one thread.</summary>
    private static int Chunks(int batch) =>
        KernelPool.ThreadCount == 1 ? 1 : Math.Clamp((batch + PanelRows - 1) / PanelRows, 1, 2 * KernelPool.ThreadCount);

    /// <summary>First row of chunk <paramref name="index"/> of <paramref name="chunks"/> (whole panels but the last).</summary>
    private static int RowStart(int batch, int chunks, int index)
    {
        int panels = (batch + PanelRows - 1) / PanelRows;
        return Math.Min(batch, (int)((long)panels * index / chunks) * PanelRows);
    }

    public static void Forward(in StridedView gates, in StridedView recurrentKernel, in StridedView h0, in StridedView c0, in StridedView mask,
        in StridedView states, in StridedView phiC, bool goBackwards, FusedActivation activation, FusedActivation recurrentActivation)
    {
        var job = new ForwardJob
        {
            Gates = gates, Kernel = recurrentKernel, H0 = h0, C0 = c0, Mask = mask, States = states, PhiC = phiC,
            GoBackwards = goBackwards, Activation = activation, RecurrentActivation = recurrentActivation, Chunks = Chunks(h0.Shape[0]),
        };
        KernelPool.For(job.Chunks, ref job);
    }

    public static void Backward(Device device, in StridedView gates, in StridedView phiC, in StridedView recurrentKernelT, in StridedView h0,
        in StridedView c0, in StridedView mask, in StridedView states, in StridedView grad, in StridedView dGates, in StridedView hPrev,
        in StridedView dh0, in StridedView dc0, bool goBackwards, FusedActivation activation, FusedActivation recurrentActivation)
    {
        int b = h0.Shape[0], u = h0.Shape[1];
        var work = device.Allocate(h0.DType, 2 * b * u);
        try
        {
            var job = new BackwardJob
            {
                Gates = gates, PhiC = phiC, KernelT = recurrentKernelT, H0 = h0, C0 = c0, Mask = mask, States = states, Grad = grad,
                DGates = dGates, HPrev = hPrev, DH0 = dh0, DC0 = dc0, Work = StridedView.Contiguous(work, new Shape(2, b, u)),
                GoBackwards = goBackwards, Activation = activation, RecurrentActivation = recurrentActivation, Chunks = Chunks(b),
            };
            KernelPool.For(job.Chunks, ref job);
        }
        finally
        {
            device.Release(work);
        }
    }

    private struct ForwardJob : IParallelJob
    {
        public StridedView Gates, Kernel, H0, C0, Mask, States, PhiC;
        public bool GoBackwards;
        public FusedActivation Activation, RecurrentActivation;
        public int Chunks;

        public readonly void Execute(int index)
        {
            int t = Gates.Shape[1], r0 = ChunkRows(H0.Shape[0], Chunks, index, out int rows);
            bool keep = PhiC.Shape[0] == t;
            for (int k = 0; k < t && rows > 0; k++)
            {
                int time = GoBackwards ? t - 1 - k : k;
                var (hPrev, cPrev) = Previous(H0, C0, States, k, r0, rows);
                StridedView h = StateRows(States, k, 0, r0, rows), c = StateRows(States, k, 1, r0, rows);
                var z = TimeRows(Gates, time, r0, rows);
                MatMul(hPrev, Kernel, z, accumulate: true);
                CpuFused<T>.LstmCellForward(GateBlocks(z), cPrev, c, h, StateRows(PhiC, keep ? time : 0, r0, rows), Activation, RecurrentActivation);
                if (Mask.Storage is null) continue;
                for (int r = 0; r < rows; r++)
                {
                    if (MaskAt(Mask, r0 + r, time) != T.Zero) continue;
                    Row(hPrev, r).CopyTo(Row(h, r));
                    Row(cPrev, r).CopyTo(Row(c, r));
                }
            }
        }
    }

    private struct BackwardJob : IParallelJob
    {
        public StridedView Gates, PhiC, KernelT, H0, C0, Mask, States, Grad, DGates, HPrev, DH0, DC0, Work;
        public bool GoBackwards;
        public FusedActivation Activation, RecurrentActivation;
        public int Chunks;

        public readonly void Execute(int index)
        {
            int t = Gates.Shape[1], r0 = ChunkRows(H0.Shape[0], Chunks, index, out int rows);
            StridedView ch = Rows(DH0, r0, rows), cc = Rows(DC0, r0, rows);       // the carried ∂h and ∂c
            StridedView dh = StateRows(Work, 0, r0, rows), dc = StateRows(Work, 1, r0, rows);
            for (int r = 0; r < rows; r++)
            {
                Row(ch, r).Clear();
                Row(cc, r).Clear();
            }
            for (int k = t - 1; k >= 0 && rows > 0; k--)
            {
                int time = GoBackwards ? t - 1 - k : k;
                var (hPrev, cPrev) = Previous(H0, C0, States, k, r0, rows);
                StridedView gh = StateRows(Grad, k, 0, r0, rows), gc = StateRows(Grad, k, 1, r0, rows);
                AddPairs(gh, ch, dh, gc, cc, dc);
                var dz = TimeRows(DGates, time, r0, rows);
                CpuFused<T>.LstmCellBackward(GateBlocks(TimeRows(Gates, time, r0, rows)), StateRows(PhiC, time, r0, rows), cPrev, dh, dc,
                    GateBlocks(dz), cc, Activation, RecurrentActivation);
                bool masked = Mask.Storage is not null;
                if (masked)
                    for (int r = 0; r < rows; r++)
                        if (MaskAt(Mask, r0 + r, time) == T.Zero) Row(dz, r).Clear();      // the cell gets no gradient
                MatMul(dz, KernelT, ch, accumulate: false);                                 // ∂h_{k−1} = ∂z·Uᵀ
                if (masked)
                    for (int r = 0; r < rows; r++)
                    {
                        if (MaskAt(Mask, r0 + r, time) != T.Zero) continue;
                        Row(dh, r).CopyTo(Row(ch, r));                                      // the state's gradient passes on
                        Row(dc, r).CopyTo(Row(cc, r));
                    }
                if (HPrev.Storage is not null) CopyRows(hPrev, TimeRows(HPrev, time, r0, rows));
            }
        }
    }

    /// <summary>The first row of chunk <paramref name="index"/> and its row count.</summary>
    private static int ChunkRows(int batch, int chunks, int index, out int rows)
    {
        int r0 = RowStart(batch, chunks, index);
        rows = RowStart(batch, chunks, index + 1) - r0;
        return r0;
    }

    /// <summary>h_{k−1} and c_{k−1} of rows [r0, r0 + rows): the initial states at step 0.</summary>
    private static (StridedView H, StridedView C) Previous(in StridedView h0, in StridedView c0, in StridedView states, int k, int r0, int rows) =>
        k == 0 ? (Rows(h0, r0, rows), Rows(c0, r0, rows)) : (StateRows(states, k - 1, 0, r0, rows), StateRows(states, k - 1, 1, r0, rows));

    /// <summary>Rows [r0, r0 + rows) of a (batch, n) view.</summary>
    private static StridedView Rows(in StridedView v, int r0, int rows) =>
        new(v.Storage, v.Offset + r0 * v.Strides[0], new Shape(rows, v.Shape[1]), new Strides(v.Strides[0], v.Strides[1]));

    /// <summary>Rows [r0, r0 + rows) of slice <paramref name="i"/> of a (n, batch, units) view.</summary>
    private static StridedView StateRows(in StridedView v, int i, int r0, int rows) =>
        new(v.Storage, v.Offset + i * v.Strides[0] + r0 * v.Strides[1], new Shape(rows, v.Shape[2]), new Strides(v.Strides[1], v.Strides[2]));

    /// <summary>Rows [r0, r0 + rows) of state <paramref name="j"/> (h or c) at step <paramref name="k"/> of a
    /// (time, 2, batch, units) view.</summary>
    private static StridedView StateRows(in StridedView v, int k, int j, int r0, int rows) =>
        new(v.Storage, v.Offset + k * v.Strides[0] + j * v.Strides[1] + r0 * v.Strides[2], new Shape(rows, v.Shape[3]),
            new Strides(v.Strides[2], v.Strides[3]));

    /// <summary>Rows [r0, r0 + rows) at input time <paramref name="time"/> of a (batch, time, n) view, as (rows, n).</summary>
    private static StridedView TimeRows(in StridedView v, int time, int r0, int rows) =>
        new(v.Storage, v.Offset + r0 * v.Strides[0] + time * v.Strides[1], new Shape(rows, v.Shape[2]), new Strides(v.Strides[0], v.Strides[2]));

    /// <summary>A (rows, 4·units) view as its four gate blocks (4, rows, units).</summary>
    private static StridedView GateBlocks(in StridedView z)
    {
        int u = z.Shape[1] / 4;
        return new(z.Storage, z.Offset, new Shape(4, z.Shape[0], u), new Strides(u * z.Strides[1], z.Strides[0], z.Strides[1]));
    }

    /// <summary>True when a (rows, n) view's rows follow each other without gaps.</summary>
    private static bool Dense(in StridedView v) => v.Shape[0] == 1 || v.Strides[0] == v.Shape[1];

    /// <summary>All of a dense (rows, n) view as one span.</summary>
    private static Span<T> Block(in StridedView v) => new(CpuElementwise.Ptr<T>(v), v.Shape[0] * v.Shape[1]);

    /// <summary>z = x + y and w = u + v for (rows, n) views: one pass over each when all six are dense, else row by row.</summary>
    private static void AddPairs(in StridedView x, in StridedView y, in StridedView z, in StridedView u, in StridedView v, in StridedView w)
    {
        if (Dense(x) && Dense(y) && Dense(z) && Dense(u) && Dense(v) && Dense(w))
            AddPairs(Block(x), Block(y), Block(z), Block(u), Block(v), Block(w));
        else
            for (int r = 0; r < z.Shape[0]; r++) AddPairs(Row(x, r), Row(y, r), Row(z, r), Row(u, r), Row(v, r), Row(w, r));
    }

    /// <summary>Copies a (rows, n) view into another, in one block when both are dense.</summary>
    private static void CopyRows(in StridedView source, in StridedView destination)
    {
        if (Dense(source) && Dense(destination)) Block(source).CopyTo(Block(destination));
        else
            for (int r = 0; r < source.Shape[0]; r++) Row(source, r).CopyTo(Row(destination, r));
    }

    /// <summary>z = x + y and w = u + v in one pass (the step's gradient plus the carried one, for h and for c).</summary>
    private static void AddPairs(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z, ReadOnlySpan<T> u, ReadOnlySpan<T> v, Span<T> w)
    {
        fixed (T* px = x, py = y, pz = z, pu = u, pv = v, pw = w)
        {
            int k = 0, n = z.Length;
            if (Vector256.IsHardwareAccelerated)
                for (; k <= n - Vector256<T>.Count; k += Vector256<T>.Count)
                {
                    Vector256.Store(Vector256.Load(px + k) + Vector256.Load(py + k), pz + k);
                    Vector256.Store(Vector256.Load(pu + k) + Vector256.Load(pv + k), pw + k);
                }
            for (; k < n; k++)
            {
                pz[k] = px[k] + py[k];
                pw[k] = pu[k] + pv[k];
            }
        }
    }

    private static Span<T> Row(in StridedView v, int r) => new(CpuElementwise.Ptr<T>(v) + (long)r * v.Strides[0], v.Shape[1]);

    private static T MaskAt(in StridedView mask, int row, int time) =>
        CpuElementwise.Ptr<T>(mask)[(long)row * mask.Strides[0] + (long)time * mask.Strides[1]];

    /// <summary>c (=|+=) a·b for row-major views with dense rows, on the calling thread (it runs inside a pool job).</summary>
    private static void MatMul(in StridedView a, in StridedView b, in StridedView c, bool accumulate)
    {
        int m = c.Shape[0], n = c.Shape[1], k = a.Shape[1];
        if (typeof(T) == typeof(float))
            Gemm.Sgemm(false, false, m, n, k, (float*)CpuElementwise.Ptr<T>(a), a.Strides[0], (float*)CpuElementwise.Ptr<T>(b), b.Strides[0],
                (float*)CpuElementwise.Ptr<T>(c), c.Strides[0], accumulate);
        else
            Gemm.Dgemm(false, false, m, n, k, (double*)CpuElementwise.Ptr<T>(a), a.Strides[0], (double*)CpuElementwise.Ptr<T>(b), b.Strides[0],
                (double*)CpuElementwise.Ptr<T>(c), c.Strides[0], accumulate);
    }
}
