using DeepLearning.Devices;
using ILGPU;

namespace DeepLearning.Ilgpu.Kernels;

/// <summary>The sizes and options of one <see cref="Sgemm"/> launch: C (M×N) = A (M×K)·B (K×N) per batch.</summary>
internal struct SgemmArgs
{
    /// <summary>Matrix sizes.</summary>
    public int M, N, K;

    /// <summary>The batch of grid z = 0 (launches are split at the grid's z limit).</summary>
    public int BatchStart;

    /// <summary>Non-zero: C += A·B (before bias and activation) instead of C = A·B.</summary>
    public int Accumulate;

    /// <summary>Non-zero: add bias[BiasOffset + col·BiasStride] to column col.</summary>
    public int HasBias, BiasOffset, BiasStride;

    /// <summary>The <see cref="FusedActivation"/> applied last.</summary>
    public int Activation;

    /// <summary>Non-zero when consecutive k of A (consecutive n of B) are adjacent in memory, so consecutive threads
    /// load along k (n): coalesced reads for every transpose case.</summary>
    public int AAlongK, BAlongN;
}

/// <summary>
/// The float32 GEMM of the device: C = act(A·B [+ C] + bias) for batches of matrices, A and B any
/// <see cref="IGemmOperand"/> (strided matrices in any transposition, read in place, or the implicit patch matrices
/// of a convolution).
/// </summary>
/// <remarks>
/// The classic shared-memory SGEMM with register blocking (as in CUTLASS's SIMT kernels and Volkov's analysis): a
/// group of Gx × Gy threads computes a (8·Gy) × (8·Gx) tile of C, each thread an 8×8 block in 64 registers
/// (rows ty + i·Gy, columns tx + j·Gx, so shared-memory reads are conflict-free and the stores coalesce). Each step
/// stages an 8-deep slice of A and B in shared memory, k-major; the slices are double-buffered: the next slice is
/// staged into the other buffer before the current one is consumed, so one barrier per slice suffices and its loads
/// overlap the 512 multiply-adds. Ragged edges stage zeros; only the epilogue checks bounds. Accumulation is float32
/// in k order within a thread, as cuBLAS's and PyTorch's FP32 GEMM (no TF32). On a GPU, Gx = Gy = 16 (a 128×128
/// tile, 256 threads, 16.5 KiB of shared memory); ILGPU's CPU accelerator runs smaller groups of the same kernel.
/// </remarks>
internal static class Sgemm
{
    /// <summary>Depth of a staged slice, and the side of a thread's block of C.</summary>
    public const int Depth = 8, Block = 8;

    /// <summary>Floats of dynamic shared memory for a Gx × Gy group: two stages of an A and a B slice.</summary>
    public static int SharedFloats(int gx, int gy) => 2 * Depth * (Stride(Block * gx) + Stride(Block * gy));

    /// <summary>The shared-memory row stride of a staged slice whose rows hold <paramref name="side"/> floats: padded by
    /// 4 so that threads storing along k (8 consecutive k per row) hit 32 different banks, not 4.</summary>
    public static int Stride(int side) => side + 4;

    public static void Kernel<TA, TB>(TA a, TB b, StridedMatrix c, ArrayView<float> bias, SgemmArgs g)
        where TA : struct, IGemmOperand
        where TB : struct, IGemmOperand
    {
        int tx = Group.IdxX, ty = Group.IdxY, gx = Group.DimX, gy = Group.DimY;
        int bm = gy * Block, bn = gx * Block, sm = Stride(bm), sn = Stride(bn), sliceA = sm * Depth, stage = sliceA + Depth * sn;
        int row0 = Grid.IdxX * bm, col0 = Grid.IdxY * bn;
        long batch = g.BatchStart + Grid.IdxZ;
        long oa = a.Origin(batch), ob = b.Origin(batch);
        var s = SharedMemory.GetDynamic<float>();
        int slices = (g.K + Depth - 1) / Depth;
        Stage(a, b, g, s, 0, oa, ob, row0, col0, 0, bm, bn);
        Group.Barrier();
        var acc = default(Block8x8);
        for (int t = 0; t < slices; t++)
        {
            int current = (t & 1) * stage;
            if (t + 1 < slices) Stage(a, b, g, s, stage - current, oa, ob, row0, col0, (t + 1) * Depth, bm, bn);
            int sa = current + ty, sb = current + sliceA + tx;
            acc = Block8x8.Update(acc, Row8.Load(s, sa, gy), Row8.Load(s, sb, gx));
            acc = Block8x8.Update(acc, Row8.Load(s, sa + sm, gy), Row8.Load(s, sb + sn, gx));
            acc = Block8x8.Update(acc, Row8.Load(s, sa + 2 * sm, gy), Row8.Load(s, sb + 2 * sn, gx));
            acc = Block8x8.Update(acc, Row8.Load(s, sa + 3 * sm, gy), Row8.Load(s, sb + 3 * sn, gx));
            acc = Block8x8.Update(acc, Row8.Load(s, sa + 4 * sm, gy), Row8.Load(s, sb + 4 * sn, gx));
            acc = Block8x8.Update(acc, Row8.Load(s, sa + 5 * sm, gy), Row8.Load(s, sb + 5 * sn, gx));
            acc = Block8x8.Update(acc, Row8.Load(s, sa + 6 * sm, gy), Row8.Load(s, sb + 6 * sn, gx));
            acc = Block8x8.Update(acc, Row8.Load(s, sa + 7 * sm, gy), Row8.Load(s, sb + 7 * sn, gx));
            Group.Barrier();
        }
        long oc = c.Origin(batch);
        for (int i = 0; i < Block; i++)
        {
            int row = row0 + ty + i * gy;
            if (row >= g.M) break;
            var r = acc.Get(i);
            for (int j = 0; j < Block; j++)
            {
                int col = col0 + tx + j * gx;
                if (col >= g.N) break;
                Store(c, oc, row, col, r.Get(j), bias, g);
            }
        }
    }

    /// <summary>The epilogue of one element of C: c = act(v [+ c] [+ bias[col]]).</summary>
    internal static void Store(StridedMatrix c, long origin, int row, int col, float v, ArrayView<float> bias, SgemmArgs g)
    {
        long at = c.At(origin, row, col);
        if (g.Accumulate != 0) v += c.Data[at];
        if (g.HasBias != 0) v += bias[g.BiasOffset + (long)col * g.BiasStride];
        c.Data[at] = Activate(g.Activation, v);
    }

    /// <summary>Stages the slice k0 … k0 + 7 of A's rows row0 … and B's columns col0 … into shared memory at
    /// <paramref name="at"/>, k-major with rows of <see cref="Stride"/> floats (A's slice first, then B's), with zeros
    /// outside the matrices.</summary>
    internal static void Stage<TA, TB>(TA a, TB b, SgemmArgs g, ArrayView<float> s, int at, long oa, long ob,
        int row0, int col0, int k0, int bm, int bn)
        where TA : struct, IGemmOperand
        where TB : struct, IGemmOperand
    {
        int threads = Group.DimX * Group.DimY, tid = Group.IdxY * Group.DimX + Group.IdxX;
        int sm = Stride(bm), sn = Stride(bn), sliceA = sm * Depth;
        for (int e = tid; e < bm * Depth; e += threads)
        {
            int m = g.AAlongK != 0 ? e / Depth : e % bm, kk = g.AAlongK != 0 ? e % Depth : e / bm;
            int row = row0 + m, k = k0 + kk;
            s[at + kk * sm + m] = row < g.M && k < g.K ? a.Load(oa, row, k) : 0;
        }
        for (int e = tid; e < Depth * bn; e += threads)
        {
            int n = g.BAlongN != 0 ? e % bn : e / Depth, kk = g.BAlongN != 0 ? e / bn : e % Depth;
            int col = col0 + n, k = k0 + kk;
            s[at + sliceA + kk * sn + n] = col < g.N && k < g.K ? b.Load(ob, k, col) : 0;
        }
    }

    /// <summary>The epilogue's activation in float32: tanh and σ through exp (ILGPU maps tanh to the PTX
    /// approximation tanh.approx.f32, good to about 2⁻¹¹ only).</summary>
    private static float Activate(int activation, float v)
    {
        switch (activation)
        {
            case (int)FusedActivation.Relu:
                return v < 0 ? 0 : v;
            case (int)FusedActivation.Sigmoid:
                return 1 / (1 + MathF.Exp(-v));
            case (int)FusedActivation.Tanh:
                float x = Math.Abs(v);
                if (x < 0.0005f) return v - v * v * v / 3;
                float e = MathF.Exp(-2 * x), t = (1 - e) / (1 + e);
                return v < 0 ? -t : t;
            default:
                return v;
        }
    }
}
