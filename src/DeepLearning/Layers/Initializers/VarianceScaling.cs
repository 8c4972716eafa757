using DeepLearning.Devices;

namespace DeepLearning.Initializers;

/// <summary>Which fan a <see cref="VarianceScaling"/> initializer divides by.</summary>
public enum FanMode
{
    /// <summary>fan_in.</summary>
    In,
    /// <summary>fan_out.</summary>
    Out,
    /// <summary>(fan_in + fan_out)/2.</summary>
    Average,
}

/// <summary>The distribution of a <see cref="VarianceScaling"/> initializer.</summary>
public enum Distribution
{
    /// <summary>Normal truncated at two standard deviations, its σ divided by 0.87962566103423978 so that the
    /// variance is still scale/n (Keras).</summary>
    TruncatedNormal,
    /// <summary>Plain normal.</summary>
    UntruncatedNormal,
    /// <summary>Uniform on [−√(3·scale/n), √(3·scale/n)].</summary>
    Uniform,
}

/// <summary>
/// Keras's VarianceScaling: values with variance scale/n, n the chosen fan. Glorot (scale 1, average fan), He
/// (scale 2, fan_in) and LeCun (scale 1, fan_in) are its presets on <see cref="Initializer"/>.
/// </summary>
/// <param name="scale">The variance numerator (&gt; 0).</param>
/// <param name="mode">The fan.</param>
/// <param name="distribution">The distribution.</param>
/// <param name="name">Identifier reported by <see cref="Name"/>.</param>
public sealed class VarianceScaling(double scale = 1, FanMode mode = FanMode.In, Distribution distribution = Distribution.TruncatedNormal,
    string name = "variance_scaling") : Initializer
{
    /// <summary>The variance numerator.</summary>
    public double Scale { get; } = scale > 0 ? scale : throw new ArgumentException($"VarianceScaling: scale must be > 0; got {scale}.", nameof(scale));

    /// <summary>The fan.</summary>
    public FanMode Mode { get; } = mode;

    /// <summary>The distribution.</summary>
    public Distribution Distribution { get; } = distribution;

    /// <inheritdoc />
    public override string Name { get; } = name;

    /// <inheritdoc />
    public override Tensor Create(Shape shape, DType dtype = DType.Float32, Device? device = null, Generator? generator = null)
    {
        var (fanIn, fanOut) = Fans(shape);
        double n = Mode switch { FanMode.In => fanIn, FanMode.Out => fanOut, _ => (fanIn + fanOut) / 2 };
        double variance = Scale / Math.Max(1, n);
        return Distribution switch
        {
            Distribution.Uniform => Tensor.RandomUniform(shape, -Math.Sqrt(3 * variance), Math.Sqrt(3 * variance), dtype, generator, device),
            Distribution.UntruncatedNormal => Tensor.RandomNormal(shape, 0, Math.Sqrt(variance), dtype, generator, device),
            _ => Tensor.TruncatedNormal(shape, 0, Math.Sqrt(variance) / 0.87962566103423978, dtype, generator, device),
        };
    }
}
