namespace DeepLearning.Devices;

/// <summary>
/// A device whose tensors have a shape and a dtype but no memory (PyTorch's "meta" device): every kernel does
/// nothing and reading a tensor back gives zeros. Running layers on it computes every output shape and creates every
/// weight shape with the layers' own code, at a cost of a few managed objects per tensor whatever its size.
/// <c>Model.Load</c> runs a file's architecture on it first, so the file is validated before any tensor the
/// architecture implies is allocated.
/// </summary>
internal sealed class MetaDevice : Device
{
    /// <summary>A block of bookkeeping only.</summary>
    private sealed class MetaStorage(Device device, DType dtype, int length) : Storage(device, dtype, length);

    /// <summary>Pooling saves nothing here; each released block is dropped.</summary>
    public MetaDevice() => PoolCapacityBytes = 0;

    /// <inheritdoc />
    public override string Name => "meta";

    /// <inheritdoc />
    protected override Storage CreateStorage(DType dtype, int length) => new MetaStorage(this, dtype, length);

    /// <inheritdoc />
    protected override void UploadKernel<T>(ReadOnlySpan<T> source, in StridedView destination) { }

    /// <inheritdoc />
    protected override void DownloadKernel<T>(in StridedView source, Span<T> destination) => destination.Clear();

    /// <inheritdoc />
    protected override void FillKernel(in StridedView y, double value) { }

    /// <inheritdoc />
    protected override void CopyKernel(in StridedView x, in StridedView y) { }

    /// <inheritdoc />
    protected override void UnaryKernel(UnaryOp op, in StridedView x, in StridedView y, double alpha, double beta) { }

    /// <inheritdoc />
    protected override void BinaryKernel(BinaryOp op, in StridedView a, in StridedView b, in StridedView y, double alpha, double beta) { }

    /// <inheritdoc />
    protected override void SelectKernel(in StridedView condition, in StridedView a, in StridedView b, in StridedView y) { }

    /// <inheritdoc />
    protected override void ReduceKernel(ReduceOp op, in StridedView x, in StridedView y) { }

    /// <inheritdoc />
    protected override void ArgReduceKernel(ArgReduceOp op, in StridedView x, int axis, in StridedView y) { }

    /// <inheritdoc />
    protected override void TopKKernel(in StridedView x, int k, in StridedView values, in StridedView indices) { }

    /// <inheritdoc />
    protected override void MatMulKernel(in StridedView a, in StridedView b, in StridedView c, bool accumulate) { }

    /// <inheritdoc />
    protected override void GatherKernel(in StridedView x, int axis, in StridedView indices, in StridedView y) { }

    /// <inheritdoc />
    protected override void ScatterAddKernel(in StridedView src, int axis, in StridedView indices, in StridedView y) { }

    /// <inheritdoc />
    protected override void RandomKernel(RandomDistribution distribution, in StridedView y, ulong seed, ulong offset, double alpha, double beta) { }

    /// <inheritdoc />
    protected override void Conv2DKernel(in StridedView x, in StridedView kernel, in StridedView y, in Conv2DGeometry g) { }

    /// <inheritdoc />
    protected override void Conv2DBackwardInputKernel(in StridedView dy, in StridedView kernel, in StridedView dx, in Conv2DGeometry g) { }

    /// <inheritdoc />
    protected override void Conv2DBackwardKernelKernel(in StridedView x, in StridedView dy, in StridedView dkernel, in Conv2DGeometry g) { }

    /// <inheritdoc />
    protected override void Pool2DKernel(PoolKind kind, in StridedView x, in StridedView y, in Pool2DGeometry g) { }

    /// <inheritdoc />
    protected override void Pool2DBackwardKernel(PoolKind kind, in StridedView x, in StridedView dy, in StridedView dx, in Pool2DGeometry g) { }
}
