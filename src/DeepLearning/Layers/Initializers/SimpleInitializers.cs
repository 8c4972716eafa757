using DeepLearning.Devices;

namespace DeepLearning.Initializers;

/// <summary>Every element equal to <paramref name="value"/>.</summary>
/// <param name="value">The constant.</param>
/// <param name="name">Identifier reported by <see cref="Name"/>.</param>
public sealed class Constant(double value, string name = "constant") : Initializer
{
    /// <summary>The constant.</summary>
    public double Value { get; } = value;

    /// <inheritdoc />
    public override string Name { get; } = name;

    /// <inheritdoc />
    public override Tensor Create(Shape shape, DType dtype = DType.Float32, Device? device = null, Generator? generator = null) =>
        Tensor.Full(shape, Value, dtype, device);
}

/// <summary>N(mean, stddev²) (Keras's RandomNormal: mean 0, stddev 0.05).</summary>
/// <param name="mean">Mean.</param>
/// <param name="stddev">Standard deviation.</param>
public sealed class RandomNormal(double mean = 0, double stddev = 0.05) : Initializer
{
    /// <summary>Mean.</summary>
    public double Mean { get; } = mean;

    /// <summary>Standard deviation.</summary>
    public double StdDev { get; } = stddev;

    /// <inheritdoc />
    public override string Name => "random_normal";

    /// <inheritdoc />
    public override Tensor Create(Shape shape, DType dtype = DType.Float32, Device? device = null, Generator? generator = null) =>
        Tensor.RandomNormal(shape, Mean, StdDev, dtype, generator, device);
}

/// <summary>U(minval, maxval) (Keras's RandomUniform: −0.05 to 0.05).</summary>
/// <param name="minval">Lower bound.</param>
/// <param name="maxval">Upper bound.</param>
public sealed class RandomUniform(double minval = -0.05, double maxval = 0.05) : Initializer
{
    /// <summary>Lower bound.</summary>
    public double MinVal { get; } = minval;

    /// <summary>Upper bound.</summary>
    public double MaxVal { get; } = maxval;

    /// <inheritdoc />
    public override string Name => "random_uniform";

    /// <inheritdoc />
    public override Tensor Create(Shape shape, DType dtype = DType.Float32, Device? device = null, Generator? generator = null) =>
        Tensor.RandomUniform(shape, MinVal, MaxVal, dtype, generator, device);
}

/// <summary>N(mean, stddev²) truncated to mean ± 2·stddev (Keras's TruncatedNormal: mean 0, stddev 0.05).</summary>
/// <param name="mean">Mean.</param>
/// <param name="stddev">Standard deviation before truncation.</param>
public sealed class TruncatedNormal(double mean = 0, double stddev = 0.05) : Initializer
{
    /// <summary>Mean.</summary>
    public double Mean { get; } = mean;

    /// <summary>Standard deviation before truncation.</summary>
    public double StdDev { get; } = stddev;

    /// <inheritdoc />
    public override string Name => "truncated_normal";

    /// <inheritdoc />
    public override Tensor Create(Shape shape, DType dtype = DType.Float32, Device? device = null, Generator? generator = null) =>
        Tensor.TruncatedNormal(shape, Mean, StdDev, dtype, generator, device);
}

/// <summary>gain·I for a rank-2 shape (rectangular allowed), as Keras's IdentityInitializer (identifier "identity").</summary>
/// <param name="gain">The multiplier.</param>
public sealed class IdentityInitializer(double gain = 1) : Initializer
{
    /// <summary>The multiplier.</summary>
    public double Gain { get; } = gain;

    /// <inheritdoc />
    public override string Name => "identity";

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The shape is not rank 2.</exception>
    public override Tensor Create(Shape shape, DType dtype = DType.Float32, Device? device = null, Generator? generator = null)
    {
        if (shape.Rank != 2) throw new ArgumentException($"IdentityInitializer: needs a rank-2 shape; got {shape}.");
        var eye = Tensor.Eye(shape[0], shape[1], dtype, device);
        return Gain == 1 ? eye : eye * Gain;
    }
}
