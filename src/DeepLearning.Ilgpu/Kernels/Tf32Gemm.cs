using ILGPU;
using ILGPU.Runtime.Cuda;

namespace DeepLearning.Ilgpu.Kernels;

/// <summary>The four float32 accumulators a thread holds of one 16×8 tile of C in <c>mma.m16n8k8</c>.</summary>
internal struct Acc4
{
    public float C0, C1, C2, C3;
}

/// <summary>A warp's 32×32 block of C: 2 × 4 tiles of 16×8, 32 accumulators per thread, in registers.</summary>
internal struct WarpTile
{
    public Acc4 T00, T01, T02, T03, T10, T11, T12, T13;

    /// <summary>Tile (i, j) (a uniform switch; used only in the epilogue).</summary>
    public readonly Acc4 Get(int i, int j) => (i * 4 + j) switch
    {
        0 => T00, 1 => T01, 2 => T02, 3 => T03, 4 => T10, 5 => T11, 6 => T12, _ => T13,
    };
}

/// <summary>A thread's part of an A fragment (16×8, row-major) of <c>mma.m16n8k8.tf32</c>, as TF32 bit patterns.</summary>
internal struct FragmentA
{
    public uint A0, A1, A2, A3;
}

/// <summary>
/// The opt-in TF32 tensor-core GEMM (<see cref="IlgpuDevice.AllowTf32"/>): C = act(A·B [+ C] + bias) with the
/// operands rounded to TF32 (10 mantissa bits, round to nearest, ties away, as <c>cvt.rna.tf32.f32</c> and PyTorch
/// with allow_tf32) and float32 accumulation, through the warp-level <c>mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32</c>
/// (sm_80 and later) emitted as inline PTX by ILGPU's <see cref="CudaAsm.EmitRef{T1, T2}"/> family.
/// </summary>
/// <remarks>
/// A group of 128 threads (4 warps, 2 × 2) computes a 64×64 tile of C; each warp a 32×32 block of 2 × 4
/// <c>m16n8k8</c> tiles. Slices of 8 along k are staged and double-buffered in shared memory exactly as in
/// <see cref="Sgemm"/>. Fragment layouts are those of the PTX ISA ("Matrix fragments for mma.m16n8k8", .tf32):
/// with g = lane / 4 and t = lane mod 4, a thread holds A (g, t), (g + 8, t), (g, t + 4), (g + 8, t + 4), B (t, g),
/// (t + 4, g) and C (g, 2t), (g, 2t + 1), (g + 8, 2t), (g + 8, 2t + 1). Off a CUDA device (ILGPU's CPU
/// accelerator, which cannot run inline PTX) each thread computes its own four elements of every tile from the
/// same shared slices with the same TF32 rounding, so the tiling, staging and epilogue are testable without a GPU.
/// </remarks>
internal static class Tf32Gemm
{
    /// <summary>Threads per group and the side of a group's tile of C.</summary>
    public const int Threads = 128, Tile = 64;

    /// <summary>The shared-memory row stride of a staged slice (<see cref="Sgemm.Stride"/>).</summary>
    private const int Row = Tile + 4;

    /// <summary>Floats of dynamic shared memory: two stages of a 64×8 A and an 8×64 B slice.</summary>
    public const int SharedFloats = 2 * 2 * Row * Sgemm.Depth;

    public static void Kernel<TA, TB>(TA a, TB b, StridedMatrix c, ArrayView<float> bias, SgemmArgs g)
        where TA : struct, IGemmOperand
        where TB : struct, IGemmOperand
    {
        int thread = Group.IdxX, warp = thread / 32, lane = thread % 32;
        int wm = warp / 2 * 32, wn = warp % 2 * 32, gid = lane / 4, tig = lane % 4;
        int sliceA = Row * Sgemm.Depth, stage = 2 * sliceA;
        int row0 = Grid.IdxX * Tile, col0 = Grid.IdxY * Tile;
        long batch = g.BatchStart + Grid.IdxZ;
        long oa = a.Origin(batch), ob = b.Origin(batch);
        var s = SharedMemory.GetDynamic<float>();
        int slices = (g.K + Sgemm.Depth - 1) / Sgemm.Depth;
        Sgemm.Stage(a, b, g, s, 0, oa, ob, row0, col0, 0, Tile, Tile);
        Group.Barrier();
        var acc = default(WarpTile);
        for (int t = 0; t < slices; t++)
        {
            int current = (t & 1) * stage;
            if (t + 1 < slices) Sgemm.Stage(a, b, g, s, stage - current, oa, ob, row0, col0, (t + 1) * Sgemm.Depth, Tile, Tile);
            int sa = current, sb = current + sliceA;
            if (CudaAsm.IsSupported)
            {
                FragmentA a0 = LoadA(s, sa, wm, gid, tig), a1 = LoadA(s, sa, wm + 16, gid, tig);
                uint b00 = Tf32Bits(s[sb + tig * Row + wn + gid]), b01 = Tf32Bits(s[sb + (tig + 4) * Row + wn + gid]);
                uint b10 = Tf32Bits(s[sb + tig * Row + wn + 8 + gid]), b11 = Tf32Bits(s[sb + (tig + 4) * Row + wn + 8 + gid]);
                uint b20 = Tf32Bits(s[sb + tig * Row + wn + 16 + gid]), b21 = Tf32Bits(s[sb + (tig + 4) * Row + wn + 16 + gid]);
                uint b30 = Tf32Bits(s[sb + tig * Row + wn + 24 + gid]), b31 = Tf32Bits(s[sb + (tig + 4) * Row + wn + 24 + gid]);
                acc.T00 = Mma(acc.T00, a0, b00, b01);
                acc.T01 = Mma(acc.T01, a0, b10, b11);
                acc.T02 = Mma(acc.T02, a0, b20, b21);
                acc.T03 = Mma(acc.T03, a0, b30, b31);
                acc.T10 = Mma(acc.T10, a1, b00, b01);
                acc.T11 = Mma(acc.T11, a1, b10, b11);
                acc.T12 = Mma(acc.T12, a1, b20, b21);
                acc.T13 = Mma(acc.T13, a1, b30, b31);
            }
            else
            {
                acc.T00 = Emulate(acc.T00, s, sa, sb, wm + gid, wn + 2 * tig);
                acc.T01 = Emulate(acc.T01, s, sa, sb, wm + gid, wn + 8 + 2 * tig);
                acc.T02 = Emulate(acc.T02, s, sa, sb, wm + gid, wn + 16 + 2 * tig);
                acc.T03 = Emulate(acc.T03, s, sa, sb, wm + gid, wn + 24 + 2 * tig);
                acc.T10 = Emulate(acc.T10, s, sa, sb, wm + 16 + gid, wn + 2 * tig);
                acc.T11 = Emulate(acc.T11, s, sa, sb, wm + 16 + gid, wn + 8 + 2 * tig);
                acc.T12 = Emulate(acc.T12, s, sa, sb, wm + 16 + gid, wn + 16 + 2 * tig);
                acc.T13 = Emulate(acc.T13, s, sa, sb, wm + 16 + gid, wn + 24 + 2 * tig);
            }
            Group.Barrier();
        }
        long oc = c.Origin(batch);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 4; j++)
            {
                var tile = acc.Get(i, j);
                int row = row0 + wm + i * 16 + gid, col = col0 + wn + j * 8 + 2 * tig;
                Store(c, oc, row, col, tile.C0, bias, g);
                Store(c, oc, row, col + 1, tile.C1, bias, g);
                Store(c, oc, row + 8, col, tile.C2, bias, g);
                Store(c, oc, row + 8, col + 1, tile.C3, bias, g);
            }
    }

    private static void Store(StridedMatrix c, long origin, int row, int col, float v, ArrayView<float> bias, SgemmArgs g)
    {
        if (row < g.M && col < g.N) Sgemm.Store(c, origin, row, col, v, bias, g);
    }

    /// <summary>The A fragment of rows m … m + 15 of the staged slice (k-major: element (k, row) at k·68 + row).</summary>
    private static FragmentA LoadA(ArrayView<float> s, int at, int m, int gid, int tig) => new()
    {
        A0 = Tf32Bits(s[at + tig * Row + m + gid]),
        A1 = Tf32Bits(s[at + tig * Row + m + gid + 8]),
        A2 = Tf32Bits(s[at + (tig + 4) * Row + m + gid]),
        A3 = Tf32Bits(s[at + (tig + 4) * Row + m + gid + 8]),
    };

    /// <summary>D = A·B + C for one m16n8k8 tile, on the tensor cores.</summary>
    private static Acc4 Mma(Acc4 c, FragmentA a, uint b0, uint b1)
    {
        Ref<float> d0 = c.C0, d1 = c.C1, d2 = c.C2, d3 = c.C3;
        Input<uint> a0 = a.A0, a1 = a.A1, a2 = a.A2, a3 = a.A3, b0i = b0, b1i = b1;
        CudaAsm.EmitRef("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};",
            ref d0, ref d1, ref d2, ref d3, ref a0, ref a1, ref a2, ref a3, ref b0i, ref b1i);
        return new Acc4 { C0 = d0.Value, C1 = d1.Value, C2 = d2.Value, C3 = d3.Value };
    }

    /// <summary>This thread's four elements of one tile, (row, col), (row, col + 1), (row + 8, col), (row + 8, col + 1)
    /// of the block, summed over the slice's 8 k in float32 from TF32-rounded operands.</summary>
    private static Acc4 Emulate(Acc4 c, ArrayView<float> s, int sa, int sb, int row, int col)
    {
        for (int k = 0; k < Sgemm.Depth; k++)
        {
            float a0 = Tf32(s[sa + k * Row + row]), a1 = Tf32(s[sa + k * Row + row + 8]);
            float b0 = Tf32(s[sb + k * Row + col]), b1 = Tf32(s[sb + k * Row + col + 1]);
            c.C0 += a0 * b0;
            c.C1 += a0 * b1;
            c.C2 += a1 * b0;
            c.C3 += a1 * b1;
        }
        return c;
    }

    /// <summary>The TF32 rounding of x as float32 bits: the low 13 mantissa bits rounded to nearest, ties away from
    /// zero (<c>cvt.rna.tf32.f32</c>); infinities and NaN pass unchanged.</summary>
    public static uint Tf32Bits(float x)
    {
        uint bits = Interop.FloatAsInt(x);
        if ((bits & 0x7F800000u) == 0x7F800000u) return bits;
        return (bits + 0x1000u) & 0xFFFFE000u;
    }

    /// <summary><see cref="Tf32Bits"/> as a float.</summary>
    public static float Tf32(float x) => Interop.IntAsFloat(Tf32Bits(x));
}
