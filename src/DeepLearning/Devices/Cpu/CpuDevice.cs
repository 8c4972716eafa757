namespace DeepLearning.Devices.Cpu;

/// <summary>
/// The managed CPU device: pinned managed memory, kernels vectorised with SIMD (TensorPrimitives and
/// Vector256), a cache-blocked register-tiled GEMM, convolution as GEMM, all split across the
/// <see cref="KernelPool"/>. Kernels run synchronously on the calling thread (with the pool's help).
/// </summary>
public sealed partial class CpuDevice : Device
{
    /// <summary>Creates a CPU device of its own, with its own pool and <see cref="Device.FusedKernelsEnabled"/>
    /// switch (tensors on it do not mix with those on <see cref="Instance"/>); most programs use
    /// <see cref="Instance"/>.</summary>
    public CpuDevice() { }

    /// <summary>The one CPU device.</summary>
    public static CpuDevice Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "cpu";

    /// <inheritdoc />
    protected override Storage CreateStorage(DType dtype, int length) => new CpuStorage(this, dtype, length);

    /// <inheritdoc />
    public override unsafe void Upload<T>(ReadOnlySpan<T> source, in StridedView destination)
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
    public override unsafe void Download<T>(in StridedView source, Span<T> destination)
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
    public override void Fill(in StridedView y, double value) => CpuElementwise.Fill(y, value);

    /// <inheritdoc />
    public override void Copy(in StridedView x, in StridedView y) => CpuElementwise.Copy(x, y);

    /// <inheritdoc />
    public override void Unary(UnaryOp op, in StridedView x, in StridedView y, double alpha = 0, double beta = 0) =>
        CpuElementwise.Unary(op, x, y, alpha, beta);

    /// <inheritdoc />
    public override void Binary(BinaryOp op, in StridedView a, in StridedView b, in StridedView y, double alpha = 0, double beta = 0) =>
        CpuElementwise.Binary(op, a, b, y, alpha, beta);

    /// <inheritdoc />
    public override void Select(in StridedView condition, in StridedView a, in StridedView b, in StridedView y) =>
        CpuElementwise.Select(condition, a, b, y);

    /// <inheritdoc />
    public override void Reduce(ReduceOp op, in StridedView x, in StridedView y) => CpuReduce.Reduce(op, x, y);

    /// <inheritdoc />
    public override void ArgReduce(ArgReduceOp op, in StridedView x, int axis, in StridedView y) => CpuIndexing.ArgReduce(op, x, axis, y);

    /// <inheritdoc />
    public override void TopK(in StridedView x, int k, in StridedView values, in StridedView indices) => CpuIndexing.TopK(x, k, values, indices);

    /// <inheritdoc />
    public override void MatMul(in StridedView a, in StridedView b, in StridedView c, bool accumulate = false) =>
        CpuMatMul.MatMul(this, a, b, c, accumulate);

    /// <inheritdoc />
    public override void Gather(in StridedView x, int axis, in StridedView indices, in StridedView y) =>
        CpuIndexing.Gather(x, axis, indices, y);

    /// <inheritdoc />
    public override void ScatterAdd(in StridedView src, int axis, in StridedView indices, in StridedView y) =>
        CpuIndexing.ScatterAdd(src, axis, indices, y);

    /// <inheritdoc />
    public override void Random(RandomDistribution distribution, in StridedView y, ulong seed, ulong offset, double alpha, double beta) =>
        CpuRandom.Fill(distribution, y, seed, offset, alpha, beta);

    /// <inheritdoc />
    public override void Conv2D(in StridedView x, in StridedView kernel, in StridedView y, in Conv2DGeometry g) =>
        CpuConv.Forward(this, x, kernel, y, g);

    /// <inheritdoc />
    public override void Conv2DBackwardInput(in StridedView dy, in StridedView kernel, in StridedView dx, in Conv2DGeometry g) =>
        CpuConv.BackwardInput(this, dy, kernel, dx, g);

    /// <inheritdoc />
    public override void Conv2DBackwardKernel(in StridedView x, in StridedView dy, in StridedView dkernel, in Conv2DGeometry g) =>
        CpuConv.BackwardKernel(this, x, dy, dkernel, g);

    /// <inheritdoc />
    public override void Pool2D(PoolKind kind, in StridedView x, in StridedView y, in Pool2DGeometry g) => CpuPool.Forward(kind, x, y, g);

    /// <inheritdoc />
    public override void Pool2DBackward(PoolKind kind, in StridedView x, in StridedView dy, in StridedView dx, in Pool2DGeometry g) =>
        CpuPool.Backward(kind, x, dy, dx, g);
}
