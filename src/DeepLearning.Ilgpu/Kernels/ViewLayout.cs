using DeepLearning.Devices;

namespace DeepLearning.Ilgpu.Kernels;

/// <summary>Eight dimensions as plain fields: kernels read them through a switch, never through an array, so the
/// PTX keeps them in registers (rank ≤ <see cref="Shape.MaxRank"/> = 8).</summary>
internal struct Dims8
{
    public int D0, D1, D2, D3, D4, D5, D6, D7;

    public readonly int Get(int i) => i switch
    {
        0 => D0, 1 => D1, 2 => D2, 3 => D3, 4 => D4, 5 => D5, 6 => D6, _ => D7,
    };

    public void Set(int i, int value)
    {
        switch (i)
        {
            case 0: D0 = value; break;
            case 1: D1 = value; break;
            case 2: D2 = value; break;
            case 3: D3 = value; break;
            case 4: D4 = value; break;
            case 5: D5 = value; break;
            case 6: D6 = value; break;
            default: D7 = value; break;
        }
    }
}

/// <summary>
/// A <see cref="StridedView"/> as a kernel parameter: the dtype, the offset of element (0, …, 0) and up to eight
/// sizes and element strides. <see cref="OffsetOf"/> maps a row-major linear index to a storage index; a stride of
/// 0 broadcasts an axis.
/// </summary>
internal struct ViewLayout
{
    public int DType, Offset, Rank;
    public Dims8 Shape, Strides;

    public static ViewLayout Of(in StridedView view) => Of(view.DType, view.Offset, view.Shape, view.Strides);

    public static ViewLayout Of(DType dtype, int offset, Shape shape, Strides strides)
    {
        var l = new ViewLayout { DType = (int)dtype, Offset = offset, Rank = shape.Rank };
        for (int i = 0; i < shape.Rank; i++)
        {
            l.Shape.Set(i, shape[i]);
            l.Strides.Set(i, strides[i]);
        }
        return l;
    }

    /// <summary>A copy with the stride of <paramref name="axis"/> set to <paramref name="stride"/>.</summary>
    public readonly ViewLayout WithStride(int axis, int stride)
    {
        var l = this;
        l.Strides.Set(axis, stride);
        return l;
    }

    /// <summary>A copy with the size of <paramref name="axis"/> set to <paramref name="size"/>.</summary>
    public readonly ViewLayout WithSize(int axis, int size)
    {
        var l = this;
        l.Shape.Set(axis, size);
        return l;
    }

    /// <summary>Storage index of the element with row-major index <paramref name="linear"/>.</summary>
    public readonly long OffsetOf(long linear)
    {
        long offset = Offset;
        for (int d = Rank - 1; d >= 0; d--)
        {
            int n = Shape.Get(d);
            offset += linear % n * Strides.Get(d);
            linear /= n;
        }
        return offset;
    }

    /// <summary>The coordinate along <paramref name="axis"/> of the element with row-major index <paramref name="linear"/>.</summary>
    public readonly int Coordinate(long linear, int axis)
    {
        for (int d = Rank - 1; d > axis; d--) linear /= Shape.Get(d);
        return (int)(linear % Shape.Get(axis));
    }
}
