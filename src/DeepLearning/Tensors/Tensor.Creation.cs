using System.Runtime.InteropServices;
using DeepLearning.Devices;

namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>A tensor of zeros.</summary>
    /// <param name="shape">The shape, e.g. <c>[2, 3]</c>.</param>
    /// <param name="dtype">Element type (default float32).</param>
    /// <param name="device">Device (default <see cref="Device.Default"/>).</param>
    public static Tensor Zeros(Shape shape, DType dtype = DType.Float32, Device? device = null) => Full(shape, 0, dtype, device);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(Shape shape, DType dtype = DType.Float32, Device? device = null) => Full(shape, 1, dtype, device);

    /// <summary>A tensor filled with <paramref name="value"/> (converted to the dtype; int32 saturates).</summary>
    public static Tensor Full(Shape shape, double value, DType dtype = DType.Float32, Device? device = null)
    {
        var t = Empty(shape, dtype, device ?? Device.Default);
        t.Device.Fill(t.View, value);
        return t;
    }

    /// <summary>A one-element, rank-0 tensor.</summary>
    public static Tensor Scalar(double value, DType dtype = DType.Float32, Device? device = null) => Full(Shape.Scalar, value, dtype, device);

    /// <summary>Zeros with the shape, dtype and device of <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like) => Full(like.Shape, 0, like.DType, like.Device);

    /// <summary>Ones with the shape, dtype and device of <paramref name="like"/>.</summary>
    public static Tensor OnesLike(Tensor like) => Full(like.Shape, 1, like.DType, like.Device);

    /// <summary>A constant with the shape, dtype and device of <paramref name="like"/>.</summary>
    public static Tensor FullLike(Tensor like, double value) => Full(like.Shape, value, like.DType, like.Device);

    /// <summary>Values start, start + step, … below stop (above stop for a negative step), as NumPy's arange.</summary>
    /// <exception cref="ArgumentException">step is 0 or not finite.</exception>
    public static Tensor Arange(double start, double stop, double step = 1, DType dtype = DType.Float32, Device? device = null)
    {
        if (step == 0 || !double.IsFinite(step) || !double.IsFinite(start) || !double.IsFinite(stop))
            throw new ArgumentException($"Arange: start {start}, stop {stop} and a nonzero step {step} must be finite.");
        int n = (int)Math.Max(0, Math.Ceiling((stop - start) / step));
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = start + i * step;
        return FromDoubles(values, [n], dtype, device);
    }

    /// <summary>0, 1, …, stop − 1.</summary>
    public static Tensor Arange(int stop, DType dtype = DType.Float32, Device? device = null) => Arange(0, stop, 1, dtype, device);

    /// <summary><paramref name="count"/> evenly spaced values from start to stop inclusive (NumPy's linspace).</summary>
    /// <exception cref="ArgumentOutOfRangeException">count is negative.</exception>
    public static Tensor Linspace(double start, double stop, int count, DType dtype = DType.Float32, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var values = new double[count];
        double step = count > 1 ? (stop - start) / (count - 1) : 0;
        for (int i = 0; i < count; i++) values[i] = i == count - 1 && count > 1 ? stop : start + i * step;
        return FromDoubles(values, [count], dtype, device);
    }

    /// <summary>The n × m identity matrix (m = n by default).</summary>
    public static Tensor Eye(int n, int? m = null, DType dtype = DType.Float32, Device? device = null)
    {
        int cols = m ?? n;
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        var values = new double[n * cols];
        for (int i = 0; i < Math.Min(n, cols); i++) values[i * cols + i] = 1;
        return FromDoubles(values, [n, cols], dtype, device);
    }

    /// <summary>A tensor holding a copy of <paramref name="data"/> with the given shape (default: 1-D).</summary>
    /// <exception cref="ArgumentException">The shape's element count differs from the data length.</exception>
    public static Tensor FromArray<T>(T[] data, Shape? shape = null, Device? device = null) where T : unmanaged =>
        FromSpan<T>(data, shape ?? new Shape(data.Length), device);

    /// <summary>A tensor holding a copy of a span with the given shape.</summary>
    /// <exception cref="ArgumentException">The shape's element count differs from the span length.</exception>
    public static Tensor FromSpan<T>(ReadOnlySpan<T> data, Shape shape, Device? device = null) where T : unmanaged
    {
        var dtype = DTypeExtensions.Of<T>();
        if (shape.ElementCount != data.Length)
            throw new ArgumentException($"FromArray: {data.Length} values cannot fill shape {shape} ({shape.ElementCount} elements).");
        var t = Empty(shape, dtype, device ?? Device.Default);
        t.Device.Upload(data, t.View);
        return t;
    }

    /// <summary>A tensor from a rectangular array of float, double or int of any rank (e.g. <c>float[,]</c>),
    /// with the array's shape.</summary>
    /// <exception cref="ArgumentException">The element type is not float, double or int, or the rank exceeds 8.</exception>
    public static Tensor FromArray(Array data, Device? device = null)
    {
        var dims = new int[data.Rank];
        for (int i = 0; i < data.Rank; i++) dims[i] = data.GetLength(i);
        var shape = new Shape(dims);
        return data switch
        {
            _ when data.GetType().GetElementType() == typeof(float) => FromSpan(ArrayElements<float>(data), shape, device),
            _ when data.GetType().GetElementType() == typeof(double) => FromSpan(ArrayElements<double>(data), shape, device),
            _ when data.GetType().GetElementType() == typeof(int) => FromSpan(ArrayElements<int>(data), shape, device),
            _ => throw new ArgumentException($"FromArray: element type {data.GetType().GetElementType()?.Name} is not float, double or int."),
        };
    }

    /// <summary>A 2-D tensor from rows of equal length.</summary>
    /// <exception cref="ArgumentException">Rows differ in length.</exception>
    public static Tensor FromRows<T>(T[][] rows, Device? device = null) where T : unmanaged
    {
        int cols = rows.Length == 0 ? 0 : rows[0].Length;
        var flat = new T[rows.Length * cols];
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r].Length != cols)
                throw new ArgumentException($"FromRows: row {r} has {rows[r].Length} values, row 0 has {cols}.");
            rows[r].CopyTo(flat, r * cols);
        }
        return FromSpan<T>(flat, [rows.Length, cols], device);
    }

    private static ReadOnlySpan<T> ArrayElements<T>(Array data) where T : unmanaged =>
        MemoryMarshal.CreateReadOnlySpan(ref System.Runtime.CompilerServices.Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(data)), data.Length);

    private static Tensor FromDoubles(double[] values, Shape shape, DType dtype, Device? device)
    {
        var t = FromSpan<double>(values, shape, device);
        return dtype == DType.Float64 ? t : t.Cast(dtype);
    }

    /// <summary>Uniform values on [low, high) from the Philox generator.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="low">Lower bound (inclusive).</param>
    /// <param name="high">Upper bound (exclusive).</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <param name="generator">Generator (default <see cref="Generator.Default"/>).</param>
    /// <param name="device">Device.</param>
    public static Tensor RandomUniform(Shape shape, double low = 0, double high = 1, DType dtype = DType.Float32,
        Generator? generator = null, Device? device = null)
    {
        if (!(high >= low) || !double.IsFinite(low) || !double.IsFinite(high))
            throw new ArgumentException($"RandomUniform: need finite low ≤ high; got [{low}, {high}).");
        return Random(RandomDistribution.Uniform, shape, low, high, dtype, generator, device, "RandomUniform");
    }

    /// <summary>Normal values with the given mean and standard deviation.</summary>
    public static Tensor RandomNormal(Shape shape, double mean = 0, double std = 1, DType dtype = DType.Float32,
        Generator? generator = null, Device? device = null)
    {
        if (!(std >= 0) || !double.IsFinite(mean) || !double.IsFinite(std))
            throw new ArgumentException($"RandomNormal: need a finite mean and std ≥ 0; got mean {mean}, std {std}.");
        return Random(RandomDistribution.Normal, shape, mean, std, dtype, generator, device, "RandomNormal");
    }

    /// <summary>Normal values restricted to within two standard deviations of the mean (Keras's TruncatedNormal).</summary>
    public static Tensor TruncatedNormal(Shape shape, double mean = 0, double std = 1, DType dtype = DType.Float32,
        Generator? generator = null, Device? device = null)
    {
        if (!(std >= 0) || !double.IsFinite(mean) || !double.IsFinite(std))
            throw new ArgumentException($"TruncatedNormal: need a finite mean and std ≥ 0; got mean {mean}, std {std}.");
        return Random(RandomDistribution.TruncatedNormal, shape, mean, std, dtype, generator, device, "TruncatedNormal");
    }

    /// <summary>1 with probability p, else 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1].</exception>
    public static Tensor Bernoulli(Shape shape, double p, DType dtype = DType.Float32, Generator? generator = null, Device? device = null)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, "Bernoulli: the probability must be in [0, 1].");
        return Random(RandomDistribution.Bernoulli, shape, p, 0, dtype, generator, device, "Bernoulli");
    }

    /// <summary>Integers uniform on [low, high).</summary>
    /// <exception cref="ArgumentException">high ≤ low.</exception>
    public static Tensor RandomInt(Shape shape, int low, int high, DType dtype = DType.Int32, Generator? generator = null, Device? device = null)
    {
        if (high <= low) throw new ArgumentException($"RandomInt: need low < high; got [{low}, {high}).");
        return Random(RandomDistribution.UniformInteger, shape, low, high, dtype, generator, device, "RandomInt");
    }

    private static Tensor Random(RandomDistribution dist, Shape shape, double a, double b, DType dtype, Generator? generator,
        Device? device, string op)
    {
        if (!dtype.IsFloating() && dist != RandomDistribution.UniformInteger)
            throw new ArgumentException($"{op}: dtype must be floating; got {dtype}.");
        var gen = generator ?? Generator.Default;
        var t = Empty(shape, dtype, device ?? Device.Default);
        t.Device.Random(dist, t.View, gen.Key, gen.Reserve(shape.ElementCount), a, b);
        return t;
    }
}
