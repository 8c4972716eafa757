using DeepLearning.Devices.Cpu;

namespace DeepLearning.Devices;

/// <summary>
/// Where tensors live and kernels run. The interface is deliberately small and knows nothing of gradients:
/// memory (allocate, copy to and from the host), element-wise unary and binary kernels named by op codes,
/// reductions, arg-reductions and top-k, gather and scatter-add, batched matmul, convolution and pooling with
/// their backward kernels, strided copy, fill and a counter-based random generator. Everything else (softmax,
/// losses, normalisation, recurrent gates, optimizer updates) is composed from these in the core, so every
/// device gets it, with gradients, for free.
/// </summary>
/// <remarks>
/// Kernels receive <see cref="StridedView"/>s whose shapes the op has already validated; a kernel validates only
/// what depends on data (an index out of range). Only reading values back (<see cref="Download{T}"/>)
/// synchronises with the device. Released storage goes to a per-device pool keyed by dtype and length.
/// </remarks>
public abstract partial class Device
{
    private readonly Dictionary<(DType, int), Stack<Storage>> _pool = new();
    private long _pooledBytes;

    /// <summary>The most bytes the pool keeps for reuse; storage released beyond it is left to the GC.</summary>
    public long PoolCapacityBytes { get; set; } = 2L << 30;

    /// <summary>A short name such as "cpu".</summary>
    public abstract string Name { get; }

    /// <summary>The managed CPU device.</summary>
    public static Device Cpu => CpuDevice.Instance;

    /// <summary>The device new tensors are created on when none is given (the CPU unless changed).</summary>
    public static Device Default { get; set; } = CpuDevice.Instance;

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Gives out a block of <paramref name="length"/> uninitialised elements, reusing pooled storage.</summary>
    public Storage Allocate(DType dtype, int length)
    {
        lock (_pool)
        {
            if (_pool.TryGetValue((dtype, length), out var stack) && stack.Count > 0)
            {
                _pooledBytes -= (long)length * dtype.SizeInBytes();
                return stack.Pop();
            }
        }
        return CreateStorage(dtype, length);
    }

    /// <summary>Returns storage to the pool; tensors still pointing at it become invalid (their lease stamp no
    /// longer matches).</summary>
    internal void Release(Storage storage)
    {
        storage.Generation++;
        storage.Owner = null;
        long bytes = (long)storage.Length * storage.DType.SizeInBytes();
        lock (_pool)
        {
            if (_pooledBytes + bytes > PoolCapacityBytes) return;
            if (!_pool.TryGetValue((storage.DType, storage.Length), out var stack))
                _pool[(storage.DType, storage.Length)] = stack = new Stack<Storage>();
            stack.Push(storage);
            _pooledBytes += bytes;
        }
    }

    /// <summary>Drops every pooled block (they are freed when the GC collects them).</summary>
    public void TrimPool()
    {
        lock (_pool)
        {
            _pool.Clear();
            _pooledBytes = 0;
        }
    }

    /// <summary>Bytes of released storage the pool holds for reuse.</summary>
    public long PooledBytes
    {
        get { lock (_pool) return _pooledBytes; }
    }

    /// <summary>Creates fresh storage (contents undefined).</summary>
    protected abstract Storage CreateStorage(DType dtype, int length);

    /// <summary>Copies host elements, in row-major order, into a view. <typeparamref name="T"/> matches the view's dtype.</summary>
    public abstract void Upload<T>(ReadOnlySpan<T> source, in StridedView destination) where T : unmanaged;

    /// <summary>Copies a view's elements, in row-major order, to the host; waits for pending work.</summary>
    public abstract void Download<T>(in StridedView source, Span<T> destination) where T : unmanaged;

    /// <summary>Waits until all queued kernels have finished (a no-op on synchronous devices).</summary>
    public virtual void Synchronize() { }

    /// <summary>y = value everywhere.</summary>
    public abstract void Fill(in StridedView y, double value);

    /// <summary>y = x element-wise, converting between dtypes (float → int truncates toward zero).</summary>
    public abstract void Copy(in StridedView x, in StridedView y);

    /// <summary>y = f(x) for a <see cref="UnaryOp"/>; x and y have the same shape and dtype.</summary>
    public abstract void Unary(UnaryOp op, in StridedView x, in StridedView y, double alpha = 0, double beta = 0);

    /// <summary>y = f(a, b) for a <see cref="BinaryOp"/>; all three have y's shape (broadcast by strides of 0).</summary>
    public abstract void Binary(BinaryOp op, in StridedView a, in StridedView b, in StridedView y, double alpha = 0, double beta = 0);

    /// <summary>y = condition ≠ 0 ? a : b; all four have y's shape, condition may have any dtype.</summary>
    public abstract void Select(in StridedView condition, in StridedView a, in StridedView b, in StridedView y);

    /// <summary>Reduces x into y, which has x's rank with size 1 on each reduced axis.</summary>
    public abstract void Reduce(ReduceOp op, in StridedView x, in StridedView y);

    /// <summary>Index of the extreme along <paramref name="axis"/> into the int32 view y (x's shape with 1 on that axis).</summary>
    public abstract void ArgReduce(ArgReduceOp op, in StridedView x, int axis, in StridedView y);

    /// <summary>The k largest elements along the last axis, in descending order (ties: lower index first), and
    /// their int32 indices. values and indices have x's shape with the last axis of size k.</summary>
    public abstract void TopK(in StridedView x, int k, in StridedView values, in StridedView indices);

    /// <summary>Batched matrix product c = a·b (or c += a·b when <paramref name="accumulate"/>): a (…, m, k),
    /// b (…, k, n), c (…, m, n), with equal ranks and batch axes already broadcast (stride 0) to c's.</summary>
    public abstract void MatMul(in StridedView a, in StridedView b, in StridedView c, bool accumulate = false);

    /// <summary>y = x taken at <paramref name="indices"/> (int32, rank 1, length L) along <paramref name="axis"/>:
    /// y has x's shape with that axis of size L. An index outside [0, x.Shape[axis]) throws.</summary>
    public abstract void Gather(in StridedView x, int axis, in StridedView indices, in StridedView y);

    /// <summary>The adjoint of <see cref="Gather"/>: y[…, indices[j], …] += src[…, j, …] along <paramref name="axis"/>,
    /// summing repeated indices in order of j. An index outside [0, y.Shape[axis]) throws.</summary>
    public abstract void ScatterAdd(in StridedView src, int axis, in StridedView indices, in StridedView y);

    /// <summary>Fills y with values of a distribution. Element i (row-major) depends only on
    /// (<paramref name="seed"/>, <paramref name="offset"/> + i) through the Philox-4×32-10 counter generator.</summary>
    public abstract void Random(RandomDistribution distribution, in StridedView y, ulong seed, ulong offset, double alpha, double beta);

    /// <summary>2-D convolution (cross-correlation, no bias): y = x ⋆ kernel, NHWC, see <see cref="Conv2DGeometry"/>.
    /// All views are contiguous.</summary>
    public abstract void Conv2D(in StridedView x, in StridedView kernel, in StridedView y, in Conv2DGeometry g);

    /// <summary>Gradient of <see cref="Conv2D"/> with respect to x: dx = dy ⋆ᵀ kernel (also the transposed convolution).</summary>
    public abstract void Conv2DBackwardInput(in StridedView dy, in StridedView kernel, in StridedView dx, in Conv2DGeometry g);

    /// <summary>Gradient of <see cref="Conv2D"/> with respect to the kernel: dkernel = Σ over batch and positions of x-patch ⊗ dy.</summary>
    public abstract void Conv2DBackwardKernel(in StridedView x, in StridedView dy, in StridedView dkernel, in Conv2DGeometry g);

    /// <summary>2-D max or average pooling, NHWC, see <see cref="Pool2DGeometry"/>. All views are contiguous.</summary>
    public abstract void Pool2D(PoolKind kind, in StridedView x, in StridedView y, in Pool2DGeometry g);

    /// <summary>Gradient of <see cref="Pool2D"/>: dx = routed dy (max: to the first maximal cell of each window;
    /// average: spread evenly over the window's cells inside the input). dx is overwritten.</summary>
    public abstract void Pool2DBackward(PoolKind kind, in StridedView x, in StridedView dy, in StridedView dx, in Pool2DGeometry g);
}
