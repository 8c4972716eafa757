namespace DeepLearning.Data;

/// <summary>
/// Rotates each image about its centre by an angle θ uniform in [−maxDegrees, maxDegrees], positive counter-clockwise
/// (Keras's <c>RandomRotation</c>, whose factor is a fraction of a full turn), sampling bilinearly. With the centre
/// c = ((W − 1)/2, (H − 1)/2) and y pointing down, output pixel q takes the input at
/// p = c + (cos θ·(qx − cx) − sin θ·(qy − cy), sin θ·(qx − cx) + cos θ·(qy − cy)); neighbours outside the image are
/// filled by <see cref="FillMode"/>.
/// </summary>
public sealed class RandomRotation : ImageAugmentation
{
    private readonly Generator _generator;

    /// <summary>Creates the rotation.</summary>
    /// <param name="maxDegrees">The largest rotation in degrees, in [0, 180].</param>
    /// <param name="fillMode">How pixels from outside are filled (Keras's default: reflect).</param>
    /// <param name="fillValue">The value of <see cref="FillMode.Constant"/>.</param>
    /// <param name="generator">The random source; null seeds one from <see cref="Generator.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">maxDegrees is outside [0, 180].</exception>
    public RandomRotation(double maxDegrees, FillMode fillMode = FillMode.Reflect, float fillValue = 0, Generator? generator = null)
    {
        CheckFinite(maxDegrees, nameof(maxDegrees), "RandomRotation", 0, 180);
        MaxDegrees = maxDegrees;
        FillMode = fillMode;
        FillValue = fillValue;
        _generator = generator ?? new Generator(Generator.Default.NextSeed());
    }

    /// <summary>The largest rotation in degrees.</summary>
    public double MaxDegrees { get; }

    /// <summary>How pixels from outside are filled.</summary>
    public FillMode FillMode { get; }

    /// <summary>The constant fill value.</summary>
    public float FillValue { get; }

    internal override float[] Run(float[] src, ref ImageGeometry g)
    {
        var u = Draw(_generator, g.N, 1);
        var dst = new float[src.Length];
        for (int i = 0; i < g.N; i++)
            Rotate(src, dst, g, i, (2 * u[i, 0] - 1) * MaxDegrees * Math.PI / 180, FillMode, FillValue);
        return dst;
    }

    /// <summary>Rotates image i counter-clockwise by <paramref name="radians"/>.</summary>
    internal static void Rotate(float[] src, float[] dst, in ImageGeometry g, int i, double radians, FillMode mode, float fill)
    {
        double cos = Math.Cos(radians), sin = Math.Sin(radians);
        double cy = (g.H - 1) / 2.0, cx = (g.W - 1) / 2.0;
        int image = i * g.ImageSize;
        for (int y = 0; y < g.H; y++)
        {
            for (int x = 0; x < g.W; x++)
            {
                double qx = x - cx, qy = y - cy;
                double px = cx + cos * qx - sin * qy, py = cy + sin * qx + cos * qy;
                // Snap to the grid when the rotation maps pixels onto pixels (multiples of 90°), so those are exact.
                if (Math.Abs(px - Math.Round(px)) < 1e-9) px = Math.Round(px);
                if (Math.Abs(py - Math.Round(py)) < 1e-9) py = Math.Round(py);
                for (int k = 0; k < g.C; k++)
                    dst[image + (y * g.W + x) * g.C + k] = g.Bilinear(src, image, py, px, k, mode, fill);
            }
        }
    }
}
