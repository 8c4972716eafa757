using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;

namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>Σ of all elements (a scalar, or size-1 axes with keepDims).</summary>
    public Tensor Sum(bool keepDims = false) => ReduceNode.Apply(ReduceOp.Sum, this, default, true, keepDims);

    /// <summary>Σ along one axis.</summary>
    public Tensor Sum(int axis, bool keepDims = false) => ReduceNode.Apply(ReduceOp.Sum, this, [axis], false, keepDims);

    /// <summary>Σ along several axes (an empty list reduces nothing).</summary>
    public Tensor Sum(ReadOnlySpan<int> axes, bool keepDims = false) => ReduceNode.Apply(ReduceOp.Sum, this, axes, false, keepDims);

    /// <summary>Mean of all elements (floating).</summary>
    public Tensor Mean(bool keepDims = false) => ReduceNode.Apply(ReduceOp.Mean, this, default, true, keepDims);

    /// <summary>Mean along one axis.</summary>
    public Tensor Mean(int axis, bool keepDims = false) => ReduceNode.Apply(ReduceOp.Mean, this, [axis], false, keepDims);

    /// <summary>Mean along several axes.</summary>
    public Tensor Mean(ReadOnlySpan<int> axes, bool keepDims = false) => ReduceNode.Apply(ReduceOp.Mean, this, axes, false, keepDims);

    /// <summary>Maximum of all elements (NaN propagates). The gradient is shared among tied maxima.</summary>
    /// <exception cref="ArgumentException">The tensor is empty.</exception>
    public Tensor Max(bool keepDims = false) => ReduceNode.Apply(ReduceOp.Max, this, default, true, keepDims);

    /// <summary>Maximum along one axis.</summary>
    public Tensor Max(int axis, bool keepDims = false) => ReduceNode.Apply(ReduceOp.Max, this, [axis], false, keepDims);

    /// <summary>Maximum along several axes.</summary>
    public Tensor Max(ReadOnlySpan<int> axes, bool keepDims = false) => ReduceNode.Apply(ReduceOp.Max, this, axes, false, keepDims);

    /// <summary>Minimum of all elements (NaN propagates).</summary>
    public Tensor Min(bool keepDims = false) => ReduceNode.Apply(ReduceOp.Min, this, default, true, keepDims);

    /// <summary>Minimum along one axis.</summary>
    public Tensor Min(int axis, bool keepDims = false) => ReduceNode.Apply(ReduceOp.Min, this, [axis], false, keepDims);

    /// <summary>Minimum along several axes.</summary>
    public Tensor Min(ReadOnlySpan<int> axes, bool keepDims = false) => ReduceNode.Apply(ReduceOp.Min, this, axes, false, keepDims);

    /// <summary>Variance (1/(n − correction))·Σ(x − mean)² along axes (all when none are given). The default
    /// correction 0 is the biased variance of Keras and NumPy; PyTorch's default is 1.</summary>
    public Tensor Var(ReadOnlySpan<int> axes = default, bool keepDims = false, int correction = 0)
    {
        OpChecks.Floating("Var", this);
        var shapes = ReductionShapes.Resolve("Var", _shape, axes, axes.IsEmpty);
        var centered = this - Mean(shapes.Axes, keepDims: true);
        var ss = centered.Square().Sum(shapes.Axes, keepDims);
        return ss / Math.Max(shapes.Count - correction, 0);
    }

    /// <summary>Variance along one axis.</summary>
    public Tensor Var(int axis, bool keepDims = false, int correction = 0) => Var([axis], keepDims, correction);

    /// <summary>Standard deviation √Var along axes (all when none are given).</summary>
    public Tensor Std(ReadOnlySpan<int> axes = default, bool keepDims = false, int correction = 0) => Var(axes, keepDims, correction).Sqrt();

    /// <summary>Standard deviation along one axis.</summary>
    public Tensor Std(int axis, bool keepDims = false, int correction = 0) => Var([axis], keepDims, correction).Sqrt();

    /// <summary>The p-norm along axes (all when none are given): p = 2 is √Σx² (subgradient 0 at the origin),
    /// p = 1 is Σ|x|, p = ∞ is max|x|, otherwise (Σ|x|ᵖ)^(1/p).</summary>
    /// <exception cref="ArgumentException">p is not positive.</exception>
    public Tensor Norm(double p = 2, ReadOnlySpan<int> axes = default, bool keepDims = false)
    {
        if (!(p > 0)) throw new ArgumentException($"Norm: the order p must be > 0; got {p}.");
        bool all = axes.IsEmpty;
        if (p == 2) return L2NormNode.Apply(this, axes, all, keepDims);
        var abs = Abs();
        if (double.IsPositiveInfinity(p)) return all ? abs.Max(keepDims) : abs.Max(axes, keepDims);
        if (p == 1) return all ? abs.Sum(keepDims) : abs.Sum(axes, keepDims);
        var s = abs.Pow(p);
        return (all ? s.Sum(keepDims) : s.Sum(axes, keepDims)).Pow(1 / p);
    }

    /// <summary>ln Σ eˣ along an axis, computed as m + ln Σ e^(x − m) with m the (constant) maximum.</summary>
    public Tensor LogSumExp(int axis = -1, bool keepDims = false)
    {
        int a = _shape.NormalizeAxis(axis, "LogSumExp");
        var m = Max(a, keepDims: true).Detach();
        var finite = Where(m.Abs().Eq(double.PositiveInfinity), ZerosLike(m), m);
        var y = (this - finite).Exp().Sum(a, keepDims: true).Log() + finite;
        return keepDims ? y : y.Squeeze(a);
    }

    /// <summary>Index of the largest element along an axis (int32; ties: first; NaN counts as largest).</summary>
    public Tensor ArgMax(int axis = -1, bool keepDims = false) => ArgReduce(ArgReduceOp.ArgMax, axis, keepDims);

    /// <summary>Index of the smallest element along an axis (int32; ties: first; NaN counts as smallest).</summary>
    public Tensor ArgMin(int axis = -1, bool keepDims = false) => ArgReduce(ArgReduceOp.ArgMin, axis, keepDims);

    private Tensor ArgReduce(ArgReduceOp op, int axis, bool keepDims)
    {
        var v = View;
        int a = _shape.NormalizeAxis(axis, op.ToString());
        if (_shape[a] == 0) throw new ArgumentException($"{op}: axis {axis} of shape {_shape} is empty.");
        var y = Empty(_shape.With(a, 1), DType.Int32, Device);
        Device.ArgReduce(op, v, a, y.View);
        return keepDims ? y : y.Squeeze(a);
    }

    /// <summary>The k largest values along the last axis in descending order and their int32 indices (ties: lower
    /// index first). Gradients flow to the selected values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k is negative or exceeds the last axis.</exception>
    public (Tensor Values, Tensor Indices) TopK(int k)
    {
        var v = View;
        if (Rank == 0) throw new ArgumentException("TopK: needs a tensor of rank ≥ 1; got a scalar.");
        if (k < 0 || k > _shape[-1])
            throw new ArgumentOutOfRangeException(nameof(k), k, $"TopK: k must be in [0, {_shape[-1]}] for shape {_shape}.");
        var values = EmptyLike(_shape.With(-1, k));
        var indices = Empty(_shape.With(-1, k), DType.Int32, Device);
        Device.TopK(v, k, values.View, indices.View);
        return (Autograd.Node.ShouldRecord(this) ? TakeAlongAxis(indices, -1) : values, indices);
    }
}
