using DeepLearning.Devices;

namespace DeepLearning.Autograd.Ops;

/// <summary>One input axis of a slice: elements start, start + step, … (length of them), or a single element
/// whose axis is dropped.</summary>
internal readonly record struct AxisSlice(int Start, int Length, int Step, bool Drop);

/// <summary>
/// A validated slicing of a tensor: one <see cref="AxisSlice"/> per input axis, plus the output positions of
/// inserted axes of size 1. Applying it to any strided view of the input's shape gives the sub-view, so the
/// backward pass can cut the same region out of a dense gradient.
/// </summary>
internal sealed class SliceSpec(AxisSlice[] axes, int[] newAxes)
{
    public StridedView ApplyTo(in StridedView v)
    {
        Span<int> shape = stackalloc int[Shape.MaxRank];
        Span<int> strides = stackalloc int[Shape.MaxRank];
        int offset = v.Offset, r = 0, next = 0;
        for (int i = 0; i <= axes.Length; i++)
        {
            while (next < newAxes.Length && newAxes[next] == r)
            {
                shape[r] = 1;
                strides[r++] = 0;
                next++;
            }
            if (i == axes.Length) break;
            var a = axes[i];
            offset += a.Length == 0 ? 0 : a.Start * v.Strides[i];
            if (a.Drop) continue;
            shape[r] = a.Length;
            strides[r++] = a.Step * v.Strides[i];
        }
        return new StridedView(v.Storage, offset, new Shape(shape[..r]), new Strides(strides[..r]));
    }

    /// <summary>Elements start … start + length − 1 of one axis.</summary>
    public static SliceSpec Narrow(Shape shape, int axis, int start, int length)
    {
        var axes = Full(shape);
        axes[axis] = new AxisSlice(start, length, 1, false);
        return new SliceSpec(axes, []);
    }

    /// <summary>Element <paramref name="index"/> of one axis, dropping the axis.</summary>
    public static SliceSpec Select(Shape shape, int axis, int index)
    {
        var axes = Full(shape);
        axes[axis] = new AxisSlice(index, 1, 1, true);
        return new SliceSpec(axes, []);
    }

    public static AxisSlice[] Full(Shape shape)
    {
        var axes = new AxisSlice[shape.Rank];
        for (int i = 0; i < shape.Rank; i++) axes[i] = new AxisSlice(0, shape[i], 1, false);
        return axes;
    }
}
