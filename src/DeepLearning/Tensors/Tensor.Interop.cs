using System.Numerics.Tensors;

namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>A copy as a <see cref="Tensor{T}"/> of System.Numerics.Tensors (float32 tensors only; see
    /// <see cref="ToNumericsTensor{T}"/> for float64 and int32).</summary>
    /// <exception cref="InvalidOperationException">The tensor is not float32.</exception>
    public Tensor<float> ToNumericsTensor() => ToNumericsTensor<float>();

    /// <summary>A copy as a System.Numerics.Tensors <see cref="Tensor{T}"/> of the same shape, row-major, with
    /// <typeparamref name="T"/> = float (float32), double (float64) or int (int32).</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> does not match the tensor's dtype.</exception>
    public Tensor<T> ToNumericsTensor<T>() where T : unmanaged
    {
        var dtype = NumericsDType<T>("ToNumericsTensor");
        if (DType != dtype)
            throw new InvalidOperationException($"ToNumericsTensor: this tensor is {DType}, not {dtype} ({typeof(T).Name}); Cast it first.");
        var lengths = new nint[Rank];
        for (int i = 0; i < Rank; i++) lengths[i] = _shape[i];
        return System.Numerics.Tensors.Tensor.Create(ToArray<T>(), lengths);
    }

    /// <summary>A float32 tensor copied from a System.Numerics.Tensors <see cref="Tensor{T}"/> (any strides).</summary>
    /// <exception cref="ArgumentException">The rank exceeds 8 or a dimension exceeds int.MaxValue.</exception>
    public static Tensor FromNumericsTensor(Tensor<float> tensor, Devices.Device? device = null) => FromNumericsTensor<float>(tensor, device);

    /// <summary>A tensor copied from a System.Numerics.Tensors <see cref="Tensor{T}"/> (any strides), of dtype float32,
    /// float64 or int32 for <typeparamref name="T"/> = float, double or int.</summary>
    /// <exception cref="ArgumentException">The rank exceeds 8, a dimension exceeds int.MaxValue, or
    /// <typeparamref name="T"/> is another type.</exception>
    public static Tensor FromNumericsTensor<T>(Tensor<T> tensor, Devices.Device? device = null) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var lengths = tensor.Lengths;
        if (lengths.Length > Shape.MaxRank) throw new ArgumentException($"FromNumericsTensor: rank {lengths.Length} exceeds {Shape.MaxRank}.");
        NumericsDType<T>("FromNumericsTensor");
        var dims = new int[lengths.Length];
        for (int i = 0; i < dims.Length; i++) dims[i] = checked((int)lengths[i]);
        var data = new T[tensor.FlattenedLength];
        tensor.FlattenTo(data);
        return FromArray(data, new Shape(dims), device);
    }

    /// <summary>
    /// A CPU tensor over <paramref name="data"/> itself, without copying (the library's counterpart of
    /// <c>torch.from_numpy</c>): writes to the array are seen by the tensor and in-place tensor operations write to
    /// the array. The storage is the caller's: the library never pools or reuses it, whatever <see cref="TensorScope"/>
    /// is active, and the array stays pinned while the tensor (or a view of it) is reachable. Results of operations on
    /// the tensor are new tensors with the usual lifetime. To share memory with a System.Numerics.Tensors
    /// <see cref="Tensor{T}"/>, build both over one array: <c>Tensor.Create(array, lengths)</c> and <c>Tensor.Wrap(array,
    /// shape)</c>.
    /// </summary>
    /// <param name="data">The elements in row-major order: float (float32), double (float64) or int (int32).</param>
    /// <param name="shape">The shape; its element count must equal the array's length.</param>
    /// <exception cref="ArgumentException">The shape does not hold data.Length elements, or <typeparamref name="T"/> is
    /// another type.</exception>
    public static Tensor Wrap<T>(T[] data, Shape shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        var dtype = NumericsDType<T>("Wrap");
        if (shape.ElementCount != data.Length)
            throw new ArgumentException($"Wrap: {data.Length} values cannot fill shape {shape} ({shape.ElementCount} elements).");
        var storage = new Devices.Cpu.CpuStorage(Devices.Device.Cpu, dtype, data);
        return new Tensor(storage, 0, shape, Strides.RowMajor(shape));
    }

    /// <summary>A CPU tensor over <paramref name="data"/> without copying, of the given dimensions (see
    /// <see cref="Wrap{T}(T[], Shape)"/>); with no dimensions, a vector of data.Length.</summary>
    /// <exception cref="ArgumentException">The dimensions do not hold data.Length elements.</exception>
    public static Tensor Wrap<T>(T[] data, params int[] shape) where T : unmanaged =>
        Wrap(data ?? throw new ArgumentNullException(nameof(data)), shape.Length == 0 ? new Shape(data.Length) : new Shape(shape));

    private static DType NumericsDType<T>(string op) where T : unmanaged =>
        typeof(T) == typeof(float) ? DType.Float32 : typeof(T) == typeof(double) ? DType.Float64 : typeof(T) == typeof(int) ? DType.Int32
        : throw new ArgumentException($"{op}: {typeof(T).Name} is not float, double or int (the library's float32, float64 and int32).");

    /// <summary>The elements of a contiguous CPU tensor as a span over its memory (no copy). Writes through the
    /// span bypass autograd's modification tracking. The span is valid while the tensor is alive: for a tensor
    /// created inside a <see cref="TensorScope"/>, until the scope ends (its buffer then returns to the pool).</summary>
    /// <exception cref="InvalidOperationException">The tensor is not on the CPU, not contiguous, or
    /// <typeparamref name="T"/> does not match its dtype.</exception>
    public unsafe Span<T> AsSpan<T>() where T : unmanaged
    {
        var v = View;
        if (v.Storage is not Devices.Cpu.CpuStorage cpu)
            throw new InvalidOperationException($"AsSpan: the tensor is on {Device}; only CPU tensors expose their memory.");
        if (!v.IsContiguous)
            throw new InvalidOperationException($"AsSpan: the tensor of shape {_shape} is a non-contiguous view; call Contiguous() first.");
        if (DTypeExtensions.Of<T>() != DType)
            throw new InvalidOperationException($"AsSpan: {typeof(T).Name} does not match dtype {DType}.");
        return new Span<T>(cpu.Ptr<T>() + v.Offset, ElementCount);
    }
}
