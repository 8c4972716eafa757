using DeepLearning.Autograd.Ops;

namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>tf.gather: slices at int32 <paramref name="indices"/> (any shape) along an axis; the result has shape
    /// x.shape[:axis] + indices.shape + x.shape[axis+1:]. Gradients scatter-add back (embeddings use this).</summary>
    /// <exception cref="ArgumentException">indices is not int32.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the axis.</exception>
    public Tensor Gather(Tensor indices, int axis = 0) => GatherNode.Apply(this, indices, axis);

    /// <summary>A copy of x with <paramref name="source"/> added at rank-1 int32 <paramref name="indices"/> along an axis
    /// (repeated indices add up).</summary>
    public Tensor ScatterAdd(int axis, Tensor indices, Tensor source) => ScatterAddNode.Apply(this, axis, indices, source);

    /// <summary>NumPy's take_along_axis: y[…, j, …] = x[…, indices[…, j, …], …] where indices has x's rank (its other
    /// axes broadcast against x's). Used to pick each row's label probability or the top-k values.</summary>
    /// <exception cref="ArgumentException">indices is not int32 or has another rank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index lies outside the axis (found by the gather kernel).</exception>
    public Tensor TakeAlongAxis(Tensor indices, int axis)
    {
        OpChecks.Int32("TakeAlongAxis", indices, "indices");
        if (indices.Rank != Rank)
            throw new ArgumentException($"TakeAlongAxis: indices of shape {indices.Shape} must have the rank of {_shape}.");
        int a = _shape.NormalizeAxis(axis, "TakeAlongAxis");
        var outShape = Shape.Broadcast(_shape.With(a, 1), indices.Shape.With(a, 1), "TakeAlongAxis").With(a, indices.Shape[a]);
        var dense = Contiguous();
        var strides = Strides.RowMajor(_shape);
        // flat = Σ_{i≠a} coordᵢ·strideᵢ + indices·stride_a, built from int32 aranges broadcast over the output.
        var flat = indices.Expand(outShape) * strides[a];
        Span<int> d = stackalloc int[Shape.MaxRank];
        for (int i = 0; i < Rank; i++)
        {
            if (i == a || outShape[i] == 1) continue;
            var coord = Arange(0, outShape[i], 1, DType.Int32, Device) * strides[i];
            d[..Rank].Fill(1);
            d[i] = outShape[i];
            flat = flat + coord.Reshape(new Shape(d[..Rank]));
        }
        // An index outside the axis could still land on a valid flat element: send it to −1, so that Gather's own
        // check on the device rejects it, without a host read here.
        var outside = (indices < 0) + (indices >= _shape[a]);
        flat = Where(outside, Full(Shape.Scalar, -1, DType.Int32, Device), flat);
        try
        {
            return dense.Reshape(ElementCount).Gather(flat, 0);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ArgumentOutOfRangeException(nameof(indices),
                $"TakeAlongAxis: indices of shape {indices.Shape} reach outside axis {axis} of size {_shape[a]} (shape {_shape}).");
        }
    }

    /// <summary>One-hot encoding of int32 labels: shape labels.shape + (depth), 1 at each label and 0 elsewhere;
    /// labels outside [0, depth) give all-zero rows (as tf.one_hot).</summary>
    /// <exception cref="ArgumentException">labels is not int32 or depth is negative.</exception>
    public static Tensor OneHot(Tensor labels, int depth, DType dtype = DType.Float32)
    {
        OpChecks.Int32("OneHot", labels, "labels");
        if (depth < 0) throw new ArgumentException($"OneHot: depth must be ≥ 0; got {depth}.");
        using var noGrad = NoGrad();
        return labels.Unsqueeze(-1).Eq(Arange(0, depth, 1, DType.Int32, labels.Device)).Cast(dtype);
    }

    /// <summary>Pads with a constant: <paramref name="widths"/> gives (before, after) for every axis.</summary>
    /// <exception cref="ArgumentException">Wrong number of pairs or a negative width.</exception>
    public Tensor Pad(ReadOnlySpan<(int Before, int After)> widths, double value = 0) => PadNode.Apply(this, widths, value);
}
