using ILGPU;

namespace DeepLearning.Ilgpu.Kernels;

/// <summary>
/// Typed access to untyped device memory: every storage is a byte buffer, and a kernel reads and writes elements
/// through the dtype code of its <see cref="ViewLayout"/>. Values travel as doubles, so one compiled kernel serves
/// float32, float64 and int32, and conversions follow the reference device (float32 rounds to nearest; int32
/// truncates toward zero and saturates, NaN → 0).
/// </summary>
internal static class Element
{
    public const int Float32 = (int)DeepLearning.DType.Float32, Float64 = (int)DeepLearning.DType.Float64;

    /// <summary>The element at storage index <paramref name="at"/>.</summary>
    public static double LoadAt(ArrayView<byte> data, int dtype, long at) => dtype switch
    {
        Float32 => data.Cast<float>()[at],
        Float64 => data.Cast<double>()[at],
        _ => data.Cast<int>()[at],
    };

    /// <summary>Writes <paramref name="value"/>, converted to the dtype, at storage index <paramref name="at"/>.</summary>
    public static void StoreAt(ArrayView<byte> data, int dtype, long at, double value)
    {
        if (dtype == Float32) data.Cast<float>()[at] = (float)value;
        else if (dtype == Float64) data.Cast<double>()[at] = value;
        else data.Cast<int>()[at] = ToInt32(value);
    }

    /// <summary>The element with row-major index <paramref name="linear"/> of a view.</summary>
    public static double Load(ArrayView<byte> data, in ViewLayout layout, long linear) =>
        LoadAt(data, layout.DType, layout.OffsetOf(linear));

    /// <summary>Writes the element with row-major index <paramref name="linear"/> of a view.</summary>
    public static void Store(ArrayView<byte> data, in ViewLayout layout, long linear, double value) =>
        StoreAt(data, layout.DType, layout.OffsetOf(linear), value);

    /// <summary>Truncation toward zero with saturation; NaN gives 0.</summary>
    public static int ToInt32(double value) =>
        double.IsNaN(value) ? 0 : value >= 2147483647.0 ? int.MaxValue : value <= -2147483648.0 ? int.MinValue : (int)value;
}
