using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepLearning.Devices.Cpu;

/// <summary>
/// 2-D convolution on NHWC tensors as GEMM. Forward: the direct kernel (<see cref="CpuDirectConv"/>) where it
/// applies; otherwise (groups, a reduction too large for it, and 1×1 kernels, which are a plain GEMM) per image, the patch matrix P (OH·OW × KH·KW·Cg) is built
/// (im2col) and multiplied by the kernel viewed as (KH·KW·Cg × OC) — Keras's (kh, kw, c, oc) layout is exactly
/// that matrix. Backward to the input: dP = dY·Kᵀ, scattered back (col2im). Backward to the kernel: Pᵀ·dY summed
/// over images in fixed chunks that are added in order, so the result does not depend on the thread count.
/// Images (chunks for the kernel gradient) are the unit of parallel work, each task running single-threaded GEMMs
/// on its own thread with a per-thread scratch buffer; with fewer images than threads the images run on the caller
/// and each GEMM spreads over the pool instead. Patch matrices are built in bands of output rows that fit in L2.
/// </summary>
internal static unsafe class CpuConv
{
    private const int KernelGradChunk = 4;

    /// <summary>Patch matrices are built a band of output rows at a time, about this many bytes, so that the band
    /// stays in the core's L2 cache between im2col and the GEMM that reads it.</summary>
    private const int PatchBandBytes = 256 * 1024;

    /// <summary>Output rows per band: whole rows of the output image whose patch rows fit in <see cref="PatchBandBytes"/>.</summary>
    private static int BandRows<T>(in Conv2DGeometry g, int cols) where T : unmanaged =>
        (int)Math.Clamp(PatchBandBytes / sizeof(T) / Math.Max(1L, (long)g.OutWidth * cols), 1, g.OutHeight);

    public static void Forward(Device device, in StridedView x, in StridedView kernel, in StridedView y, in Conv2DGeometry g)
    {
        if (CpuDirectConv.Supports(g) && !IsPointwise(g))
        {
            CpuDirectConv.Run(x, kernel, default, y, g, FusedActivation.Linear, null, default);
            return;
        }
        if (x.DType == DType.Float32) Run(new ForwardJob<float> { G = g, X = CpuElementwise.Ptr<float>(x), K = CpuElementwise.Ptr<float>(kernel), Y = CpuElementwise.Ptr<float>(y) }, g.Batch);
        else Run(new ForwardJob<double> { G = g, X = CpuElementwise.Ptr<double>(x), K = CpuElementwise.Ptr<double>(kernel), Y = CpuElementwise.Ptr<double>(y) }, g.Batch);
    }

    public static void BackwardInput(Device device, in StridedView dy, in StridedView kernel, in StridedView dx, in Conv2DGeometry g)
    {
        if (dy.DType == DType.Float32) Run(new BackwardInputJob<float> { G = g, DY = CpuElementwise.Ptr<float>(dy), K = CpuElementwise.Ptr<float>(kernel), DX = CpuElementwise.Ptr<float>(dx) }, g.Batch);
        else Run(new BackwardInputJob<double> { G = g, DY = CpuElementwise.Ptr<double>(dy), K = CpuElementwise.Ptr<double>(kernel), DX = CpuElementwise.Ptr<double>(dx) }, g.Batch);
    }

    public static void BackwardKernel(Device device, in StridedView x, in StridedView dy, in StridedView dk, in Conv2DGeometry g)
    {
        int chunks = (g.Batch + KernelGradChunk - 1) / KernelGradChunk;
        int size = g.KernelHeight * g.KernelWidth * g.GroupInChannels * g.OutChannels;
        if (chunks == 0)
        {
            CpuElementwise.Fill(dk, 0);
            return;
        }
        var partials = device.Allocate(x.DType, size * chunks);
        try
        {
            if (x.DType == DType.Float32)
                BackwardKernelTyped(new BackwardKernelJob<float> { G = g, X = CpuElementwise.Ptr<float>(x), DY = CpuElementwise.Ptr<float>(dy), Partials = ((CpuStorage)partials).Ptr<float>(), Size = size },
                    chunks, CpuElementwise.Ptr<float>(dk));
            else
                BackwardKernelTyped(new BackwardKernelJob<double> { G = g, X = CpuElementwise.Ptr<double>(x), DY = CpuElementwise.Ptr<double>(dy), Partials = ((CpuStorage)partials).Ptr<double>(), Size = size },
                    chunks, CpuElementwise.Ptr<double>(dk));
        }
        finally
        {
            device.Release(partials);
        }
    }

    private static void BackwardKernelTyped<T>(BackwardKernelJob<T> job, int chunks, T* dk) where T : unmanaged, INumber<T>
    {
        Run(job, chunks);
        new ReadOnlySpan<T>(job.Partials, job.Size).CopyTo(new Span<T>(dk, job.Size));
        for (int c = 1; c < chunks; c++) Add(job.Partials + (long)c * job.Size, dk, job.Size);
    }

    /// <summary>Runs one task per image (or chunk) across the pool; with fewer tasks than threads they run on the
    /// caller instead, so that each GEMM can spread over the pool itself.</summary>
    private static void Run<TJob>(TJob job, int count) where TJob : struct, IParallelJob
    {
        if (count < KernelPool.ThreadCount)
        {
            for (int i = 0; i < count; i++) job.Execute(i);
            return;
        }
        KernelPool.For(count, ref job);
    }

    /// <summary>True when the patch matrix of a group is the input itself (1×1 kernel, stride 1, no padding, one group).</summary>
    private static bool IsPointwise(in Conv2DGeometry g) =>
        g.KernelHeight == 1 && g.KernelWidth == 1 && g.StrideHeight == 1 && g.StrideWidth == 1
        && g.PadTop == 0 && g.PadLeft == 0 && g.Groups == 1 && g.OutHeight == g.InHeight && g.OutWidth == g.InWidth;

    /// <summary>Builds the patch matrix of output rows [oh0, oh1) of image <paramref name="x"/> for one group: row
    /// ((oh − oh0)·OW + ow), column ((kh·KW + kw)·Cg + c), zero where the window leaves the input.</summary>
    /// <remarks>With one group and no horizontal dilation the KW cells of a kernel row are adjacent in the input
    /// (NHWC), so each (oh, ow, kh) is one copy of KW·C elements, clipped at the left and right borders; that
    /// keeps the copies long even for a single input channel (the first layer of an image network).</remarks>
    private static void Im2Col<T>(in Conv2DGeometry g, T* x, int group, T* p, int oh0, int oh1) where T : unmanaged
    {
        int cg = g.GroupInChannels, kw = g.KernelWidth, cols = g.KernelHeight * kw * cg, rowLen = kw * cg;
        bool runs = g.Groups == 1 && g.DilationWidth == 1;
        long inRow = (long)g.InWidth * g.InChannels;
        for (int oh = oh0; oh < oh1; oh++)
        {
            T* band = p + (long)(oh - oh0) * g.OutWidth * cols;
            for (int kh = 0; kh < g.KernelHeight; kh++)
            {
                int ih = oh * g.StrideHeight - g.PadTop + kh * g.DilationHeight;
                T* dst = band + kh * rowLen;
                if ((uint)ih >= (uint)g.InHeight)
                {
                    for (int ow = 0; ow < g.OutWidth; ow++) Clear(dst + (long)ow * cols, rowLen);
                    continue;
                }
                T* src = x + ih * inRow + group * cg;
                for (int ow = 0; ow < g.OutWidth; ow++, dst += cols)
                {
                    int iw0 = ow * g.StrideWidth - g.PadLeft;
                    if (runs)
                    {
                        int lo = Math.Max(-iw0, 0), hi = Math.Min(kw, g.InWidth - iw0);
                        if (hi <= lo)
                        {
                            Clear(dst, rowLen);
                            continue;
                        }
                        if (lo > 0) Clear(dst, lo * cg);
                        Copy(src + (long)(iw0 + lo) * cg, dst + lo * cg, (hi - lo) * cg);
                        if (hi < kw) Clear(dst + hi * cg, (kw - hi) * cg);
                        continue;
                    }
                    for (int b = 0; b < kw; b++)
                    {
                        int iw = iw0 + b * g.DilationWidth;
                        if ((uint)iw >= (uint)g.InWidth) Clear(dst + b * cg, cg);
                        else Copy(src + (long)iw * g.InChannels, dst + b * cg, cg);
                    }
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="Im2Col"/> for output rows [oh0, oh1): adds patch-matrix entries back into
    /// image dx (in a fixed order, so the result is deterministic).</summary>
    private static void Col2Im<T>(in Conv2DGeometry g, T* p, int group, T* dx, int oh0, int oh1) where T : unmanaged, INumber<T>
    {
        int cg = g.GroupInChannels, kw = g.KernelWidth, cols = g.KernelHeight * kw * cg, rowLen = kw * cg;
        bool runs = g.Groups == 1 && g.DilationWidth == 1;
        long inRow = (long)g.InWidth * g.InChannels;
        for (int oh = oh0; oh < oh1; oh++)
        {
            T* band = p + (long)(oh - oh0) * g.OutWidth * cols;
            for (int kh = 0; kh < g.KernelHeight; kh++)
            {
                int ih = oh * g.StrideHeight - g.PadTop + kh * g.DilationHeight;
                if ((uint)ih >= (uint)g.InHeight) continue;
                T* src = band + kh * rowLen;
                T* dst = dx + ih * inRow + group * cg;
                for (int ow = 0; ow < g.OutWidth; ow++, src += cols)
                {
                    int iw0 = ow * g.StrideWidth - g.PadLeft;
                    if (runs)
                    {
                        int lo = Math.Max(-iw0, 0), hi = Math.Min(kw, g.InWidth - iw0);
                        if (hi > lo) Add(src + lo * cg, dst + (long)(iw0 + lo) * cg, (hi - lo) * cg);
                        continue;
                    }
                    for (int b = 0; b < kw; b++)
                    {
                        int iw = iw0 + b * g.DilationWidth;
                        if ((uint)iw < (uint)g.InWidth) Add(src + b * cg, dst + (long)iw * g.InChannels, cg);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy<T>(T* src, T* dst, int n) where T : unmanaged
    {
        if (n <= 8)
        {
            for (int i = 0; i < n; i++) dst[i] = src[i];
            return;
        }
        long bytes = (long)n * sizeof(T);
        Buffer.MemoryCopy(src, dst, bytes, bytes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Clear<T>(T* dst, int n) where T : unmanaged
    {
        if (n <= 8)
        {
            for (int i = 0; i < n; i++) dst[i] = default;
            return;
        }
        new Span<T>(dst, n).Clear();
    }

    /// <summary>dst += src over n elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add<T>(T* src, T* dst, int n) where T : unmanaged, INumber<T>
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
                (Vector256.Load(dst + i) + Vector256.Load(src + i)).Store(dst + i);
        for (; i < n; i++) dst[i] += src[i];
    }

    private static void Gemm<T>(bool ta, bool tb, int m, int n, int k, T* a, int lda, T* b, int ldb, T* c, int ldc, bool acc) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            Cpu.Gemm.SgemmBatched(1, ta, tb, m, n, k, (float*)a, lda, 0, (float*)b, ldb, 0, (float*)c, ldc, 0, acc);
        else
            Cpu.Gemm.DgemmBatched(1, ta, tb, m, n, k, (double*)a, lda, 0, (double*)b, ldb, 0, (double*)c, ldc, 0, acc);
    }

    private struct ForwardJob<T> : IParallelJob where T : unmanaged, INumber<T>
    {
        public Conv2DGeometry G;
        public T* X, K, Y;

        public void Execute(int image)
        {
            var g = G;
            int rows = g.OutHeight * g.OutWidth, cols = g.KernelHeight * g.KernelWidth * g.GroupInChannels;
            T* x = X + (long)image * g.InHeight * g.InWidth * g.InChannels;
            T* y = Y + (long)image * rows * g.OutChannels;
            if (IsPointwise(g))
            {
                Gemm(false, false, rows, g.OutChannels, g.InChannels, x, g.InChannels, K, g.OutChannels, y, g.OutChannels, false);
                return;
            }
            int band = BandRows<T>(g, cols);
            T* p = ThreadScratch<T, BandSlot>.Get((long)band * g.OutWidth * cols);
            for (int group = 0; group < g.Groups; group++)
                for (int oh0 = 0; oh0 < g.OutHeight; oh0 += band)
                {
                    int oh1 = Math.Min(g.OutHeight, oh0 + band);
                    Im2Col(g, x, group, p, oh0, oh1);
                    Gemm(false, false, (oh1 - oh0) * g.OutWidth, g.GroupOutChannels, cols, p, cols, K + group * g.GroupOutChannels, g.OutChannels,
                        y + (long)oh0 * g.OutWidth * g.OutChannels + group * g.GroupOutChannels, g.OutChannels, false);
                }
        }
    }

    private struct BackwardInputJob<T> : IParallelJob where T : unmanaged, INumber<T>
    {
        public Conv2DGeometry G;
        public T* DY, K, DX;

        public void Execute(int image)
        {
            var g = G;
            int rows = g.OutHeight * g.OutWidth, cols = g.KernelHeight * g.KernelWidth * g.GroupInChannels;
            T* dx = DX + (long)image * g.InHeight * g.InWidth * g.InChannels;
            T* dy = DY + (long)image * rows * g.OutChannels;
            if (IsPointwise(g))
            {
                Gemm(false, true, rows, g.InChannels, g.OutChannels, dy, g.OutChannels, K, g.OutChannels, dx, g.InChannels, false);
                return;
            }
            new Span<T>(dx, g.InHeight * g.InWidth * g.InChannels).Clear();
            int band = BandRows<T>(g, cols);
            T* p = ThreadScratch<T, BandSlot>.Get((long)band * g.OutWidth * cols);
            for (int group = 0; group < g.Groups; group++)
                for (int oh0 = 0; oh0 < g.OutHeight; oh0 += band)
                {
                    int oh1 = Math.Min(g.OutHeight, oh0 + band);
                    Gemm(false, true, (oh1 - oh0) * g.OutWidth, cols, g.GroupOutChannels, dy + (long)oh0 * g.OutWidth * g.OutChannels + group * g.GroupOutChannels,
                        g.OutChannels, K + group * g.GroupOutChannels, g.OutChannels, p, cols, false);
                    Col2Im(g, p, group, dx, oh0, oh1);
                }
        }
    }

    private struct BackwardKernelJob<T> : IParallelJob where T : unmanaged, INumber<T>
    {
        public Conv2DGeometry G;
        public T* X, DY, Partials;
        public int Size;

        public void Execute(int chunk)
        {
            var g = G;
            int rows = g.OutHeight * g.OutWidth, cols = g.KernelHeight * g.KernelWidth * g.GroupInChannels;
            T* dk = Partials + (long)chunk * Size;
            int first = chunk * KernelGradChunk, last = Math.Min(g.Batch, first + KernelGradChunk);
            int band = BandRows<T>(g, cols);
            T* p = IsPointwise(g) ? null : ThreadScratch<T, BandSlot>.Get((long)band * g.OutWidth * cols);
            for (int image = first; image < last; image++)
            {
                T* x = X + (long)image * g.InHeight * g.InWidth * g.InChannels;
                T* dy = DY + (long)image * rows * g.OutChannels;
                bool acc = image != first;
                if (p is null)
                {
                    Gemm(true, false, g.InChannels, g.OutChannels, rows, x, g.InChannels, dy, g.OutChannels, dk, g.OutChannels, acc);
                    continue;
                }
                for (int group = 0; group < g.Groups; group++)
                    for (int oh0 = 0; oh0 < g.OutHeight; oh0 += band)
                    {
                        int oh1 = Math.Min(g.OutHeight, oh0 + band);
                        Im2Col(g, x, group, p, oh0, oh1);
                        Gemm(true, false, cols, g.GroupOutChannels, (oh1 - oh0) * g.OutWidth, p, cols,
                            dy + (long)oh0 * g.OutWidth * g.OutChannels + group * g.GroupOutChannels, g.OutChannels,
                            dk + group * g.GroupOutChannels, g.OutChannels, acc || oh0 > 0);
                    }
            }
        }
    }
}
