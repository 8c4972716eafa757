using System.Runtime.CompilerServices;
namespace DeepLearning.Devices.Cpu;

/// <summary>
/// The managed CPU device: pinned managed memory, kernels vectorised with SIMD (TensorPrimitives and
/// Vector256), a cache-blocked register-tiled GEMM, convolution as GEMM, all split across the
/// <see cref="KernelPool"/>. Kernels run synchronously on the calling thread (with the pool's help).
/// </summary>
[SkipLocalsInit]   // hot path: the JIT need not zero large struct frames
public sealed partial class CpuDevice : Device
{
    /// <summary>Creates a CPU device of its own, with its own pool, memory figures and
    /// <see cref="Device.FusedKernelsEnabled"/> switch (kernels share the one <see cref="KernelPool"/>; tensors on it do
    /// not mix with those on <see cref="Instance"/>). Most programs use <see cref="Instance"/>; a separate device
    /// isolates the memory figures of one component, and can be disposed.</summary>
    public CpuDevice() { }

    /// <summary>The shared CPU device (<see cref="Device.Cpu"/>). Disposing it only empties its pool: the process
    /// keeps using it.</summary>
    public static CpuDevice Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "cpu";

    /// <summary>
    /// Whether the fused float32 convolutions (<see cref="IFusedKernels.Conv2DBiasActivation"/> and
    /// <see cref="IFusedKernels.Conv2DBiasActivationPool"/>) with a 3 × 3 kernel, stride 1, 16 to 128 input channels (a
    /// multiple of 16) and no activation or ReLU run Winograd's F(2 × 2, 3 × 3) algorithm: 2.25× fewer multiply-adds,
    /// results within a few float32 roundings of the exact sum instead of one chain of multiply-adds per output (true
    /// by default, as cuDNN and oneDNN choose such algorithms). False keeps every convolution on the direct kernel.
    /// Set it before running work on the device, not while other threads use it.
    /// </summary>
    public bool WinogradEnabled { get; set; } = true;

    /// <inheritdoc />
    protected override Storage CreateStorage(DType dtype, int length) => new CpuStorage(this, dtype, length);

    /// <summary>Drops the block's pinned array, so the garbage collector can reclaim it even while a stale
    /// tensor still references the storage object.</summary>
    protected override void FreeStorage(Storage storage) => ((CpuStorage)storage).Free();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (ReferenceEquals(this, Instance)) TrimPool();
        else base.Dispose(disposing);
    }

    /// <inheritdoc />
    protected override unsafe void UploadKernel<T>(ReadOnlySpan<T> source, in StridedView destination)
    {
        if (destination.IsContiguous)
        {
            source.CopyTo(new Span<T>(CpuElementwise.Ptr<T>(destination), destination.ElementCount));
            return;
        }
        fixed (T* src = source)
        {
            var dense = new StridedView(new CpuStorage(this, destination.DType, source.Length, (nint)src), 0,
                destination.Shape, Strides.RowMajor(destination.Shape));
            CpuElementwise.Copy(dense, destination);
        }
    }

    /// <inheritdoc />
    protected override unsafe void DownloadKernel<T>(in StridedView source, Span<T> destination)
    {
        if (source.IsContiguous)
        {
            new ReadOnlySpan<T>(CpuElementwise.Ptr<T>(source), source.ElementCount).CopyTo(destination);
            return;
        }
        fixed (T* dst = destination)
        {
            var dense = new StridedView(new CpuStorage(this, source.DType, destination.Length, (nint)dst), 0,
                source.Shape, Strides.RowMajor(source.Shape));
            CpuElementwise.Copy(source, dense);
        }
    }

    /// <inheritdoc />
    protected override void FillKernel(in StridedView y, double value) => CpuElementwise.Fill(y, value);

    /// <inheritdoc />
    protected override void CopyKernel(in StridedView x, in StridedView y) => CpuElementwise.Copy(x, y);

    /// <inheritdoc />
    protected override void UnaryKernel(UnaryOp op, in StridedView x, in StridedView y, double alpha, double beta) =>
        CpuElementwise.Unary(op, x, y, alpha, beta);

    /// <inheritdoc />
    protected override void BinaryKernel(BinaryOp op, in StridedView a, in StridedView b, in StridedView y, double alpha, double beta) =>
        CpuElementwise.Binary(op, a, b, y, alpha, beta);

    /// <inheritdoc />
    protected override void SelectKernel(in StridedView condition, in StridedView a, in StridedView b, in StridedView y) =>
        CpuElementwise.Select(condition, a, b, y);

    /// <inheritdoc />
    protected override void ReduceKernel(ReduceOp op, in StridedView x, in StridedView y) => CpuReduce.Reduce(op, x, y);

    /// <inheritdoc />
    protected override void ArgReduceKernel(ArgReduceOp op, in StridedView x, int axis, in StridedView y) => CpuIndexing.ArgReduce(op, x, axis, y);

    /// <inheritdoc />
    protected override void TopKKernel(in StridedView x, int k, in StridedView values, in StridedView indices) => CpuIndexing.TopK(x, k, values, indices);

    /// <inheritdoc />
    protected override void MatMulKernel(in StridedView a, in StridedView b, in StridedView c, bool accumulate) =>
        CpuMatMul.MatMul(this, a, b, c, accumulate);

    /// <inheritdoc />
    protected override void GatherKernel(in StridedView x, int axis, in StridedView indices, in StridedView y) =>
        CpuIndexing.Gather(x, axis, indices, y);

    /// <inheritdoc />
    protected override void ScatterAddKernel(in StridedView src, int axis, in StridedView indices, in StridedView y) =>
        CpuIndexing.ScatterAdd(src, axis, indices, y);

    /// <inheritdoc />
    protected override void RandomKernel(RandomDistribution distribution, in StridedView y, ulong seed, ulong offset, double alpha, double beta) =>
        CpuRandom.Fill(distribution, y, seed, offset, alpha, beta);

    /// <inheritdoc />
    protected override void Conv2DKernel(in StridedView x, in StridedView kernel, in StridedView y, in Conv2DGeometry g) =>
        CpuConv.Forward(this, x, kernel, y, g);

    /// <inheritdoc />
    protected override void Conv2DBackwardInputKernel(in StridedView dy, in StridedView kernel, in StridedView dx, in Conv2DGeometry g) =>
        CpuConv.BackwardInput(this, dy, kernel, dx, g);

    /// <inheritdoc />
    protected override void Conv2DBackwardKernelKernel(in StridedView x, in StridedView dy, in StridedView dkernel, in Conv2DGeometry g) =>
        CpuConv.BackwardKernel(this, x, dy, dkernel, g);

    /// <inheritdoc />
    protected override void Pool2DKernel(PoolKind kind, in StridedView x, in StridedView y, in Pool2DGeometry g) => CpuPool.Forward(kind, x, y, g);

    /// <inheritdoc />
    protected override void Pool2DBackwardKernel(PoolKind kind, in StridedView x, in StridedView dy, in StridedView dx, in Pool2DGeometry g) =>
        CpuPool.Backward(kind, x, dy, dx, g);
}
