using DeepLearning.Devices;
using DeepLearning.Ilgpu.Kernels;
using ILGPU;
using ILGPU.Runtime;
using Device = DeepLearning.Devices.Device;

namespace DeepLearning.Ilgpu;

// The kernel entries: each turns its views into (memory, layout) pairs and launches one kernel (skipped when there
// is nothing to compute). Launches are asynchronous.
public sealed partial class IlgpuDevice
{
    private static ViewLayout Layout(in StridedView v) => ViewLayout.Of(v);

    /// <inheritdoc />
    protected override void FillKernel(in StridedView y, double value)
    {
        if (y.ElementCount > 0) _kernels.Fill(y.ElementCount, Data(y), Layout(y), value);
    }

    /// <inheritdoc />
    protected override void CopyKernel(in StridedView x, in StridedView y)
    {
        if (y.ElementCount > 0) _kernels.Copy(y.ElementCount, Data(x), Layout(x), Data(y), Layout(y));
    }

    /// <inheritdoc />
    protected override void UnaryKernel(UnaryOp op, in StridedView x, in StridedView y, double alpha, double beta)
    {
        if (y.ElementCount > 0) _kernels.Unary(y.ElementCount, Data(x), Layout(x), Data(y), Layout(y), (int)op, alpha, beta);
    }

    /// <inheritdoc />
    protected override void BinaryKernel(BinaryOp op, in StridedView a, in StridedView b, in StridedView y, double alpha, double beta)
    {
        if (y.ElementCount == 0) return;
        if (op == BinaryOp.Div && y.DType == DType.Int32) _errorPossible = true;
        _kernels.Binary(y.ElementCount, Data(a), Layout(a), Data(b), Layout(b), Data(y), Layout(y), (int)op, alpha, beta, _errors.View.AsContiguous());
    }

    /// <inheritdoc />
    protected override void SelectKernel(in StridedView condition, in StridedView a, in StridedView b, in StridedView y)
    {
        if (y.ElementCount > 0)
            _kernels.Select(y.ElementCount, Data(condition), Layout(condition), Data(a), Layout(a), Data(b), Layout(b), Data(y), Layout(y));
    }

    /// <inheritdoc />
    protected override void RandomKernel(RandomDistribution distribution, in StridedView y, ulong seed, ulong offset, double alpha, double beta)
    {
        if (y.ElementCount > 0) _kernels.Random(y.ElementCount, Data(y), Layout(y), (int)distribution, seed, offset, alpha, beta);
    }

    /// <inheritdoc />
    protected override void ReduceKernel(ReduceOp op, in StridedView x, in StridedView y)
    {
        if (y.ElementCount == 0) return;
        var outer = ViewLayout.Of(x.DType, x.Offset, y.Shape, x.Strides);
        var inner = ViewLayout.Of(x.DType, 0, x.Shape, x.Strides);
        int count = 1;
        for (int d = 0; d < x.Shape.Rank; d++)
        {
            if (y.Shape[d] == 1) count *= x.Shape[d];
            else inner = inner.WithSize(d, 1);
        }
        _kernels.Reduce(y.ElementCount, Data(x), outer, inner, count, Data(y), Layout(y), (int)op);
    }

    /// <inheritdoc />
    protected override void ArgReduceKernel(ArgReduceOp op, in StridedView x, int axis, in StridedView y)
    {
        if (y.ElementCount == 0) return;
        var outer = ViewLayout.Of(x.DType, x.Offset, y.Shape, x.Strides);
        _kernels.ArgReduce(y.ElementCount, Data(x), outer, x.Shape[axis], x.Strides[axis], Data(y), Layout(y), (int)op);
    }

    /// <inheritdoc />
    protected override void TopKKernel(in StridedView x, int k, in StridedView values, in StridedView indices)
    {
        int last = x.Shape.Rank - 1, length = x.Shape[last];
        if (length == 0 || k == 0 || x.ElementCount == 0) return;
        var rows = ViewLayout.Of(x.DType, x.Offset, x.Shape, x.Strides).WithSize(last, 1);
        _kernels.TopK(x.ElementCount / length, Data(x), rows, length, x.Strides[last], k, Data(values), Layout(values), Data(indices), Layout(indices));
    }

    /// <inheritdoc />
    protected override void GatherKernel(in StridedView x, int axis, in StridedView indices, in StridedView y)
    {
        if (y.ElementCount == 0) return;
        _errorPossible = true;
        var source = ViewLayout.Of(x.DType, x.Offset, y.Shape, x.Strides).WithStride(axis, 0);
        _kernels.Gather(y.ElementCount, Data(x), source, axis, x.Shape[axis], x.Strides[axis],
            Data(indices), Layout(indices), Data(y), Layout(y), _errors.View.AsContiguous());
    }

    /// <inheritdoc />
    protected override void ScatterAddKernel(in StridedView src, int axis, in StridedView indices, in StridedView y)
    {
        int count = indices.ElementCount;
        if (count == 0) return;
        _errorPossible = true;
        _kernels.CheckIndices(count, Data(indices), Layout(indices), y.Shape[axis], _errors.View.AsContiguous());
        if (y.ElementCount == 0) return;
        var source = ViewLayout.Of(src.DType, src.Offset, y.Shape, src.Strides).WithStride(axis, 0);
        _kernels.ScatterAdd(y.ElementCount, Data(src), source, axis, count, src.Strides[axis], Data(indices), Layout(indices), Data(y), Layout(y));
    }

    /// <inheritdoc />
    protected override void MatMulKernel(in StridedView a, in StridedView b, in StridedView c, bool accumulate)
    {
        int r = c.Shape.Rank, m = c.Shape[r - 2], n = c.Shape[r - 1], k = a.Shape[r - 1];
        if ((long)m * n == 0) return;
        if (a.DType == DType.Float32 && b.DType == DType.Float32 && c.DType == DType.Float32)
        {
            MatMulFloat32(a, b, c, accumulate);
            return;
        }
        int batches = c.ElementCount / (m * n);
        var args = new GemmArgs
        {
            M = m, N = n, K = k,
            ARow = a.Strides[r - 2], ACol = a.Strides[r - 1], BRow = b.Strides[r - 2], BCol = b.Strides[r - 1],
            CRow = c.Strides[r - 2], CCol = c.Strides[r - 1], Accumulate = accumulate ? 1 : 0,
        };
        var la = BatchLayout(a, c.Shape);
        var lb = BatchLayout(b, c.Shape);
        var lc = BatchLayout(c, c.Shape);
        const int maxGridZ = 65535;
        int tile = MatMulKernels.TileFor(Accelerator.MaxNumThreadsPerGroup);
        var group = new Index3D(tile, tile, 1);
        var shared = SharedMemoryConfig.RequestDynamic<double>(2 * tile * tile);
        for (int start = 0; start < batches; start += maxGridZ)
        {
            args.BatchStart = start;
            var grid = new Index3D((n + tile - 1) / tile, (m + tile - 1) / tile, Math.Min(maxGridZ, batches - start));
            _kernels.Gemm(new KernelConfig(grid, group, shared), Data(a), la, Data(b), lb, Data(c), lc, args);
        }
    }

    /// <summary>The batch axes of a matmul operand: c's batch sizes with the operand's strides and offset.</summary>
    private static ViewLayout BatchLayout(in StridedView v, Shape cShape)
    {
        int batchRank = cShape.Rank - 2;
        var l = new ViewLayout { DType = (int)v.DType, Offset = v.Offset, Rank = batchRank };
        for (int d = 0; d < batchRank; d++)
        {
            l.Shape.Set(d, cShape[d]);
            l.Strides.Set(d, v.Strides[d]);
        }
        return l;
    }

    /// <inheritdoc />
    protected override void Conv2DKernel(in StridedView x, in StridedView kernel, in StridedView y, in Conv2DGeometry g)
    {
        if (y.ElementCount > 0 && y.DType == DType.Float32)
        {
            Conv2DFloat32(x, kernel, y, g);
            return;
        }
        if (y.ElementCount > 0) _kernels.ConvForward(y.ElementCount, Data(x), Layout(x), Data(kernel), Layout(kernel), Data(y), Layout(y), g);
    }

    /// <inheritdoc />
    protected override void Conv2DBackwardInputKernel(in StridedView dy, in StridedView kernel, in StridedView dx, in Conv2DGeometry g)
    {
        if (dx.ElementCount > 0 && dx.DType == DType.Float32)
        {
            Conv2DBackwardInputFloat32(dy, kernel, dx, g);
            return;
        }
        if (dx.ElementCount > 0)
            _kernels.ConvBackwardInput(dx.ElementCount, Data(dy), Layout(dy), Data(kernel), Layout(kernel), Data(dx), Layout(dx), g);
    }

    /// <inheritdoc />
    protected override void Conv2DBackwardKernelKernel(in StridedView x, in StridedView dy, in StridedView dkernel, in Conv2DGeometry g)
    {
        if (dkernel.ElementCount > 0 && dkernel.DType == DType.Float32)
        {
            Conv2DBackwardKernelFloat32(x, dy, dkernel, g);
            return;
        }
        if (dkernel.ElementCount > 0)
            _kernels.ConvBackwardKernel(dkernel.ElementCount, Data(x), Layout(x), Data(dy), Layout(dy), Data(dkernel), Layout(dkernel), g);
    }

    /// <inheritdoc />
    protected override void Pool2DKernel(PoolKind kind, in StridedView x, in StridedView y, in Pool2DGeometry g)
    {
        if (y.ElementCount > 0) _kernels.PoolForward(y.ElementCount, Data(x), Layout(x), Data(y), Layout(y), (int)kind, g);
    }

    /// <inheritdoc />
    protected override void Pool2DBackwardKernel(PoolKind kind, in StridedView x, in StridedView dy, in StridedView dx, in Pool2DGeometry g)
    {
        if (dx.ElementCount > 0) _kernels.PoolBackward(dx.ElementCount, Data(x), Layout(x), Data(dy), Layout(dy), Data(dx), Layout(dx), (int)kind, g);
    }
}
