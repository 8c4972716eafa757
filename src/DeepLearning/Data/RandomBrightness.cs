namespace DeepLearning.Data;

/// <summary>
/// Adds a random offset to each image (Keras's <c>RandomBrightness</c>): delta = u·factor·(max − min) with u uniform
/// in [−1, 1], the same for every pixel and channel of an image; the result is clipped to [min, max].
/// </summary>
public sealed class RandomBrightness : IntensityAugmentation
{
    /// <summary>Creates the brightness change.</summary>
    /// <param name="factor">The largest offset as a fraction of the value range, in [0, 1].</param>
    /// <param name="minValue">The lowest pixel value (0 for images in [0, 1]; Keras's default range is [0, 255]).</param>
    /// <param name="maxValue">The highest pixel value.</param>
    /// <param name="generator">The random source; null seeds one from <see cref="Generator.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">factor is outside [0, 1].</exception>
    /// <exception cref="ArgumentException">The value range is empty.</exception>
    public RandomBrightness(double factor, float minValue = 0, float maxValue = 1, Generator? generator = null)
        : base(factor, minValue, maxValue, generator)
    {
    }

    internal override float[] Run(float[] src, ref ImageGeometry g)
    {
        var u = Draw(Generator, g.N, 1);
        var dst = new float[src.Length];
        int size = g.ImageSize;
        for (int i = 0; i < g.N; i++)
        {
            float delta = (float)((2 * u[i, 0] - 1) * Factor * (MaxValue - MinValue));
            for (int p = i * size; p < (i + 1) * size; p++) dst[p] = Math.Clamp(src[p] + delta, MinValue, MaxValue);
        }
        return dst;
    }
}
