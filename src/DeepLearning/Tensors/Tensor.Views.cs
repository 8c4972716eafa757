using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;

namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>The same elements in a new shape; one dimension may be −1 (inferred). A view when the tensor is
    /// contiguous, otherwise a copy.</summary>
    /// <exception cref="ArgumentException">The element counts differ, or more than one −1.</exception>
    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]
    public Tensor Reshape(params ReadOnlySpan<int> dims)
    {
        Span<int> d = stackalloc int[Shape.MaxRank];
        if (dims.Length > Shape.MaxRank) throw new ArgumentException($"Reshape: rank {dims.Length} exceeds {Shape.MaxRank}.");
        int infer = -1;
        long known = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            d[i] = dims[i];
            if (dims[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"Reshape: only one dimension can be −1; got ({string.Join(", ", dims.ToArray())}).");
                infer = i;
            }
            else if (dims[i] < 0) throw new ArgumentException($"Reshape: invalid dimension {dims[i]} in ({string.Join(", ", dims.ToArray())}).");
            else known *= dims[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || ElementCount % known != 0)
                throw new ArgumentException($"Reshape: cannot reshape {_shape} ({ElementCount} elements) to ({string.Join(", ", dims.ToArray())}).");
            d[infer] = (int)(ElementCount / known);
        }
        return Reshape(new Shape(d[..dims.Length]));
    }

    /// <summary>The same elements in a new shape (a view when contiguous, else a copy).</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public Tensor Reshape(Shape shape)
    {
        var v = View;
        if (shape.ElementCount != ElementCount)
            throw new ArgumentException($"Reshape: cannot reshape {_shape} ({ElementCount} elements) to {shape} ({shape.ElementCount} elements).");
        if (shape == _shape) return this;
        var source = v.IsContiguous ? this : CopyNode.Apply(this);
        var y = new Tensor(source._storage, source._offset, shape, Strides.RowMajor(shape));
        return ReshapeNode.Record(source, y);
    }

    /// <summary>Collapses axes <paramref name="startAxis"/> … <paramref name="endAxis"/> into one (all axes by default).</summary>
    public Tensor Flatten(int startAxis = 0, int endAxis = -1)
    {
        if (Rank == 0) return Reshape(1);
        int s = _shape.NormalizeAxis(startAxis, "Flatten"), e = _shape.NormalizeAxis(endAxis, "Flatten");
        if (e < s) throw new ArgumentException($"Flatten: end axis {endAxis} precedes start axis {startAxis} for shape {_shape}.");
        Span<int> d = stackalloc int[Shape.MaxRank];
        int r = 0;
        for (int i = 0; i < s; i++) d[r++] = _shape[i];
        int merged = 1;
        for (int i = s; i <= e; i++) merged *= _shape[i];
        d[r++] = merged;
        for (int i = e + 1; i < Rank; i++) d[r++] = _shape[i];
        return Reshape(new Shape(d[..r]));
    }

    /// <summary>A view with the axes reordered: output axis i is input axis <c>perm[i]</c>.</summary>
    /// <exception cref="ArgumentException">perm is not a permutation of 0 … Rank − 1.</exception>
    public Tensor Permute(params ReadOnlySpan<int> perm)
    {
        var v = View;
        if (perm.Length != Rank)
            throw new ArgumentException($"Permute: {perm.Length} axes given for shape {_shape}.");
        Span<int> p = stackalloc int[Shape.MaxRank];
        Span<bool> seen = stackalloc bool[Shape.MaxRank];
        Span<int> dims = stackalloc int[Shape.MaxRank];
        Span<int> strides = stackalloc int[Shape.MaxRank];
        for (int i = 0; i < perm.Length; i++)
        {
            int a = _shape.NormalizeAxis(perm[i], "Permute");
            if (seen[a]) throw new ArgumentException($"Permute: axis {perm[i]} repeats in ({string.Join(", ", perm.ToArray())}) for shape {_shape}.");
            seen[a] = true;
            p[i] = a;
            dims[i] = _shape[a];
            strides[i] = _strides[a];
        }
        var y = new Tensor(_storage, v.Offset, new Shape(dims[..Rank]), new Strides(strides[..Rank]));
        return PermuteNode.Record(this, y, p[..Rank]);
    }

    /// <summary>A view with two axes swapped.</summary>
    public Tensor Transpose(int axis0, int axis1)
    {
        int a = _shape.NormalizeAxis(axis0, "Transpose"), b = _shape.NormalizeAxis(axis1, "Transpose");
        Span<int> p = stackalloc int[Shape.MaxRank];
        for (int i = 0; i < Rank; i++) p[i] = i;
        (p[a], p[b]) = (p[b], p[a]);
        return Permute(p[..Rank]);
    }

    /// <summary>A view with the axes reversed (the matrix transpose for rank 2), as NumPy's <c>.T</c>.</summary>
    public Tensor Transpose()
    {
        Span<int> p = stackalloc int[Shape.MaxRank];
        for (int i = 0; i < Rank; i++) p[i] = Rank - 1 - i;
        return Permute(p[..Rank]);
    }

    /// <summary>A view with a new axis of size 1 at <paramref name="axis"/> (−1 appends).</summary>
    public Tensor Unsqueeze(int axis)
    {
        int a = axis < 0 ? axis + Rank + 1 : axis;
        if ((uint)a > (uint)Rank)
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"Unsqueeze: axis {axis} is out of range for shape {_shape}.");
        if (Rank == Shape.MaxRank) throw new ArgumentException($"Unsqueeze: shape {_shape} already has the maximum rank {Shape.MaxRank}.");
        Span<int> d = stackalloc int[Shape.MaxRank];
        Span<int> s = stackalloc int[Shape.MaxRank];
        for (int i = 0, j = 0; i <= Rank; i++)
        {
            if (i == a)
            {
                d[i] = 1;
                s[i] = 0;
                continue;
            }
            d[i] = _shape[j];
            s[i] = _strides[j++];
        }
        return Restride(new Shape(d[..(Rank + 1)]), new Strides(s[..(Rank + 1)]));
    }

    /// <summary>A view without the axes of size 1 (all of them, or just <paramref name="axis"/>).</summary>
    /// <exception cref="ArgumentException">The given axis does not have size 1.</exception>
    public Tensor Squeeze(int? axis = null)
    {
        int only = -1;
        if (axis is int ax)
        {
            only = _shape.NormalizeAxis(ax, "Squeeze");
            if (_shape[only] != 1) throw new ArgumentException($"Squeeze: axis {ax} of shape {_shape} has size {_shape[only]}, not 1.");
        }
        Span<int> d = stackalloc int[Shape.MaxRank];
        Span<int> s = stackalloc int[Shape.MaxRank];
        int r = 0;
        for (int i = 0; i < Rank; i++)
        {
            if (_shape[i] == 1 && (only < 0 || only == i)) continue;
            d[r] = _shape[i];
            s[r++] = _strides[i];
        }
        return Restride(new Shape(d[..r]), new Strides(s[..r]));
    }

    private Tensor Restride(Shape shape, Strides strides)
    {
        var v = View;
        var y = new Tensor(_storage, v.Offset, shape, strides);
        return ReshapeNode.Record(this, y);
    }

    /// <summary>A view broadcast to <paramref name="shape"/> (NumPy's broadcast_to): axes of size 1 are repeated
    /// with stride 0 and leading axes added.</summary>
    /// <exception cref="ArgumentException">The shape is not a broadcast of this one.</exception>
    public Tensor Expand(Shape shape)
    {
        if (shape == _shape) return this;
        var v = BroadcastView(shape);
        return ExpandNode.Record(this, new Tensor(_storage, v.Offset, v.Shape, v.Strides));
    }

    /// <summary>This tensor's view broadcast to <paramref name="shape"/> (stride 0 on added or stretched axes).</summary>
    internal StridedView BroadcastView(Shape shape)
    {
        var v = View;
        if (shape == _shape) return v;
        if (!shape.CanBroadcastFrom(_shape))
            throw new ArgumentException($"Expand: shape {_shape} cannot be broadcast to {shape}.");
        Span<int> s = stackalloc int[Shape.MaxRank];
        int lead = shape.Rank - Rank;
        for (int i = 0; i < shape.Rank; i++)
            s[i] = i < lead || (_shape[i - lead] == 1 && shape[i] != 1) ? 0 : _strides[i - lead];
        return new StridedView(_storage, v.Offset, shape, new Strides(s[..shape.Rank]));
    }

    /// <summary>Elements <paramref name="start"/> … start + length − 1 of an axis (a view).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range leaves the axis.</exception>
    public Tensor Narrow(int axis, int start, int length)
    {
        int a = _shape.NormalizeAxis(axis, "Narrow");
        if (start < 0 || length < 0 || start + length > _shape[a])
            throw new ArgumentOutOfRangeException(nameof(start), $"Narrow: [{start}, {start + length}) is outside axis {axis} of size {_shape[a]} (shape {_shape}).");
        return SliceNode.Apply(this, SliceSpec.Narrow(_shape, a, start, length));
    }

    /// <summary>Element <paramref name="index"/> of an axis, with that axis removed (a view).</summary>
    public Tensor Select(int axis, int index)
    {
        int a = _shape.NormalizeAxis(axis, "Select");
        int i = index < 0 ? index + _shape[a] : index;
        if ((uint)i >= (uint)_shape[a])
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Select: index {index} is out of range for axis {axis} of size {_shape[a]} (shape {_shape}).");
        return SliceNode.Apply(this, SliceSpec.Select(_shape, a, i));
    }

    /// <summary>NumPy-style indexing returning a view: integers select (dropping the axis), ranges and
    /// <see cref="TensorIndex.Slice"/> keep, <see cref="TensorIndex.NewAxis"/> inserts, <see cref="TensorIndex.Ellipsis"/>
    /// fills. Missing trailing indices keep whole axes. Example: <c>x[.., 0]</c>, <c>x[1..^1, TensorIndex.NewAxis]</c>.</summary>
    /// <exception cref="ArgumentException">Too many indices or more than one ellipsis.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An integer or range is outside its axis.</exception>
    [System.Runtime.CompilerServices.IndexerName("Slice")]
    public Tensor this[params TensorIndex[] indices] => SliceNode.Apply(this, BuildSpec(indices));

    private SliceSpec BuildSpec(TensorIndex[] indices)
    {
        int consuming = 0, ellipses = 0;
        foreach (var ix in indices)
        {
            if (ix.ConsumesAxis) consuming++;
            if (ix.Kind == TensorIndex.IndexKind.Ellipsis) ellipses++;
        }
        if (ellipses > 1) throw new ArgumentException($"Index: at most one Ellipsis is allowed (shape {_shape}).");
        if (consuming > Rank) throw new ArgumentException($"Index: {consuming} indices for a tensor of rank {Rank} (shape {_shape}).");
        var axes = SliceSpec.Full(_shape);
        var newAxes = new List<int>();
        int axis = 0, outPos = 0;
        foreach (var ix in indices)
        {
            switch (ix.Kind)
            {
                case TensorIndex.IndexKind.Ellipsis:
                    int fill = Rank - consuming;
                    axis += fill;
                    outPos += fill;
                    break;
                case TensorIndex.IndexKind.NewAxis:
                    newAxes.Add(outPos++);
                    break;
                case TensorIndex.IndexKind.Single:
                {
                    int n = _shape[axis], i = ix.Single.GetOffset(n);
                    if ((uint)i >= (uint)n)
                        throw new ArgumentOutOfRangeException(nameof(indices), $"Index: index {(ix.Single.IsFromEnd ? "^" : "")}{ix.Single.Value} is out of range for axis {axis} of size {n} (shape {_shape}).");
                    axes[axis++] = new Autograd.Ops.AxisSlice(i, 1, 1, true);
                    break;
                }
                case TensorIndex.IndexKind.Range:
                {
                    int n = _shape[axis];
                    int start = ix.Range.Start.GetOffset(n), end = ix.Range.End.GetOffset(n);
                    if (start < 0 || end > n || start > end)
                        throw new ArgumentOutOfRangeException(nameof(indices), $"Index: range {ix.Range} is out of bounds for axis {axis} of size {n} (shape {_shape}).");
                    axes[axis++] = new Autograd.Ops.AxisSlice(start, end - start, 1, false);
                    outPos++;
                    break;
                }
                default:
                {
                    int n = _shape[axis];
                    int start = Clamp(ix.Start ?? 0, n), stop = Clamp(ix.Stop ?? n, n);
                    int len = stop > start ? (stop - start + ix.Step - 1) / ix.Step : 0;
                    axes[axis++] = new Autograd.Ops.AxisSlice(len == 0 ? 0 : start, len, ix.Step, false);
                    outPos++;
                    break;
                }
            }
        }
        if (outPos + (Rank - axis) > Shape.MaxRank)
            throw new ArgumentException($"Index: the result would exceed rank {Shape.MaxRank} (shape {_shape}).");
        return new SliceSpec(axes, [.. newAxes]);

        static int Clamp(int i, int n) => Math.Clamp(i < 0 ? i + n : i, 0, n);
    }

    /// <summary>A dense row-major copy, or this tensor when it already is one.</summary>
    public Tensor Contiguous() => IsContiguous ? this : CopyNode.Apply(this);

    /// <summary>A dense copy that shares no memory with this tensor (gradients flow through it).</summary>
    public Tensor Clone() => CopyNode.Apply(this);

    /// <summary>This tensor on <paramref name="device"/> (a copy, or this tensor when already there); gradients flow back.</summary>
    public Tensor To(Device device) => device == Device ? this : ToDeviceNode.Apply(this, device);

    /// <summary>The values converted to another dtype (float → int32 truncates toward zero and saturates; NaN → 0).
    /// Gradients flow between floating types.</summary>
    public Tensor Cast(DType dtype) => dtype == DType ? this : CastNode.Apply(this, dtype);
}
