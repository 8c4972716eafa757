using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepLearning.Devices.Cpu;

/// <summary>
/// 3 × 3, stride-1 float32 convolution on NHWC tensors by Winograd's minimal filtering F(2 × 2, 3 × 3) (Lavin and Gray,
/// "Fast Algorithms for Convolutional Neural Networks", CVPR 2016). Each 2 × 2 block of output pixels (a tile) is
/// <c>Y = Aᵀ [Σ_c (G g_c Gᵀ) ⊙ (Bᵀ d_c B)] A</c> over the 4 × 4 input block d_c of every input channel c, so the
/// reduction over channels becomes 16 matrix products (tiles × C) · (C × OC), one per position of the 4 × 4 transform:
/// 16 multiply-adds per input and output channel per tile where the direct kernel takes 36, 2.25× fewer. The products
/// run on the direct kernel's register tile (<c>CpuDirectConv.Tile</c>) over groups of six tiles;
/// the inverse transform adds the bias, applies ReLU and, with a 2 × 2 stride-2 pooling window, pools the tile into one
/// pixel, so neither the conv output nor the products reach memory.
/// </summary>
/// <remarks>
/// <para>With Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1], G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1] and
/// Aᵀ = [1 1 1 0; 0 1 −1 −1] the algorithm computes the cross-correlation of the layers (no kernel flip). The
/// transformed kernel G g Gᵀ is formed in float64 and rounded once. The result is not the direct kernel's chain of
/// multiply-adds: the error stays within a few float32 roundings of the sum's magnitude (the transforms only add,
/// subtract and halve), which <c>WinogradConvTests</c> bounds against a float64 reference.</para>
/// <para>Non-finite values would spread through the transforms to outputs whose window does not hold them (∞ − ∞
/// is NaN), so a tile whose transformed input is not finite is computed exactly instead, each output one chain of
/// fused multiply-adds over (kh, kw, c) from zero as in the direct kernel (the same bits on processors with FMA); a
/// kernel with a non-finite weight, or whose transform overflows, takes the direct kernel for the whole call.</para>
/// <para>Every tile is computed on its own, whatever group, band or thread it falls in, so the bits do not depend on
/// the thread count.</para>
/// </remarks>
internal static unsafe class CpuWinogradConv
{
    /// <summary>Input channels must be a multiple of this (the transforms run on whole vectors of channels).</summary>
    public const int ChannelMultiple = 16;

    /// <summary>Most input channels: a block of the transformed kernel, 16 · C rows of 256 bytes, is read once per
    /// group of tiles and must stay in the core's L2 cache (here 512 KiB).</summary>
    public const int MaxInChannels = 128;

    /// <summary>Whether the Winograd kernel handles this call: float32, one group, a 3 × 3 kernel with stride 1 and no
    /// dilation (any padding), input channels a multiple of <see cref="ChannelMultiple"/> up to
    /// <see cref="MaxInChannels"/>, no activation or ReLU, and no pooling or a 2 × 2 stride-2 window that starts at
    /// the top-left conv pixel and covers whole tiles.</summary>
    public static bool Supports(in Conv2DGeometry g, DType dtype, FusedActivation activation, PoolKind? poolKind, in Pool2DGeometry pool) =>
        dtype == DType.Float32 && g.Groups == 1 && g.KernelHeight == 3 && g.KernelWidth == 3 && g.StrideHeight == 1 && g.StrideWidth == 1
        && g.DilationHeight == 1 && g.DilationWidth == 1 && g.InChannels % ChannelMultiple == 0 && g.InChannels <= MaxInChannels
        && (activation is FusedActivation.Linear or FusedActivation.Relu)
        && (poolKind is null || PoolsWholeTiles(g, pool));

    private static bool PoolsWholeTiles(in Conv2DGeometry g, in Pool2DGeometry pool) =>
        pool.PoolHeight == 2 && pool.PoolWidth == 2 && pool.StrideHeight == 2 && pool.StrideWidth == 2 && pool.PadTop == 0 && pool.PadLeft == 0
        && 2L * pool.OutHeight <= g.OutHeight && 2L * pool.OutWidth <= g.OutWidth;

    /// <summary>y = act(x ⋆ kernel + bias), pooled by <paramref name="pool"/> when <paramref name="poolKind"/> is given;
    /// <see cref="Supports"/> must hold. <paramref name="bias"/> without storage means no bias.</summary>
    public static void Run(in StridedView x, in StridedView kernel, in StridedView bias, in StridedView y, in Conv2DGeometry g,
        FusedActivation activation, PoolKind? poolKind, in Pool2DGeometry pool)
    {
        float* xp = CpuElementwise.Ptr<float>(x), kp = CpuElementwise.Ptr<float>(kernel), yp = CpuElementwise.Ptr<float>(y);
        float* bp = bias.Storage is null ? null : CpuElementwise.Ptr<float>(bias);
        if (Avx512F.IsSupported)
            CpuWinogradConv<GemmVector512<float>, Vector512<float>>.Run(xp, kp, bp, yp, g, activation, poolKind, pool);
        else if (Avx2.IsSupported && Fma.IsSupported)
            CpuWinogradConv<GemmVector256<float>, Vector256<float>>.Run(xp, kp, bp, yp, g, activation, poolKind, pool);
        else
            CpuWinogradConv<GemmVector128<float>, Vector128<float>>.Run(xp, kp, bp, yp, g, activation, poolKind, pool);
    }
}

/// <summary>The Winograd convolution over one vector type (see <see cref="CpuWinogradConv"/>).</summary>
internal static unsafe class CpuWinogradConv<TS, TV> where TS : struct, IGemmVector<TV, float> where TV : struct
{
    /// <summary>Tiles per group: the direct kernel's register tile takes six rows.</summary>
    private const int Tiles = CpuDirectConv<float, TS, TV>.Pixels;

    /// <summary>Positions of the 4 × 4 transform.</summary>
    private const int Positions = 16;

    private static int BlockWidth
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => CpuDirectConv<float, TS, TV>.BlockWidth;
    }

    public static void Run(float* x, float* kernel, float* bias, float* y, in Conv2DGeometry g, FusedActivation activation, PoolKind? poolKind,
        in Pool2DGeometry pool)
    {
        if (g.Batch == 0 || g.OutHeight == 0 || g.OutWidth == 0 || g.OutChannels == 0) return;
        bool pooled = poolKind is not null;
        // Tile rows and columns to compute: with pooling exactly the pooled pixels (an odd last conv row or column is
        // in no window), without it enough to cover the output.
        int rows = pooled ? pool.OutHeight : (g.OutHeight + 1) / 2, cols = pooled ? pool.OutWidth : (g.OutWidth + 1) / 2;
        if (rows == 0 || cols == 0) return;
        int bw = BlockWidth, blocks = (g.OutChannels + bw - 1) / bw, c = g.InChannels;
        long transformed = (long)blocks * Positions * c * bw;
        float* u = ThreadScratch<float, PackedSlot>.Get(transformed + (long)blocks * bw);
        float* packedBias = u + transformed;
        if (!TransformKernel(kernel, u, c, g.OutChannels, bw, blocks))
        {
            CpuDirectConv<float, TS, TV>.Run(x, kernel, bias, y, g, activation, poolKind, pool);
            return;
        }
        CpuDirectConv<float, TS, TV>.PackBias(bias, packedBias, g.OutChannels, bw, blocks);
        // A band of tile rows holds two padded input rows per tile row.
        var (bands, perBand) = CpuDirectConv<float, TS, TV>.Bands(g.Batch, rows, 2 * (2L * cols + 2) * c * sizeof(float));
        var job = new Job
        {
            G = g, Pool = pool, Pooled = pooled, Kind = poolKind ?? PoolKind.Max, Relu = activation == FusedActivation.Relu,
            X = x, Y = y, K = kernel, U = u, Bias = bias is null ? null : packedBias, Blocks = blocks, Rows = rows, Cols = cols,
            Bands = bands, RowsPerBand = perBand,
        };
        if (g.Batch * bands == 1) job.Execute(0);
        else KernelPool.For(g.Batch * bands, ref job);
    }

    /// <summary>
    /// U = G g Gᵀ for every (input channel, output channel), formed in float64 and rounded once, into blocks of
    /// <paramref name="bw"/> output channels laid out [block][position][c][bw] (zeros past OC), so that position p of a
    /// block is the C × bw right operand of that position's product. False when a value is not finite.
    /// </summary>
    private static bool TransformKernel(float* kernel, float* u, int c, int oc, int bw, int blocks)
    {
        new Span<float>(u, blocks * Positions * c * bw).Clear();
        long positionStride = (long)c * bw;
        bool finite = true;
        double* gg = stackalloc double[12];
        for (int ci = 0; ci < c; ci++)
            for (int o = 0; o < oc; o++)
            {
                for (int s = 0; s < 3; s++)
                {
                    double g0 = kernel[((0 * 3 + s) * c + ci) * (long)oc + o];
                    double g1 = kernel[((1 * 3 + s) * c + ci) * (long)oc + o];
                    double g2 = kernel[((2 * 3 + s) * c + ci) * (long)oc + o];
                    gg[s] = g0;
                    gg[3 + s] = 0.5 * (g0 + g1 + g2);
                    gg[6 + s] = 0.5 * (g0 - g1 + g2);
                    gg[9 + s] = g2;
                }
                float* dst = u + ((long)(o / bw) * Positions * c + ci) * bw + o % bw;
                for (int i = 0; i < 4; i++)
                {
                    double a = gg[3 * i], b = gg[3 * i + 1], d = gg[3 * i + 2];
                    float* row = dst + 4 * i * positionStride;
                    finite &= Put(row, a);
                    finite &= Put(row + positionStride, 0.5 * (a + b + d));
                    finite &= Put(row + 2 * positionStride, 0.5 * (a - b + d));
                    finite &= Put(row + 3 * positionStride, d);
                }
            }
        return finite;

        static bool Put(float* p, double value)
        {
            *p = (float)value;
            return float.IsFinite(*p);
        }
    }

    private struct Job : IParallelJob
    {
        public Conv2DGeometry G;
        public Pool2DGeometry Pool;
        public bool Pooled, Relu;
        public PoolKind Kind;
        public float* X, Y, K, U, Bias;
        public int Blocks, Rows, Cols, Bands, RowsPerBand;

        public readonly void Execute(int index)
        {
            var g = G;
            int image = index / Bands, band = index % Bands;
            int tr0 = band * RowsPerBand, tr1 = Math.Min(Rows, tr0 + RowsPerBand);
            if (tr1 <= tr0) return;
            int c = g.InChannels, bw = BlockWidth, widthPadded = 2 * Cols + 2;
            long rowLength = (long)widthPadded * c, paddedLength = (2L * (tr1 - tr0) + 2) * rowLength;
            long vLength = (long)Positions * Tiles * c, mLength = (long)Positions * Tiles * bw;
            float* padded = ThreadScratch<float, BandSlot>.Get(paddedLength + vLength + mLength + 4L * bw);
            float* v = padded + paddedLength, m = v + vLength, exact = m + mLength;
            CpuDirectConv<float, TS, TV>.PadRows(g, X + (long)image * g.InHeight * g.InWidth * c, padded,
                2 * tr0 - g.PadTop, 2 * tr1 - g.PadTop + 1, -g.PadLeft, 2 * Cols - g.PadLeft + 1);

            float** bases = stackalloc float*[Tiles];
            for (int j = 0; j < Tiles; j++) bases[j] = v + (long)j * c;
            nint zero = 0;
            int* tileRow = stackalloc int[Tiles], tileColumn = stackalloc int[Tiles];
            bool* finite = stackalloc bool[Tiles];
            int total = (tr1 - tr0) * Cols;
            for (int t0 = 0; t0 < total; t0 += Tiles)
            {
                int n = Math.Min(Tiles, total - t0);
                // A short last group repeats its last tile, so that the products always take six rows.
                for (int j = 0; j < Tiles; j++)
                {
                    int t = t0 + Math.Min(j, n - 1);
                    tileRow[j] = t / Cols;
                    tileColumn[j] = t % Cols;
                    finite[j] = InputTransform(padded + (2L * tileRow[j] * widthPadded + 2L * tileColumn[j]) * c, rowLength, c,
                        v + (long)j * c, (long)Tiles * c);
                }
                for (int b = 0; b < Blocks; b++)
                {
                    int channels = Math.Min(bw, g.OutChannels - b * bw), vectors = (channels + TS.Lanes - 1) / TS.Lanes;
                    // The 16 products of the group in one call: position p reads v + p·6C and u + p·C·bw; tile j of position p
                    // goes to m + (16j + p)·bw, so that the inverse transform reads each tile's products in one run.
                    float* w = U + (long)b * Positions * c * bw;
                    CpuDirectConv<float, TS, TV>.Tile(vectors, bases, &zero, 1, c, w, null, m, Positions * bw, Tiles, vectors * TS.Lanes,
                        FusedActivation.Linear, Positions, ((nint)Tiles * c, (nint)c * bw, bw));
                    for (int j = 0; j < n; j++)
                    {
                        float* fallback = null;
                        if (!finite[j])
                        {
                            Exact(padded, rowLength, c, tileRow[j], tileColumn[j], b * bw, channels, vectors * TS.Lanes, exact);
                            fallback = exact;
                        }
                        OutputTile(m + (long)j * Positions * bw, fallback, image, tr0 + tileRow[j], tileColumn[j], b, channels, vectors);
                    }
                }
            }
        }

        /// <summary>The inverse transform of one tile's products for block <paramref name="b"/> (or, for a tile computed
        /// exactly, its four conv values from <paramref name="exact"/>), then bias, ReLU, pooling and the store.</summary>
        private readonly void OutputTile(float* m, float* exact, int image, int tileRow, int tileColumn, int b, int channels, int vectors)
        {
            int lanes = TS.Lanes, bw = BlockWidth, oc = G.OutChannels;
            long ps = bw;
            for (int o = 0; o < vectors; o++)
            {
                int count = Math.Min(lanes, channels - o * lanes);
                TV z00, z01, z10, z11;
                if (exact is null)
                {
                    float* q = m + o * lanes;
                    TV s00 = Sum3(q, q + 4 * ps, q + 8 * ps), s10 = Difference3(q + 4 * ps, q + 8 * ps, q + 12 * ps);
                    q += ps;
                    TV s01 = Sum3(q, q + 4 * ps, q + 8 * ps), s11 = Difference3(q + 4 * ps, q + 8 * ps, q + 12 * ps);
                    q += ps;
                    TV s02 = Sum3(q, q + 4 * ps, q + 8 * ps), s12 = Difference3(q + 4 * ps, q + 8 * ps, q + 12 * ps);
                    q += ps;
                    TV s03 = Sum3(q, q + 4 * ps, q + 8 * ps), s13 = Difference3(q + 4 * ps, q + 8 * ps, q + 12 * ps);
                    z00 = TS.Add(TS.Add(s00, s01), s02);
                    z01 = TS.Subtract(TS.Subtract(s01, s02), s03);
                    z10 = TS.Add(TS.Add(s10, s11), s12);
                    z11 = TS.Subtract(TS.Subtract(s11, s12), s13);
                }
                else
                {
                    float* q = exact + o * lanes;
                    z00 = TS.Load(q);
                    z01 = TS.Load(q + bw);
                    z10 = TS.Load(q + 2 * bw);
                    z11 = TS.Load(q + 3 * bw);
                }
                TV bv = Bias is null ? default : TS.Load(Bias + b * bw + o * lanes);
                int channel = b * bw + o * lanes;
                if (Pooled)
                {
                    // Max pooling first: adding the bias and ReLU are monotonic (rounding included), so max(relu(z + b))
                    // = relu(max(z) + b) exactly, in one add and one ReLU instead of four.
                    TV r = Kind == PoolKind.Max
                        ? Epilogue(TS.Maximum(TS.Maximum(z00, z01), TS.Maximum(z10, z11)), bv)
                        : TS.Multiply(TS.Add(TS.Add(TS.Add(Epilogue(z00, bv), Epilogue(z01, bv)), Epilogue(z10, bv)), Epilogue(z11, bv)), TS.Broadcast(0.25f));
                    Put(Y + (((long)image * Pool.OutHeight + tileRow) * Pool.OutWidth + tileColumn) * oc + channel, r, count);
                    continue;
                }
                z00 = Epilogue(z00, bv);
                z01 = Epilogue(z01, bv);
                z10 = Epilogue(z10, bv);
                z11 = Epilogue(z11, bv);
                int oy = 2 * tileRow, ox = 2 * tileColumn;
                float* y0 = Y + (((long)image * G.OutHeight + oy) * G.OutWidth + ox) * oc + channel;
                bool right = ox + 1 < G.OutWidth, below = oy + 1 < G.OutHeight;
                Put(y0, z00, count);
                if (right) Put(y0 + oc, z01, count);
                if (below) Put(y0 + (long)G.OutWidth * oc, z10, count);
                if (right && below) Put(y0 + ((long)G.OutWidth + 1) * oc, z11, count);
            }
        }

        /// <summary>+ bias (unless there is none), then ReLU when asked.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly TV Epilogue(TV z, TV bias)
        {
            if (Bias is not null) z = TS.Add(z, bias);
            return Relu ? TS.Relu(z) : z;
        }

        /// <summary>The four conv values of one tile for output channels [o0, o0 + channels) into
        /// <paramref name="exact"/> (four rows of <see cref="BlockWidth"/>, zeros from <paramref name="channels"/> to
        /// <paramref name="width"/>): each one chain of fused multiply-adds over (kh, kw, c) from zero, the direct
        /// kernel's order.</summary>
        private readonly void Exact(float* padded, long rowLength, int c, int tileRow, int tileColumn, int o0, int channels, int width, float* exact)
        {
            int oc = G.OutChannels, bw = BlockWidth;
            for (int q = 0; q < 4; q++)
            {
                float* origin = padded + (2L * tileRow + (q >> 1)) * rowLength + (2L * tileColumn + (q & 1)) * c;
                float* dst = exact + q * bw;
                for (int o = 0; o < channels; o++)
                {
                    float acc = 0f;
                    float* w = K + o0 + o;
                    for (int kh = 0; kh < 3; kh++)
                    {
                        float* xr = origin + kh * rowLength;
                        for (int i = 0; i < 3 * c; i++, w += oc) acc = MathF.FusedMultiplyAdd(xr[i], *w, acc);
                    }
                    dst[o] = acc;
                }
                new Span<float>(dst + channels, width - channels).Clear();
            }
        }
    }

    /// <summary>
    /// V = Bᵀ d B for the 4 × 4 input block at <paramref name="d"/> (rows <paramref name="rowLength"/> apart, pixels
    /// <paramref name="c"/> apart), every channel: position p = 4i + k goes to <c>v + p · positionStride</c>, channels
    /// contiguous. False when a transformed value is not finite (an input was infinite or NaN, or the sum overflowed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool InputTransform(float* d, long rowLength, int c, float* v, long positionStride)
    {
        TV check = default;
        for (int ci = 0; ci < c; ci += TS.Lanes)
        {
            // E = d B, row by row, then V = Bᵀ E column by column.
            float* r = d + ci;
            Row(r, c, out TV e00, out TV e01, out TV e02, out TV e03);
            Row(r + rowLength, c, out TV e10, out TV e11, out TV e12, out TV e13);
            Row(r + 2 * rowLength, c, out TV e20, out TV e21, out TV e22, out TV e23);
            Row(r + 3 * rowLength, c, out TV e30, out TV e31, out TV e32, out TV e33);
            float* o = v + ci;
            check = Column(o, positionStride, e00, e10, e20, e30, check);
            check = Column(o + positionStride, positionStride, e01, e11, e21, e31, check);
            check = Column(o + 2 * positionStride, positionStride, e02, e12, e22, e32, check);
            check = Column(o + 3 * positionStride, positionStride, e03, e13, e23, e33, check);
        }
        return TS.AllFinite(check);
    }

    /// <summary>One row of d B: (d0 − d2, d1 + d2, d2 − d1, d1 − d3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row(float* r, int c, out TV e0, out TV e1, out TV e2, out TV e3)
    {
        TV d0 = TS.Load(r), d1 = TS.Load(r + c), d2 = TS.Load(r + 2 * c), d3 = TS.Load(r + 3 * c);
        e0 = TS.Subtract(d0, d2);
        e1 = TS.Add(d1, d2);
        e2 = TS.Subtract(d2, d1);
        e3 = TS.Subtract(d1, d3);
    }

    /// <summary>Column k of Bᵀ E into positions k, 4 + k, 8 + k, 12 + k (<paramref name="o"/> is position k); the
    /// values are added to <paramref name="check"/>, which stays finite only if they all are.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Column(float* o, long positionStride, TV e0, TV e1, TV e2, TV e3, TV check)
    {
        TV v0 = TS.Subtract(e0, e2), v1 = TS.Add(e1, e2), v2 = TS.Subtract(e2, e1), v3 = TS.Subtract(e1, e3);
        TS.Store(o, v0);
        TS.Store(o + 4 * positionStride, v1);
        TS.Store(o + 8 * positionStride, v2);
        TS.Store(o + 12 * positionStride, v3);
        return TS.Add(TS.Add(check, TS.Add(v0, v1)), TS.Add(v2, v3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Sum3(float* a, float* b, float* c) => TS.Add(TS.Add(TS.Load(a), TS.Load(b)), TS.Load(c));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Difference3(float* a, float* b, float* c) => TS.Subtract(TS.Subtract(TS.Load(a), TS.Load(b)), TS.Load(c));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* p, TV v, int count)
    {
        if (count == TS.Lanes) TS.Store(p, v);
        else TS.StorePartial(p, v, count);
    }
}
