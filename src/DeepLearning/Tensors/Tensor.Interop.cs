using System.Numerics.Tensors;

namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>A copy as a <see cref="Tensor{T}"/> of System.Numerics.Tensors (float32 tensors only).</summary>
    /// <exception cref="InvalidOperationException">The tensor is not float32.</exception>
    public Tensor<float> ToNumericsTensor()
    {
        if (DType != DType.Float32)
            throw new InvalidOperationException($"ToNumericsTensor: only float32 converts to Tensor<float>; this tensor is {DType}. Cast it first.");
        var lengths = new nint[Rank];
        for (int i = 0; i < Rank; i++) lengths[i] = _shape[i];
        return System.Numerics.Tensors.Tensor.Create(ToArray<float>(), lengths);
    }

    /// <summary>A float32 tensor copied from a System.Numerics.Tensors <see cref="Tensor{T}"/> (any strides).</summary>
    /// <exception cref="ArgumentException">The rank exceeds 8 or a dimension exceeds int.MaxValue.</exception>
    public static Tensor FromNumericsTensor(Tensor<float> tensor, Devices.Device? device = null)
    {
        var lengths = tensor.Lengths;
        if (lengths.Length > Shape.MaxRank) throw new ArgumentException($"FromNumericsTensor: rank {lengths.Length} exceeds {Shape.MaxRank}.");
        var dims = new int[lengths.Length];
        for (int i = 0; i < dims.Length; i++) dims[i] = checked((int)lengths[i]);
        var data = new float[tensor.FlattenedLength];
        tensor.FlattenTo(data);
        return FromArray(data, new Shape(dims), device);
    }

    /// <summary>The elements of a contiguous CPU tensor as a span over its memory (no copy). Writes through the
    /// span bypass autograd's modification tracking.</summary>
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
