using System.Runtime.CompilerServices;
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
/// <para>Each public kernel method is a checked entry point: in O(rank) it verifies that every view's storage
/// belongs to this device and is not freed, that its dtype is the one the call expects, that every element the
/// view can reach (offset + Σ (size − 1)·stride) lies inside its storage, and that the shapes agree; otherwise it
/// throws an <see cref="ArgumentException"/> naming the kernel and the views. Only then does it call the
/// matching protected <c>…Kernel</c> method that a backend implements, which may therefore trust its views and
/// validates only what depends on data (an index out of range). So no public call reads or writes outside a
/// storage.</para>
/// <para>Only reading values back (<see cref="Download{T}"/>) synchronises with the device. Memory ownership
/// (the pool, <see cref="FreeStorage"/>, <see cref="Dispose()"/> and the memory figures) is described on
/// <see cref="Allocate"/>.</para>
/// </remarks>
[SkipLocalsInit]   // hot path: the JIT need not zero large struct frames
public abstract partial class Device
{
    /// <summary>A short name such as "cpu".</summary>
    public abstract string Name { get; }

    /// <summary>The managed CPU device.</summary>
    public static Device Cpu => CpuDevice.Instance;

    [ThreadStatic] private static Device? t_threadDefault;
    private static Device s_default = CpuDevice.Instance;

    /// <summary>The device new tensors are created on when none is given (the CPU unless changed). While
    /// <c>Model.Load</c> checks a file's architecture on the shape-only <see cref="MetaDevice"/>, that device is the
    /// default of the loading thread alone.</summary>
    public static Device Default
    {
        get => t_threadDefault ?? s_default;
        set => s_default = value;
    }

    /// <summary>A default for the current thread only, taking precedence over <see cref="Default"/>'s global value
    /// (null: none).</summary>
    internal static Device? ThreadDefault
    {
        get => t_threadDefault;
        set => t_threadDefault = value;
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Waits until all queued kernels have finished (a no-op on synchronous devices).</summary>
    public virtual void Synchronize() { }

    /// <summary>Copies host elements, in row-major order, into a view. <typeparamref name="T"/> matches the view's
    /// dtype and <paramref name="source"/> holds exactly the view's element count.</summary>
    /// <exception cref="ArgumentException">The view is not valid on this device, or T or the length do not match.</exception>
    public void Upload<T>(ReadOnlySpan<T> source, in StridedView destination) where T : unmanaged
    {
        CheckTransfer<T>(nameof(Upload), source.Length, destination);
        UploadKernel(source, destination);
    }

    /// <summary>Copies a view's elements, in row-major order, to the host; waits for pending work.
    /// <typeparamref name="T"/> matches the view's dtype and <paramref name="destination"/> holds exactly the
    /// view's element count.</summary>
    /// <exception cref="ArgumentException">The view is not valid on this device, or T or the length do not match.</exception>
    public void Download<T>(in StridedView source, Span<T> destination) where T : unmanaged
    {
        CheckTransfer<T>(nameof(Download), destination.Length, source);
        DownloadKernel(source, destination);
    }

    /// <summary>y = value everywhere.</summary>
    /// <exception cref="ArgumentException">The view is not valid on this device.</exception>
    public void Fill(in StridedView y, double value)
    {
        CheckView(nameof(Fill), nameof(y), y);
        FillKernel(y, value);
    }

    /// <summary>y = x element-wise, converting between dtypes (float → int truncates toward zero); x has y's shape
    /// (broadcast by strides of 0).</summary>
    /// <exception cref="ArgumentException">A view is not valid on this device, or the shapes differ.</exception>
    public void Copy(in StridedView x, in StridedView y)
    {
        CheckView(nameof(Copy), nameof(x), x);
        CheckView(nameof(Copy), nameof(y), y);
        if (x.Shape != y.Shape) ThrowMismatch(nameof(Copy), "x and y must have the same shape", x, y);
        CopyKernel(x, y);
    }

    /// <summary>y = f(x) for a <see cref="UnaryOp"/>; x and y have the same shape and dtype.</summary>
    /// <exception cref="ArgumentException">A view is not valid on this device, or the shapes or dtypes differ.</exception>
    public void Unary(UnaryOp op, in StridedView x, in StridedView y, double alpha = 0, double beta = 0)
    {
        CheckView(nameof(Unary), nameof(x), x);
        CheckView(nameof(Unary), nameof(y), y);
        if (x.Shape != y.Shape || x.Storage.DType != y.Storage.DType)
            ThrowMismatch($"Unary({op})", "x and y must have the same shape and dtype", x, y);
        UnaryKernel(op, x, y, alpha, beta);
    }

    /// <summary>y = f(a, b) for a <see cref="BinaryOp"/>; all three have y's shape (broadcast by strides of 0) and
    /// one dtype.</summary>
    /// <exception cref="ArgumentException">A view is not valid on this device, or the shapes or dtypes differ.</exception>
    public void Binary(BinaryOp op, in StridedView a, in StridedView b, in StridedView y, double alpha = 0, double beta = 0)
    {
        if (!(IsValid(a) & IsValid(b) & IsValid(y)))
        {
            CheckView(nameof(Binary), nameof(a), a);
            CheckView(nameof(Binary), nameof(b), b);
            CheckView(nameof(Binary), nameof(y), y);
        }
        var dtype = y.Storage.DType;
        if (a.Shape != y.Shape || b.Shape != y.Shape || a.Storage.DType != dtype || b.Storage.DType != dtype)
            ThrowMismatch($"Binary({op})", "a, b and y must have y's shape and one dtype", a, b, y);
        BinaryKernel(op, a, b, y, alpha, beta);
    }

    /// <summary>y = condition ≠ 0 ? a : b; all four have y's shape, a and b have y's dtype, condition may have any dtype.</summary>
    /// <exception cref="ArgumentException">A view is not valid on this device, or the shapes or dtypes differ.</exception>
    public void Select(in StridedView condition, in StridedView a, in StridedView b, in StridedView y)
    {
        CheckView(nameof(Select), nameof(condition), condition);
        CheckView(nameof(Select), nameof(a), a);
        CheckView(nameof(Select), nameof(b), b);
        CheckView(nameof(Select), nameof(y), y);
        if (condition.Shape != y.Shape || a.Shape != y.Shape || b.Shape != y.Shape || a.DType != y.DType || b.DType != y.DType)
            ThrowMismatch(nameof(Select), "condition, a, b and y must have y's shape, a and b y's dtype", condition, a, b, y);
        SelectKernel(condition, a, b, y);
    }

    /// <summary>Reduces x into y, which has x's rank and dtype with size 1 on each reduced axis.</summary>
    /// <exception cref="ArgumentException">A view is not valid on this device, or the shapes or dtypes do not fit.</exception>
    public void Reduce(ReduceOp op, in StridedView x, in StridedView y)
    {
        CheckView(nameof(Reduce), nameof(x), x);
        CheckView(nameof(Reduce), nameof(y), y);
        bool ok = x.Shape.Rank == y.Shape.Rank && x.DType == y.DType;
        for (int i = 0; ok && i < x.Shape.Rank; i++) ok = y.Shape[i] == x.Shape[i] || y.Shape[i] == 1;
        if (!ok) ThrowMismatch($"Reduce({op})", "y must have x's rank and dtype with size 1 on each reduced axis", x, y);
        ReduceKernel(op, x, y);
    }

    /// <summary>Index of the extreme along <paramref name="axis"/> into the int32 view y (x's shape with 1 on that axis).</summary>
    /// <exception cref="ArgumentException">A view is not valid on this device, the axis is out of range, or the shapes or dtypes do not fit.</exception>
    public void ArgReduce(ArgReduceOp op, in StridedView x, int axis, in StridedView y)
    {
        CheckView(nameof(ArgReduce), nameof(x), x);
        CheckView(nameof(ArgReduce), nameof(y), y);
        bool ok = (uint)axis < (uint)x.Shape.Rank && x.Shape.Rank == y.Shape.Rank && y.DType == DType.Int32;
        for (int i = 0; ok && i < x.Shape.Rank; i++) ok = y.Shape[i] == (i == axis ? 1 : x.Shape[i]);
        if (!ok) ThrowMismatch($"ArgReduce({op}, axis {axis})", "y must be int32 with x's shape and 1 on the axis", x, y);
        ArgReduceKernel(op, x, axis, y);
    }

    /// <summary>The k largest elements along the last axis, in descending order (ties: lower index first), and
    /// their int32 indices. values (x's dtype) and indices have x's shape with the last axis of size k.</summary>
    /// <exception cref="ArgumentException">A view is not valid on this device, k is out of range, or the shapes or dtypes do not fit.</exception>
    public void TopK(in StridedView x, int k, in StridedView values, in StridedView indices)
    {
        CheckView(nameof(TopK), nameof(x), x);
        CheckView(nameof(TopK), nameof(values), values);
        CheckView(nameof(TopK), nameof(indices), indices);
        int rank = x.Shape.Rank;
        bool ok = rank >= 1 && k >= 0 && k <= x.Shape[rank - 1] && values.Shape == indices.Shape && values.Shape.Rank == rank
                  && values.DType == x.DType && indices.DType == DType.Int32;
        for (int i = 0; ok && i < rank; i++) ok = values.Shape[i] == (i == rank - 1 ? k : x.Shape[i]);
        if (!ok) ThrowMismatch($"TopK(k {k})", "values (x's dtype) and int32 indices must have x's shape with the last axis k ≤ its size", x, values, indices);
        TopKKernel(x, k, values, indices);
    }

    /// <summary>Batched matrix product c = a·b (or c += a·b when <paramref name="accumulate"/>): a (…, m, k),
    /// b (…, k, n), c (…, m, n), with equal ranks (≥ 2), one dtype and batch axes already broadcast (stride 0) to c's.</summary>
    /// <exception cref="ArgumentException">A view is not valid on this device, or the shapes or dtypes do not fit.</exception>
    public void MatMul(in StridedView a, in StridedView b, in StridedView c, bool accumulate = false)
    {
        CheckView(nameof(MatMul), nameof(a), a);
        CheckView(nameof(MatMul), nameof(b), b);
        CheckView(nameof(MatMul), nameof(c), c);
        int r = c.Shape.Rank;
        bool ok = r >= 2 && a.Shape.Rank == r && b.Shape.Rank == r && a.DType == c.DType && b.DType == c.DType
                  && a.Shape[r - 2] == c.Shape[r - 2] && b.Shape[r - 1] == c.Shape[r - 1] && a.Shape[r - 1] == b.Shape[r - 2];
        for (int i = 0; ok && i < r - 2; i++) ok = a.Shape[i] == c.Shape[i] && b.Shape[i] == c.Shape[i];
        if (!ok) ThrowMismatch(nameof(MatMul), "a (…, m, k), b (…, k, n) and c (…, m, n) must agree, with one dtype", a, b, c);
        MatMulKernel(a, b, c, accumulate);
    }

    /// <summary>y = x taken at <paramref name="indices"/> (int32, rank 1, length L) along <paramref name="axis"/>:
    /// y has x's shape and dtype with that axis of size L. An index outside [0, x.Shape[axis]) throws
    /// <see cref="ArgumentOutOfRangeException"/>.</summary>
    /// <exception cref="ArgumentException">A view is not valid on this device, the axis is out of range, or the shapes or dtypes do not fit.</exception>
    public void Gather(in StridedView x, int axis, in StridedView indices, in StridedView y)
    {
        CheckView(nameof(Gather), nameof(x), x);
        CheckView(nameof(Gather), nameof(indices), indices);
        CheckView(nameof(Gather), nameof(y), y);
        if (!IndexedShapesAgree(x, axis, indices, y))
            ThrowMismatch($"Gather(axis {axis})", "indices must be int32 of rank 1 and y x's shape and dtype with the axis of the indices' length", x, indices, y);
        GatherKernel(x, axis, indices, y);
    }

    /// <summary>The adjoint of <see cref="Gather"/>: y[…, indices[j], …] += src[…, j, …] along <paramref name="axis"/>,
    /// summing repeated indices in order of j; src has y's shape and dtype with that axis of the indices' length.
    /// An index outside [0, y.Shape[axis]) throws <see cref="ArgumentOutOfRangeException"/>.</summary>
    /// <exception cref="ArgumentException">A view is not valid on this device, the axis is out of range, or the shapes or dtypes do not fit.</exception>
    public void ScatterAdd(in StridedView src, int axis, in StridedView indices, in StridedView y)
    {
        CheckView(nameof(ScatterAdd), nameof(src), src);
        CheckView(nameof(ScatterAdd), nameof(indices), indices);
        CheckView(nameof(ScatterAdd), nameof(y), y);
        if (!IndexedShapesAgree(y, axis, indices, src))
            ThrowMismatch($"ScatterAdd(axis {axis})", "indices must be int32 of rank 1 and src y's shape and dtype with the axis of the indices' length", src, indices, y);
        ScatterAddKernel(src, axis, indices, y);
    }

    /// <summary>Fills the contiguous view y with values of a distribution. Element i (row-major) depends only on
    /// (<paramref name="seed"/>, <paramref name="offset"/> + i) through the Philox-4×32-10 counter generator.</summary>
    /// <exception cref="ArgumentException">The view is not valid on this device or not contiguous.</exception>
    public void Random(RandomDistribution distribution, in StridedView y, ulong seed, ulong offset, double alpha, double beta)
    {
        CheckView(nameof(Random), nameof(y), y);
        if (!IsDense(y)) ThrowMismatch($"Random({distribution})", "y must be contiguous", y);
        RandomKernel(distribution, y, seed, offset, alpha, beta);
    }

    /// <summary>2-D convolution (cross-correlation, no bias): y = x ⋆ kernel, NHWC, see <see cref="Conv2DGeometry"/>.
    /// All views are contiguous, of one floating dtype, and hold the element counts the geometry implies.</summary>
    /// <exception cref="ArgumentException">A view is not valid on this device, or the views do not fit the geometry.</exception>
    public void Conv2D(in StridedView x, in StridedView kernel, in StridedView y, in Conv2DGeometry g)
    {
        CheckView(nameof(Conv2D), nameof(x), x);
        CheckView(nameof(Conv2D), nameof(kernel), kernel);
        CheckView(nameof(Conv2D), nameof(y), y);
        CheckConv(nameof(Conv2D), g, x, kernel, y);
        Conv2DKernel(x, kernel, y, g);
    }

    /// <summary>Gradient of <see cref="Conv2D"/> with respect to x: dx = dy ⋆ᵀ kernel (also the transposed convolution).</summary>
    /// <exception cref="ArgumentException">A view is not valid on this device, or the views do not fit the geometry.</exception>
    public void Conv2DBackwardInput(in StridedView dy, in StridedView kernel, in StridedView dx, in Conv2DGeometry g)
    {
        CheckView(nameof(Conv2DBackwardInput), nameof(dy), dy);
        CheckView(nameof(Conv2DBackwardInput), nameof(kernel), kernel);
        CheckView(nameof(Conv2DBackwardInput), nameof(dx), dx);
        CheckConv(nameof(Conv2DBackwardInput), g, dx, kernel, dy);
        Conv2DBackwardInputKernel(dy, kernel, dx, g);
    }

    /// <summary>Gradient of <see cref="Conv2D"/> with respect to the kernel: dkernel = Σ over batch and positions of x-patch ⊗ dy.</summary>
    /// <exception cref="ArgumentException">A view is not valid on this device, or the views do not fit the geometry.</exception>
    public void Conv2DBackwardKernel(in StridedView x, in StridedView dy, in StridedView dkernel, in Conv2DGeometry g)
    {
        CheckView(nameof(Conv2DBackwardKernel), nameof(x), x);
        CheckView(nameof(Conv2DBackwardKernel), nameof(dy), dy);
        CheckView(nameof(Conv2DBackwardKernel), nameof(dkernel), dkernel);
        CheckConv(nameof(Conv2DBackwardKernel), g, x, dkernel, dy);
        Conv2DBackwardKernelKernel(x, dy, dkernel, g);
    }

    /// <summary>2-D max or average pooling, NHWC, see <see cref="Pool2DGeometry"/>. All views are contiguous, of one
    /// floating dtype, and hold the element counts the geometry implies.</summary>
    /// <exception cref="ArgumentException">A view is not valid on this device, or the views do not fit the geometry.</exception>
    public void Pool2D(PoolKind kind, in StridedView x, in StridedView y, in Pool2DGeometry g)
    {
        CheckView(nameof(Pool2D), nameof(x), x);
        CheckView(nameof(Pool2D), nameof(y), y);
        CheckPool(nameof(Pool2D), g, x, y, y);
        Pool2DKernel(kind, x, y, g);
    }

    /// <summary>Gradient of <see cref="Pool2D"/>: dx = routed dy (max: to the first maximal cell of each window;
    /// average: spread evenly over the window's cells inside the input). dx is overwritten.</summary>
    /// <exception cref="ArgumentException">A view is not valid on this device, or the views do not fit the geometry.</exception>
    public void Pool2DBackward(PoolKind kind, in StridedView x, in StridedView dy, in StridedView dx, in Pool2DGeometry g)
    {
        CheckView(nameof(Pool2DBackward), nameof(x), x);
        CheckView(nameof(Pool2DBackward), nameof(dy), dy);
        CheckView(nameof(Pool2DBackward), nameof(dx), dx);
        CheckPool(nameof(Pool2DBackward), g, x, dy, dx);
        if (dx.ElementCount != x.ElementCount) ThrowMismatch(nameof(Pool2DBackward), "dx must have x's size", x, dx);
        Pool2DBackwardKernel(kind, x, dy, dx, g);
    }
}
