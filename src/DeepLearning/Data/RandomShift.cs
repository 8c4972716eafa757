namespace DeepLearning.Data;

/// <summary>
/// Translates each image by a whole number of pixels (Keras's <c>RandomTranslation</c>, restricted to integer
/// shifts so no interpolation blurs the image): dy = round(u·heightFactor·H) and dx = round(v·widthFactor·W) with
/// u, v uniform in [−1, 1]; output(y, x) = input(y − dy, x − dx), pixels from outside filled by <see cref="FillMode"/>.
/// </summary>
public sealed class RandomShift : ImageAugmentation
{
    private readonly Generator _generator;

    /// <summary>Creates the shift.</summary>
    /// <param name="heightFactor">The largest vertical shift as a fraction of the height, in [0, 1].</param>
    /// <param name="widthFactor">The largest horizontal shift as a fraction of the width, in [0, 1].</param>
    /// <param name="fillMode">How to fill the uncovered pixels (Keras's default: reflect; <see cref="FillMode.Constant"/>
    /// for zero fill, <see cref="FillMode.Nearest"/> for edge fill).</param>
    /// <param name="fillValue">The value of <see cref="FillMode.Constant"/>.</param>
    /// <param name="generator">The random source; null seeds one from <see cref="Generator.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A factor is outside [0, 1].</exception>
    public RandomShift(double heightFactor, double widthFactor, FillMode fillMode = FillMode.Reflect, float fillValue = 0, Generator? generator = null)
    {
        CheckFinite(heightFactor, nameof(heightFactor), "RandomShift", 0, 1);
        CheckFinite(widthFactor, nameof(widthFactor), "RandomShift", 0, 1);
        HeightFactor = heightFactor;
        WidthFactor = widthFactor;
        FillMode = fillMode;
        FillValue = fillValue;
        _generator = generator ?? new Generator(Generator.Default.NextSeed());
    }

    /// <summary>The largest vertical shift as a fraction of the height.</summary>
    public double HeightFactor { get; }

    /// <summary>The largest horizontal shift as a fraction of the width.</summary>
    public double WidthFactor { get; }

    /// <summary>How uncovered pixels are filled.</summary>
    public FillMode FillMode { get; }

    /// <summary>The constant fill value.</summary>
    public float FillValue { get; }

    internal override float[] Run(float[] src, ref ImageGeometry g)
    {
        var u = Draw(_generator, g.N, 2);
        var dst = new float[src.Length];
        for (int i = 0; i < g.N; i++)
        {
            int dy = (int)Math.Round((2 * u[i, 0] - 1) * HeightFactor * g.H);
            int dx = (int)Math.Round((2 * u[i, 1] - 1) * WidthFactor * g.W);
            Shift(src, dst, g, i, dy, dx, FillMode, FillValue);
        }
        return dst;
    }

    /// <summary>output(y, x) = input(y − dy, x − dx) for image i.</summary>
    internal static void Shift(float[] src, float[] dst, in ImageGeometry g, int i, int dy, int dx, FillMode mode, float fill)
    {
        int image = i * g.ImageSize;
        for (int y = 0; y < g.H; y++)
            for (int x = 0; x < g.W; x++)
                for (int k = 0; k < g.C; k++)
                    dst[image + (y * g.W + x) * g.C + k] = g.Fetch(src, image, y - dy, x - dx, k, mode, fill);
    }
}
