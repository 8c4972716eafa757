namespace DeepLearning.Data;

/// <summary>
/// Scales each image's deviation from its mean (Keras's <c>RandomContrast</c>): with f uniform in
/// [1 − factor, 1 + factor] per image and m the mean of each channel over the image's pixels,
/// output = clip((x − m)·f + m, min, max).
/// </summary>
public sealed class RandomContrast : IntensityAugmentation
{
    /// <summary>Creates the contrast change.</summary>
    /// <param name="factor">How far the contrast factor may move from 1, in [0, 1].</param>
    /// <param name="minValue">The lowest pixel value (results are clipped to it).</param>
    /// <param name="maxValue">The highest pixel value.</param>
    /// <param name="generator">The random source; null seeds one from <see cref="Generator.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">factor is outside [0, 1].</exception>
    /// <exception cref="ArgumentException">The value range is empty.</exception>
    public RandomContrast(double factor, float minValue = 0, float maxValue = 1, Generator? generator = null)
        : base(factor, minValue, maxValue, generator)
    {
    }

    internal override float[] Run(float[] src, ref ImageGeometry g)
    {
        var u = Draw(Generator, g.N, 1);
        var dst = new float[src.Length];
        int pixels = g.H * g.W;
        var mean = new double[g.C];
        for (int i = 0; i < g.N; i++)
        {
            int image = i * g.ImageSize;
            double f = 1 + (2 * u[i, 0] - 1) * Factor;
            Array.Clear(mean);
            for (int p = 0; p < pixels; p++)
                for (int k = 0; k < g.C; k++) mean[k] += src[image + p * g.C + k];
            for (int k = 0; k < g.C; k++) mean[k] /= pixels;
            for (int p = 0; p < pixels; p++)
                for (int k = 0; k < g.C; k++)
                {
                    int o = image + p * g.C + k;
                    dst[o] = Math.Clamp((float)((src[o] - mean[k]) * f + mean[k]), MinValue, MaxValue);
                }
        }
        return dst;
    }
}
