namespace DeepLearning.Devices;

/// <summary>
/// A tensor as a kernel sees it: a storage, the offset of element (0, …, 0) and the shape and element strides.
/// A stride of 0 repeats an axis (broadcasting). Kernels receive views whose shapes were validated by the op.
/// </summary>
/// <param name="Storage">The memory.</param>
/// <param name="Offset">Index of the first element in <paramref name="Storage"/>.</param>
/// <param name="Shape">The logical shape.</param>
/// <param name="Strides">Element strides per axis.</param>
public readonly record struct StridedView(Storage Storage, int Offset, Shape Shape, Strides Strides)
{
    /// <summary>Element type of the storage.</summary>
    public DType DType => Storage.DType;

    /// <summary>Number of logical elements.</summary>
    public int ElementCount => Shape.ElementCount;

    /// <summary>True when the elements are laid out densely in row-major order.</summary>
    public bool IsContiguous
    {
        get
        {
            int expected = 1;
            for (int i = Shape.Rank - 1; i >= 0; i--)
            {
                if (Shape[i] != 1 && Strides[i] != expected) return false;
                expected *= Shape[i];
            }
            return true;
        }
    }

    /// <summary>A dense row-major view of the same shape at <paramref name="offset"/> of <paramref name="storage"/>.</summary>
    public static StridedView Contiguous(Storage storage, Shape shape, int offset = 0) =>
        new(storage, offset, shape, Strides.RowMajor(shape));
}
