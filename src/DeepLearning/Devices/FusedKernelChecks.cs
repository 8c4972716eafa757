namespace DeepLearning.Devices;

/// <summary>The argument checks of an <see cref="IFusedKernels"/> implementation: O(rank) per view, throwing an
/// <see cref="ArgumentException"/> that names the kernel, the view and what is wrong, before any memory is touched.</summary>
public static class FusedKernelChecks
{
    /// <summary>Checks that <paramref name="view"/> belongs to <paramref name="device"/>, has
    /// <paramref name="dtype"/> and <paramref name="shape"/>, and that every element it addresses lies inside its
    /// storage.</summary>
    /// <param name="kernel">The kernel's name, for the message.</param>
    /// <param name="name">The view's parameter name, for the message.</param>
    /// <param name="device">The device running the kernel.</param>
    /// <param name="view">The view to check.</param>
    /// <param name="dtype">The dtype the kernel expects.</param>
    /// <param name="shape">The shape the kernel expects.</param>
    /// <exception cref="ArgumentException">Any of these does not hold.</exception>
    public static void View(string kernel, string name, Device device, in StridedView view, DType dtype, Shape shape)
    {
        if (view.Storage is null)
            throw new ArgumentException($"{kernel}: {name} has no storage.", name);
        if (!ReferenceEquals(view.Storage.Device, device))
            throw new ArgumentException($"{kernel}: {name} lives on {view.Storage.Device}, the kernel runs on {device}.", name);
        if (view.DType != dtype)
            throw new ArgumentException($"{kernel}: {name} is {view.DType}, expected {dtype}.", name);
        if (view.Shape != shape)
            throw new ArgumentException($"{kernel}: {name} has shape {view.Shape}, expected {shape}.", name);
        if (view.Strides.Rank != shape.Rank)
            throw new ArgumentException($"{kernel}: {name} has strides {view.Strides} for shape {shape}.", name);
        if (shape.ElementCount == 0) return;
        long low = view.Offset, high = view.Offset;
        for (int i = 0; i < shape.Rank; i++)
        {
            long span = (long)(shape[i] - 1) * view.Strides[i];
            if (span < 0) low += span;
            else high += span;
        }
        if (low < 0 || high >= view.Storage.Length)
            throw new ArgumentException($"{kernel}: {name} (offset {view.Offset}, shape {shape}, strides {view.Strides}) addresses " +
                $"elements [{low}, {high}] outside its storage of {view.Storage.Length}.", name);
    }

    /// <summary>Checks that the dtype is float32 or float64.</summary>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void Floating(string kernel, DType dtype)
    {
        if (!dtype.IsFloating())
            throw new ArgumentException($"{kernel}: defined for float32 and float64, got {dtype}.");
    }

    /// <summary>Checks that the view's last axis is dense (stride 1, or a single element).</summary>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void DenseRows(string kernel, string name, in StridedView view)
    {
        int rank = view.Shape.Rank;
        if (rank > 0 && view.Shape[rank - 1] > 1 && view.Strides[rank - 1] != 1)
            throw new ArgumentException($"{kernel}: {name} (shape {view.Shape}, strides {view.Strides}) needs a dense last axis.", name);
    }

    /// <summary>Checks that the view is dense in row-major order.</summary>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void Contiguous(string kernel, string name, in StridedView view)
    {
        if (!view.IsContiguous)
            throw new ArgumentException($"{kernel}: {name} (shape {view.Shape}, strides {view.Strides}) must be contiguous.", name);
    }
}
