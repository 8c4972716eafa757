namespace DeepLearning.Devices;

/// <summary>The kernels a backend implements. Each is called by the public method of the same name without the
/// <c>Kernel</c> suffix after that method validated the views, so an implementation may trust the device, dtypes,
/// extents and shapes of its arguments (see the public method for each contract). A device may call its own
/// kernels directly for internal work on storage it allocated.</summary>
public abstract partial class Device
{
    /// <summary>Implements <see cref="Upload{T}"/>.</summary>
    protected abstract void UploadKernel<T>(ReadOnlySpan<T> source, in StridedView destination) where T : unmanaged;

    /// <summary>Implements <see cref="Download{T}"/>.</summary>
    protected abstract void DownloadKernel<T>(in StridedView source, Span<T> destination) where T : unmanaged;

    /// <summary>Implements <see cref="Fill"/>.</summary>
    protected abstract void FillKernel(in StridedView y, double value);

    /// <summary>Implements <see cref="Copy"/>.</summary>
    protected abstract void CopyKernel(in StridedView x, in StridedView y);

    /// <summary>Implements <see cref="Unary"/>.</summary>
    protected abstract void UnaryKernel(UnaryOp op, in StridedView x, in StridedView y, double alpha, double beta);

    /// <summary>Implements <see cref="Binary"/>.</summary>
    protected abstract void BinaryKernel(BinaryOp op, in StridedView a, in StridedView b, in StridedView y, double alpha, double beta);

    /// <summary>Implements <see cref="Select"/>.</summary>
    protected abstract void SelectKernel(in StridedView condition, in StridedView a, in StridedView b, in StridedView y);

    /// <summary>Implements <see cref="Reduce"/>.</summary>
    protected abstract void ReduceKernel(ReduceOp op, in StridedView x, in StridedView y);

    /// <summary>Implements <see cref="ArgReduce"/>.</summary>
    protected abstract void ArgReduceKernel(ArgReduceOp op, in StridedView x, int axis, in StridedView y);

    /// <summary>Implements <see cref="TopK"/>.</summary>
    protected abstract void TopKKernel(in StridedView x, int k, in StridedView values, in StridedView indices);

    /// <summary>Implements <see cref="MatMul"/>.</summary>
    protected abstract void MatMulKernel(in StridedView a, in StridedView b, in StridedView c, bool accumulate);

    /// <summary>Implements <see cref="Gather"/> (an out-of-range index is the kernel's to detect).</summary>
    protected abstract void GatherKernel(in StridedView x, int axis, in StridedView indices, in StridedView y);

    /// <summary>Implements <see cref="ScatterAdd"/> (an out-of-range index is the kernel's to detect).</summary>
    protected abstract void ScatterAddKernel(in StridedView src, int axis, in StridedView indices, in StridedView y);

    /// <summary>Implements <see cref="Random"/>.</summary>
    protected abstract void RandomKernel(RandomDistribution distribution, in StridedView y, ulong seed, ulong offset, double alpha, double beta);

    /// <summary>Implements <see cref="Conv2D"/>.</summary>
    protected abstract void Conv2DKernel(in StridedView x, in StridedView kernel, in StridedView y, in Conv2DGeometry g);

    /// <summary>Implements <see cref="Conv2DBackwardInput"/>.</summary>
    protected abstract void Conv2DBackwardInputKernel(in StridedView dy, in StridedView kernel, in StridedView dx, in Conv2DGeometry g);

    /// <summary>Implements <see cref="Conv2DBackwardKernel"/>.</summary>
    protected abstract void Conv2DBackwardKernelKernel(in StridedView x, in StridedView dy, in StridedView dkernel, in Conv2DGeometry g);

    /// <summary>Implements <see cref="Pool2D"/>.</summary>
    protected abstract void Pool2DKernel(PoolKind kind, in StridedView x, in StridedView y, in Pool2DGeometry g);

    /// <summary>Implements <see cref="Pool2DBackward"/>.</summary>
    protected abstract void Pool2DBackwardKernel(PoolKind kind, in StridedView x, in StridedView dy, in StridedView dx, in Pool2DGeometry g);
}
