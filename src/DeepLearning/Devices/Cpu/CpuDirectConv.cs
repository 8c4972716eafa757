using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace DeepLearning.Devices.Cpu;

/// <summary>
/// Direct 2-D convolution on NHWC tensors (one group), without a patch matrix: a register tile of
/// <see cref="CpuDirectConv{T, TS, TV}.Pixels"/> output pixels × up to four vectors of output channels accumulates
/// over (kh, kw, c) straight from the input, the kernel packed once per call into blocks of output channels. The
/// store adds the bias and applies the activation in registers; with a pooling window the tile goes to a per-task
/// band of conv rows in cache that is pooled from there, so the full-size conv output never reaches memory.
/// </summary>
/// <remarks>
/// Every output element is one chain of fused multiply-adds over (kh, kw, c) in that order, started from zero; the
/// bias is added after the chain and the activation after that, as in the composition conv → add → activation →
/// pool. Tiles at the end of a band recompute a duplicate pixel rather than take another code path, and work is
/// split over images or over rows of an image, never inside a chain, so the bits do not depend on the thread count.
/// </remarks>
internal static unsafe class CpuDirectConv
{
    /// <summary>Largest KH·KW·C for the direct kernel: a packed block of output channels is KH·KW·C rows of 256
    /// bytes (64 floats or 32 doubles), read once per tile, and must stay in the core's L2 cache (here 512 KiB).
    /// Larger reductions go through the patch matrix and the cache-blocked GEMM.</summary>
    private const int MaxReduction = 2048;

    /// <summary>Whether the direct kernel handles this geometry: one group and a reduction of at most
    /// <see cref="MaxReduction"/> (strides, dilation and padding are general).</summary>
    public static bool Supports(in Conv2DGeometry g) =>
        g.Groups == 1 && (long)g.KernelHeight * g.KernelWidth * g.InChannels <= MaxReduction;

    /// <summary>y = act(x ⋆ kernel + bias), then pooled by <paramref name="pool"/> when <paramref name="poolKind"/>
    /// is given (y is then the pooled output). <paramref name="bias"/> without storage means no bias.</summary>
    public static void Run(in StridedView x, in StridedView kernel, in StridedView bias, in StridedView y, in Conv2DGeometry g,
        FusedActivation activation, PoolKind? poolKind, in Pool2DGeometry pool)
    {
        if (x.DType == DType.Float32)
            Typed(CpuElementwise.Ptr<float>(x), CpuElementwise.Ptr<float>(kernel), bias.Storage is null ? null : CpuElementwise.Ptr<float>(bias),
                CpuElementwise.Ptr<float>(y), g, activation, poolKind, pool);
        else
            Typed(CpuElementwise.Ptr<double>(x), CpuElementwise.Ptr<double>(kernel), bias.Storage is null ? null : CpuElementwise.Ptr<double>(bias),
                CpuElementwise.Ptr<double>(y), g, activation, poolKind, pool);
    }

    private static void Typed<T>(T* x, T* kernel, T* bias, T* y, in Conv2DGeometry g, FusedActivation activation, PoolKind? poolKind,
        in Pool2DGeometry pool) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Avx512F.IsSupported)
            CpuDirectConv<T, GemmVector512<T>, Vector512<T>>.Run(x, kernel, bias, y, g, activation, poolKind, pool);
        else if (Avx2.IsSupported && Fma.IsSupported)
            CpuDirectConv<T, GemmVector256<T>, Vector256<T>>.Run(x, kernel, bias, y, g, activation, poolKind, pool);
        else
            CpuDirectConv<T, GemmVector128<T>, Vector128<T>>.Run(x, kernel, bias, y, g, activation, poolKind, pool);
    }
}

/// <summary>The direct convolution over one vector type (see <see cref="CpuDirectConv"/>).</summary>
internal static unsafe class CpuDirectConv<T, TS, TV>
    where T : unmanaged, IFloatingPointIeee754<T> where TS : struct, IGemmVector<TV, T> where TV : struct
{
    /// <summary>Output pixels per register tile: 6 × 4 zmm accumulators + 4 kernel vectors + a broadcast fit the
    /// 32 AVX-512 registers; 6 × 2 ymm + 2 + 1 fit AVX2's 16 (see <see cref="TileVectors"/>).</summary>
    public const int Pixels = 6;

    /// <summary>Vectors of output channels per tile: four where there are 32 vector registers (AVX-512, Arm64), two
    /// where there are 16 (four there spilled 13 of the 24 accumulators to the stack, a load and a store per
    /// multiply-add).</summary>
    private static int TileVectors
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TS.Registers == 32 ? 4 : 2;
    }

    /// <summary>Output channels per packed kernel block.</summary>
    internal static int BlockWidth
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TS.Lanes * TileVectors;
    }

    /// <summary>Bytes of conv output rows a task keeps in cache before pooling them.</summary>
    private const int BandBytes = 256 * 1024;

    public static void Run(T* x, T* kernel, T* bias, T* y, in Conv2DGeometry g, FusedActivation activation, PoolKind? poolKind, in Pool2DGeometry pool)
    {
        if (g.Batch == 0 || g.OutHeight == 0 || g.OutWidth == 0 || g.OutChannels == 0) return;
        int bw = BlockWidth, blocks = (g.OutChannels + bw - 1) / bw;
        long run = (long)g.KernelHeight * g.KernelWidth * g.InChannels;
        T* packed = ThreadScratch<T, PackedSlot>.Get(blocks * (run + 1) * bw);
        T* packedBias = packed + blocks * run * bw;
        Pack(kernel, bias, packed, packedBias, run, g.OutChannels, bw, blocks);
        int finalRows = poolKind is null ? g.OutHeight : pool.OutHeight;
        if (finalRows == 0 || (poolKind is not null && pool.OutWidth == 0)) return;
        // With pooling, a band of pooled rows also bounds the conv rows held in cache.
        var (bands, perBand) = Bands(g.Batch, finalRows,
            poolKind is null ? 0 : (long)g.OutWidth * g.OutChannels * sizeof(T) * Math.Max(1, pool.StrideHeight));
        var job = new Job
        {
            G = g, Pool = pool, Pooled = poolKind is not null, Kind = poolKind ?? PoolKind.Max, Activation = activation,
            X = x, Y = y, W = packed, Bias = bias is null ? null : packedBias, Blocks = blocks, Bands = bands, RowsPerBand = perBand,
        };
        if (g.Batch * bands == 1) job.Execute(0);
        else KernelPool.For(g.Batch * bands, ref job);
    }

    /// <summary>Kernel (KH·KW·C) × OC row-major into blocks of <paramref name="bw"/> output channels, each
    /// (KH·KW·C) × bw with zeros past OC; the bias likewise.</summary>
    private static void Pack(T* kernel, T* bias, T* packed, T* packedBias, long run, int oc, int bw, int blocks)
    {
        for (int b = 0; b < blocks; b++)
        {
            int o0 = b * bw, cols = Math.Min(bw, oc - o0);
            T* dst = packed + b * run * bw;
            for (long r = 0; r < run; r++, dst += bw)
            {
                new ReadOnlySpan<T>(kernel + r * oc + o0, cols).CopyTo(new Span<T>(dst, cols));
                if (cols < bw) new Span<T>(dst + cols, bw - cols).Clear();
            }
        }
        PackBias(bias, packedBias, oc, bw, blocks);
    }

    /// <summary>The bias (or zeros without one) into <paramref name="blocks"/> blocks of <paramref name="bw"/> output
    /// channels, zeros past OC.</summary>
    internal static void PackBias(T* bias, T* packedBias, int oc, int bw, int blocks)
    {
        var packed = new Span<T>(packedBias, blocks * bw);
        packed.Clear();
        if (bias is not null) new ReadOnlySpan<T>(bias, oc).CopyTo(packed);
    }

    /// <summary>Tasks over <paramref name="rows"/> final rows of each of <paramref name="batch"/> images: whole images per
    /// task when there are enough of them, otherwise bands of rows so that batch 1 still spreads over the pool; with
    /// <paramref name="bytesPerRow"/> &gt; 0 a band also holds at most <see cref="BandBytes"/> of such rows.</summary>
    internal static (int Bands, int RowsPerBand) Bands(int batch, int rows, long bytesPerRow)
    {
        int bands = batch >= KernelPool.ThreadCount ? 1 : Math.Min(rows, (2 * KernelPool.ThreadCount + batch - 1) / batch);
        int perBand = (rows + bands - 1) / bands;
        if (bytesPerRow > 0) perBand = (int)Math.Clamp(BandBytes / bytesPerRow, 1, perBand);
        return ((rows + perBand - 1) / perBand, perBand);
    }

    private struct Job : IParallelJob
    {
        public Conv2DGeometry G;
        public Pool2DGeometry Pool;
        public bool Pooled;
        public PoolKind Kind;
        public FusedActivation Activation;
        public T* X, Y, W, Bias;
        public int Blocks, Bands, RowsPerBand;

        public void Execute(int index)
        {
            var g = G;
            int image = index / Bands, band = index % Bands;
            T* x = X + (long)image * g.InHeight * g.InWidth * g.InChannels;
            long convRow = (long)g.OutWidth * g.OutChannels;
            if (!Pooled)
            {
                int r0 = band * RowsPerBand, r1 = Math.Min(g.OutHeight, r0 + RowsPerBand);
                if (r1 > r0) ConvRows(g, x, r0, r1, Y + ((long)image * g.OutHeight + r0) * convRow, null, null, 0, 0);
                return;
            }
            var p = Pool;
            int q0 = band * RowsPerBand, q1 = Math.Min(p.OutHeight, q0 + RowsPerBand);
            int c0 = Math.Max(0, q0 * p.StrideHeight - p.PadTop), c1 = Math.Min(g.OutHeight, (q1 - 1) * p.StrideHeight - p.PadTop + p.PoolHeight);
            T* yImage = Y + (long)image * p.OutHeight * p.OutWidth * p.Channels;
            if (q1 <= q0) return;
            if (c1 <= c0)
            {
                // Windows entirely in padding: the pooling kernel writes zeros for them.
                CpuPool.ForwardRows(p, Kind, (T*)null, yImage, q0, q1);
                return;
            }
            T* band0 = ThreadScratch<T, BandSlot>.Get((c1 - c0) * convRow + InputBandLength(g, c0, c1));
            ConvRows(g, x, c0, c1, band0, band0 + (c1 - c0) * convRow, yImage, q0, q1);
        }

        /// <summary>Conv rows [r0, r1) of one image into <paramref name="y"/> (dense, OC per pixel), bias and activation
        /// applied. <paramref name="padded"/> is room for the padded input rows when the scratch is shared. With
        /// <paramref name="pooled"/> (the image's pooled output), y is a band of conv rows in scratch and pooled rows
        /// [q0, q1) are taken from it as soon as their conv rows are done.</summary>
        private readonly void ConvRows(in Conv2DGeometry g, T* x, int r0, int r1, T* y, T* padded, T* pooled, int q0, int q1)
        {
            int c = g.InChannels;
            int ihLo = r0 * g.StrideHeight - g.PadTop, ihHi = (r1 - 1) * g.StrideHeight - g.PadTop + (g.KernelHeight - 1) * g.DilationHeight;
            int iwLo = -g.PadLeft, iwHi = (g.OutWidth - 1) * g.StrideWidth - g.PadLeft + (g.KernelWidth - 1) * g.DilationWidth;
            T* src;
            long rowStride;
            if (ihLo >= 0 && ihHi < g.InHeight && iwLo >= 0 && iwHi < g.InWidth)
            {
                src = x + (long)ihLo * g.InWidth * c;
                rowStride = (long)g.InWidth * c;
            }
            else
            {
                src = padded != null ? padded : ThreadScratch<T, BandSlot>.Get(InputBandLength(g, r0, r1));
                rowStride = (long)(iwHi - iwLo + 1) * c;
                PadRows(g, x, src, ihLo, ihHi, iwLo, iwHi);
            }

            // Taps: with no horizontal dilation a kernel row's KW·C inputs are adjacent, so each kernel row is one run.
            int taps = g.DilationWidth == 1 ? g.KernelHeight : g.KernelHeight * g.KernelWidth;
            int run = g.DilationWidth == 1 ? g.KernelWidth * c : c;
            nint* offsets = stackalloc nint[taps];
            for (int t = 0; t < taps; t++)
                offsets[t] = g.DilationWidth == 1
                    ? (nint)(t * g.DilationHeight * rowStride)
                    : (nint)((t / g.KernelWidth) * g.DilationHeight * rowStride + (t % g.KernelWidth) * g.DilationWidth * c);

            int bw = BlockWidth, oc = g.OutChannels, pixels = (r1 - r0) * g.OutWidth;
            long blockStride = (long)g.KernelHeight * g.KernelWidth * c * bw;
            T** bases = stackalloc T*[Pixels];
            // The next pixel's input position, stepped along the band instead of divided out per pixel: a small
            // reduction (a first layer's 3 × 3 × 1) costs about as much as a division per pixel.
            T* rowStart = src, next = src;
            int column = 0, outWidth = g.OutWidth, rowsDone = 0, q = q0;
            nint pixelStep = (nint)g.StrideWidth * c, rowStep = (nint)(g.StrideHeight * rowStride);
            for (int p0 = 0; p0 < pixels; p0 += Pixels)
            {
                int n = Math.Min(Pixels, pixels - p0);
                for (int j = 0; j < n; j++)
                {
                    bases[j] = next;
                    next += pixelStep;
                    if (++column == outWidth)
                    {
                        column = 0;
                        rowsDone++;
                        rowStart += rowStep;
                        next = rowStart;
                    }
                }
                // Past the band's end: recompute its last pixel rather than take another code path.
                for (int j = n; j < Pixels; j++) bases[j] = bases[n - 1];
                T* yTile = y + (long)p0 * oc;
                for (int b = 0; b < Blocks; b++)
                {
                    int cols = Math.Min(bw, oc - b * bw);
                    T* w = W + b * blockStride;
                    T* bias = Bias is null ? null : Bias + b * bw;
                    T* yb = yTile + b * bw;
                    Tile((cols + TS.Lanes - 1) / TS.Lanes, bases, offsets, taps, run, w, bias, yb, oc, n, cols, Activation);
                }
                if (Activation is FusedActivation.Tanh or FusedActivation.Sigmoid) Activate(yTile, (long)n * oc, Activation);

                // Pooled rows whose windows' conv rows are all done, pooled while those rows are still in cache.
                if (pooled != null)
                    for (; q < q1 && Math.Min(r1, q * Pool.StrideHeight - Pool.PadTop + Pool.PoolHeight) <= r0 + rowsDone; q++)
                        CpuPool.ForwardRows(Pool, Kind, y - (long)r0 * outWidth * oc, pooled, q, q + 1);
            }
        }
    }

    /// <summary>Elements of the zero-padded input rows that conv rows [r0, r1) read.</summary>
    private static long InputBandLength(in Conv2DGeometry g, int r0, int r1)
    {
        long rows = (long)(r1 - 1 - r0) * g.StrideHeight + (g.KernelHeight - 1) * g.DilationHeight + 1;
        long cols = (long)(g.OutWidth - 1) * g.StrideWidth + (g.KernelWidth - 1) * g.DilationWidth + 1;
        return rows * cols * g.InChannels;
    }

    /// <summary>Input rows [ihLo, ihHi] × columns [iwLo, iwHi] of one image into <paramref name="dst"/>, zeros outside the image.</summary>
    internal static void PadRows(in Conv2DGeometry g, T* x, T* dst, int ihLo, int ihHi, int iwLo, int iwHi)
    {
        int c = g.InChannels, width = iwHi - iwLo + 1;
        int left = Math.Clamp(-iwLo, 0, width), inside = Math.Max(0, Math.Min(iwHi, g.InWidth - 1) - Math.Max(iwLo, 0) + 1);
        int right = width - left - inside;
        for (int ih = ihLo; ih <= ihHi; ih++, dst += (long)width * c)
        {
            if ((uint)ih >= (uint)g.InHeight)
            {
                new Span<T>(dst, width * c).Clear();
                continue;
            }
            if (left > 0) new Span<T>(dst, left * c).Clear();
            if (inside > 0)
                new ReadOnlySpan<T>(x + ((long)ih * g.InWidth + Math.Max(iwLo, 0)) * c, inside * c).CopyTo(new Span<T>(dst + (long)left * c, inside * c));
            if (right > 0) new Span<T>(dst + (long)(left + inside) * c, right * c).Clear();
        }
    }

    /// <summary><see cref="Tile{TN}"/> with <paramref name="vectors"/> (1 to <see cref="TileVectors"/>) vectors of output
    /// channels.</summary>
    internal static void Tile(int vectors, T** bases, nint* offsets, int taps, int run, T* w, T* bias, T* y, nint ldy, int n, int cols,
        FusedActivation activation, int repeats = 1, (nint X, nint W, nint Y) step = default)
    {
        switch (vectors)
        {
            case 1: Tile<V1>(bases, offsets, taps, run, w, bias, y, ldy, n, cols, activation, repeats, step); break;
            case 2: Tile<V2>(bases, offsets, taps, run, w, bias, y, ldy, n, cols, activation, repeats, step); break;
            case 3: Tile<V3>(bases, offsets, taps, run, w, bias, y, ldy, n, cols, activation, repeats, step); break;
            default: Tile<V4>(bases, offsets, taps, run, w, bias, y, ldy, n, cols, activation, repeats, step); break;
        }
    }

    /// <summary>
    /// <see cref="Pixels"/> output pixels × TN vectors of output channels: pixel j reads
    /// <c>bases[j] + offsets[t] + i</c> for tap t and i &lt; run, against packed kernel rows of <see cref="BlockWidth"/>.
    /// Stores the first <paramref name="n"/> pixels, <paramref name="cols"/> channels each, <paramref name="ldy"/> apart.
    /// With <paramref name="repeats"/> &gt; 1 it does so for that many independent problems in one call, problem r
    /// reading <c>bases[j] + r · step.X</c> and <c>w + r · step.W</c> and storing at <c>y + r · step.Y</c> (the 16
    /// products of a Winograd tile group, <see cref="CpuWinogradConv"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TN>(T** bases, nint* offsets, int taps, int run, T* w, T* bias, T* y, nint ldy, int n, int cols, FusedActivation activation,
        int repeats = 1, (nint X, nint W, nint Y) step = default)
        where TN : struct, IGemmConstant
    {
        int nv = TN.Value, lanes = TS.Lanes, bw = BlockWidth;
        T* x0 = bases[0], x1 = bases[1], x2 = bases[2], x3 = bases[3], x4 = bases[4], x5 = bases[5];
        for (int r = 0; r < repeats; r++, x0 += step.X, x1 += step.X, x2 += step.X, x3 += step.X, x4 += step.X, x5 += step.X, y += step.Y)
        {
            T* wr = w + r * step.W;
            TV a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
            TV a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
            TV a40 = default, a41 = default, a42 = default, a43 = default, a50 = default, a51 = default, a52 = default, a53 = default;
            for (int t = 0; t < taps; t++)
            {
                nint off = offsets[t];
                T* p0 = x0 + off, p1 = x1 + off, p2 = x2 + off, p3 = x3 + off, p4 = x4 + off, p5 = x5 + off;
                for (nint i = 0; i < run; i++)
                {
                    TV w0 = TS.Load(wr), w1 = nv > 1 ? TS.Load(wr + lanes) : default;
                    TV w2 = nv > 2 ? TS.Load(wr + 2 * lanes) : default, w3 = nv > 3 ? TS.Load(wr + 3 * lanes) : default, v;
                    v = TS.Broadcast(p0[i]);
                    a00 = TS.MultiplyAdd(v, w0, a00); if (nv > 1) a01 = TS.MultiplyAdd(v, w1, a01);
                    if (nv > 2) a02 = TS.MultiplyAdd(v, w2, a02); if (nv > 3) a03 = TS.MultiplyAdd(v, w3, a03);
                    v = TS.Broadcast(p1[i]);
                    a10 = TS.MultiplyAdd(v, w0, a10); if (nv > 1) a11 = TS.MultiplyAdd(v, w1, a11);
                    if (nv > 2) a12 = TS.MultiplyAdd(v, w2, a12); if (nv > 3) a13 = TS.MultiplyAdd(v, w3, a13);
                    v = TS.Broadcast(p2[i]);
                    a20 = TS.MultiplyAdd(v, w0, a20); if (nv > 1) a21 = TS.MultiplyAdd(v, w1, a21);
                    if (nv > 2) a22 = TS.MultiplyAdd(v, w2, a22); if (nv > 3) a23 = TS.MultiplyAdd(v, w3, a23);
                    v = TS.Broadcast(p3[i]);
                    a30 = TS.MultiplyAdd(v, w0, a30); if (nv > 1) a31 = TS.MultiplyAdd(v, w1, a31);
                    if (nv > 2) a32 = TS.MultiplyAdd(v, w2, a32); if (nv > 3) a33 = TS.MultiplyAdd(v, w3, a33);
                    v = TS.Broadcast(p4[i]);
                    a40 = TS.MultiplyAdd(v, w0, a40); if (nv > 1) a41 = TS.MultiplyAdd(v, w1, a41);
                    if (nv > 2) a42 = TS.MultiplyAdd(v, w2, a42); if (nv > 3) a43 = TS.MultiplyAdd(v, w3, a43);
                    v = TS.Broadcast(p5[i]);
                    a50 = TS.MultiplyAdd(v, w0, a50); if (nv > 1) a51 = TS.MultiplyAdd(v, w1, a51);
                    if (nv > 2) a52 = TS.MultiplyAdd(v, w2, a52); if (nv > 3) a53 = TS.MultiplyAdd(v, w3, a53);
                    wr += bw;
                }
            }
            Store<TN>(y, a00, a01, a02, a03, bias, cols, activation);
            if (n > 1) Store<TN>(y + ldy, a10, a11, a12, a13, bias, cols, activation);
            if (n > 2) Store<TN>(y + 2 * ldy, a20, a21, a22, a23, bias, cols, activation);
            if (n > 3) Store<TN>(y + 3 * ldy, a30, a31, a32, a33, bias, cols, activation);
            if (n > 4) Store<TN>(y + 4 * ldy, a40, a41, a42, a43, bias, cols, activation);
            if (n > 5) Store<TN>(y + 5 * ldy, a50, a51, a52, a53, bias, cols, activation);
        }
    }

    /// <summary>One pixel's channels: + bias, then ReLU in registers (tanh and sigmoid follow in <see cref="Activate"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TN>(T* y, TV v0, TV v1, TV v2, TV v3, T* bias, int cols, FusedActivation activation) where TN : struct, IGemmConstant
    {
        int nv = TN.Value, lanes = TS.Lanes;
        if (bias is not null)
        {
            v0 = TS.Add(v0, TS.Load(bias));
            if (nv > 1) v1 = TS.Add(v1, TS.Load(bias + lanes));
            if (nv > 2) v2 = TS.Add(v2, TS.Load(bias + 2 * lanes));
            if (nv > 3) v3 = TS.Add(v3, TS.Load(bias + 3 * lanes));
        }
        if (activation == FusedActivation.Relu)
        {
            v0 = TS.Relu(v0);
            if (nv > 1) v1 = TS.Relu(v1);
            if (nv > 2) v2 = TS.Relu(v2);
            if (nv > 3) v3 = TS.Relu(v3);
        }
        if (cols == nv * lanes)
        {
            TS.Store(y, v0);
            if (nv > 1) TS.Store(y + lanes, v1);
            if (nv > 2) TS.Store(y + 2 * lanes, v2);
            if (nv > 3) TS.Store(y + 3 * lanes, v3);
        }
        else
        {
            // cols > (nv − 1)·lanes: every vector but the last is whole.
            int last = cols - (nv - 1) * lanes;
            if (nv == 1) TS.StorePartial(y, v0, last);
            else TS.Store(y, v0);
            if (nv == 2) TS.StorePartial(y + lanes, v1, last);
            else if (nv > 2) TS.Store(y + lanes, v1);
            if (nv == 3) TS.StorePartial(y + 2 * lanes, v2, last);
            else if (nv > 3) TS.Store(y + 2 * lanes, v2);
            if (nv == 4) TS.StorePartial(y + 3 * lanes, v3, last);
        }
    }

    /// <summary>Tanh or sigmoid over a tile's stored pixels, one span of <paramref name="length"/> values (kept out of
    /// <see cref="Tile{TN}"/>: a call there would make the JIT keep the accumulators in memory, as calls clobber every
    /// vector register). One span for the whole tile, not one per block of channels, so that every value takes the
    /// vectorised path of <c>TensorPrimitives</c> whatever the block width (its scalar path for a short remainder can
    /// differ in the last bit).</summary>
    private static void Activate(T* y, long length, FusedActivation activation)
    {
        var span = new Span<T>(y, (int)length);
        if (activation is FusedActivation.Tanh) TP.Tanh<T>(span, span);
        else TP.Sigmoid<T>(span, span);
    }

    private struct V1 : IGemmConstant { public static int Value => 1; }
    private struct V2 : IGemmConstant { public static int Value => 2; }
    private struct V3 : IGemmConstant { public static int Value => 3; }
    private struct V4 : IGemmConstant { public static int Value => 4; }
}
