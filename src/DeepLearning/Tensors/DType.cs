namespace DeepLearning;

/// <summary>Element types of a <see cref="Tensor"/>. <see cref="Float32"/> is the compute type;
/// <see cref="Float64"/> serves exact checks such as <c>GradCheck</c>; <see cref="Int32"/>
/// holds labels, indices and the results of <see cref="Tensor.ArgMax(int, bool)"/>.</summary>
public enum DType
{
    /// <summary>IEEE 754 single precision (<see cref="float"/>), the default.</summary>
    Float32,
    /// <summary>IEEE 754 double precision (<see cref="double"/>).</summary>
    Float64,
    /// <summary>32-bit signed integer (<see cref="int"/>).</summary>
    Int32,
}

/// <summary>Facts about <see cref="DType"/> values.</summary>
public static class DTypeExtensions
{
    /// <summary>Bytes per element.</summary>
    public static int SizeInBytes(this DType dtype) => dtype == DType.Float64 ? 8 : 4;

    /// <summary>True for <see cref="DType.Float32"/> and <see cref="DType.Float64"/>.</summary>
    public static bool IsFloating(this DType dtype) => dtype != DType.Int32;

    /// <summary>Lower-case name as NumPy prints it: <c>float32</c>, <c>float64</c>, <c>int32</c>.</summary>
    public static string ToNumPyName(this DType dtype) => dtype switch
    {
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        _ => "int32",
    };

    /// <summary>The <see cref="DType"/> of a CLR element type.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not float, double or int.</exception>
    public static DType Of<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return DType.Float32;
        if (typeof(T) == typeof(double)) return DType.Float64;
        if (typeof(T) == typeof(int)) return DType.Int32;
        throw new NotSupportedException($"Element type {typeof(T).Name} is not a tensor dtype (float, double or int).");
    }
}
