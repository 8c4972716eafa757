namespace DeepLearning.Data;

/// <summary>
/// Adds independent Gaussian noise to every value (as Keras's <c>GaussianNoise</c> layer in training mode, here on the
/// data side): output = clip(x + σ·z, min, max), z ~ N(0, 1) drawn by Philox and Box–Muller. Pass
/// <see cref="float.NegativeInfinity"/> and <see cref="float.PositiveInfinity"/> as the range to disable clipping.
/// </summary>
public sealed class RandomGaussianNoise : ImageAugmentation
{
    private readonly Generator _generator;

    /// <summary>Creates the noise.</summary>
    /// <param name="stddev">σ, the noise's standard deviation (≥ 0).</param>
    /// <param name="minValue">The lowest value after adding noise.</param>
    /// <param name="maxValue">The highest value after adding noise.</param>
    /// <param name="generator">The random source; null seeds one from <see cref="Generator.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">stddev is negative or not finite.</exception>
    /// <exception cref="ArgumentException">The value range is empty.</exception>
    public RandomGaussianNoise(double stddev, float minValue = 0, float maxValue = 1, Generator? generator = null)
    {
        CheckFinite(stddev, nameof(stddev), "RandomGaussianNoise", 0, double.MaxValue);
        CheckRange(minValue, maxValue, "RandomGaussianNoise");
        StdDev = stddev;
        MinValue = minValue;
        MaxValue = maxValue;
        _generator = generator ?? new Generator(Generator.Default.NextSeed());
    }

    /// <summary>σ, the noise's standard deviation.</summary>
    public double StdDev { get; }

    /// <summary>The lowest value after adding noise.</summary>
    public float MinValue { get; }

    /// <summary>The highest value after adding noise.</summary>
    public float MaxValue { get; }

    internal override float[] Run(float[] src, ref ImageGeometry g)
    {
        ulong key = _generator.Key, start = _generator.Reserve(src.Length);
        var dst = new float[src.Length];
        for (int i = 0; i < src.Length; i++)
            dst[i] = Math.Clamp((float)(src[i] + StdDev * Philox.Normal(key, start + (ulong)i)), MinValue, MaxValue);
        return dst;
    }
}
