namespace DeepLearning.Samples.UNet;

/// <summary>
/// Seeded generator of 64×64 grey images holding 1–3 overlapping shapes (circles, rotated rectangles, triangles)
/// on a noisy, textured background, with a 3-class mask per pixel: 0 background, 1 interior, 2 border.
/// </summary>
/// <remarks>
/// <para>Image: a smooth background field (a 4×4 grid of values in [0.15, 0.85], bilinearly interpolated) plus a
/// sinusoidal grating texture (amplitude 0.05–0.12, period 3–8 px, random orientation); then the shapes, painted in
/// order so that later shapes occlude earlier ones, each with one flat intensity in [0.05, 0.95] chosen to differ by
/// at least <see cref="MinContrast"/> from the mean background under it and from every shape it covers (the best
/// of 64 draws when no draw reaches it); finally Gaussian pixel noise (σ = 0.05) everywhere, clipped to [0, 1]. The
/// background and shapes span the same intensities, so no intensity threshold separates them.</para>
/// <para>Mask: the painting leaves a label map (0 for background, k for the k-th shape where it is visible). A pixel
/// is <em>border</em> when some pixel of its 3×3 neighbourhood inside the image carries another label — a band
/// 2 px wide straddling every visible outline, including the edge between two overlapping shapes (the trimap
/// construction of the Oxford-IIIT pets masks that Keras's segmentation example uses). Other pixels are
/// <em>interior</em> when they belong to a shape, else <em>background</em>.</para>
/// </remarks>
public static class ShapesDataset
{
    /// <summary>Image side in pixels.</summary>
    public const int Size = 64;

    /// <summary>Class indices of the mask.</summary>
    public const int Background = 0, Interior = 1, Border = 2;

    /// <summary>The minimum intensity difference between a shape and what it covers.</summary>
    public const double MinContrast = 0.2;

    /// <summary>Generates <paramref name="count"/> images: float32 (count, 64, 64, 1) in [0, 1] and int32 masks
    /// (count, 64, 64). The same seed gives the same data.</summary>
    public static (Tensor Images, Tensor Masks) Generate(int count, int seed)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "ShapesDataset: count must be ≥ 1.");
        var images = new float[count * Size * Size];
        var masks = new int[count * Size * Size];
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
            Draw(random, images.AsSpan(i * Size * Size, Size * Size), masks.AsSpan(i * Size * Size, Size * Size));
        return (Tensor.FromArray(images, [count, Size, Size, 1]), Tensor.FromArray(masks, [count, Size, Size]));
    }

    /// <summary>Draws one image and its 3-class mask (row-major, 64×64).</summary>
    public static void Draw(Random random, Span<float> image, Span<int> mask)
    {
        var pixels = new double[Size * Size];
        var labels = new int[Size * Size];
        PaintBackground(random, pixels);
        int shapes = random.Next(1, 4);
        var intensities = new List<double>();
        var inside = new bool[Size * Size];
        for (int k = 1; k <= shapes; k++)
        {
            RandomShape(random, inside);
            double value = PickIntensity(random, pixels, labels, inside, intensities);
            intensities.Add(value);
            for (int p = 0; p < inside.Length; p++)
                if (inside[p])
                {
                    pixels[p] = value;
                    labels[p] = k;
                }
        }
        for (int p = 0; p < pixels.Length; p++)
            image[p] = (float)Math.Clamp(pixels[p] + 0.05 * Gaussian(random), 0, 1);
        LabelsToClasses(labels, mask);
    }

    /// <summary>The 3-class mask of a label map (0 = background, other values = objects): border where the 3×3
    /// neighbourhood (clipped to the image) holds another label, else interior for objects and background.</summary>
    public static void LabelsToClasses(ReadOnlySpan<int> labels, Span<int> mask)
    {
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                int own = labels[y * Size + x];
                bool edge = false;
                for (int dy = -1; dy <= 1 && !edge; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int yy = y + dy, xx = x + dx;
                        if (yy < 0 || yy >= Size || xx < 0 || xx >= Size) continue;
                        if (labels[yy * Size + xx] != own) { edge = true; break; }
                    }
                mask[y * Size + x] = edge ? Border : own == 0 ? Background : Interior;
            }
    }

    private static void PaintBackground(Random random, double[] pixels)
    {
        const int grid = 4;
        var knots = new double[grid, grid];
        for (int i = 0; i < grid; i++)
            for (int j = 0; j < grid; j++)
                knots[i, j] = 0.15 + 0.7 * random.NextDouble();
        double amplitude = 0.05 + 0.07 * random.NextDouble();
        double period = 3 + 5 * random.NextDouble(), angle = Math.PI * random.NextDouble(), phase = 2 * Math.PI * random.NextDouble();
        double fx = Math.Cos(angle) * 2 * Math.PI / period, fy = Math.Sin(angle) * 2 * Math.PI / period;
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                double gy = y * (grid - 1.0) / (Size - 1), gx = x * (grid - 1.0) / (Size - 1);
                int y0 = Math.Min((int)gy, grid - 2), x0 = Math.Min((int)gx, grid - 2);
                double ty = gy - y0, tx = gx - x0;
                double smooth = (1 - ty) * ((1 - tx) * knots[y0, x0] + tx * knots[y0, x0 + 1])
                              + ty * ((1 - tx) * knots[y0 + 1, x0] + tx * knots[y0 + 1, x0 + 1]);
                pixels[y * Size + x] = smooth + amplitude * Math.Sin(fx * x + fy * y + phase);
            }
    }

    /// <summary>Fills <paramref name="inside"/> with a random circle, rotated rectangle or triangle (a pixel is inside
    /// when its centre is); shapes keep at least 30 pixels.</summary>
    private static void RandomShape(Random random, bool[] inside)
    {
        while (true)
        {
            Array.Clear(inside);
            double cx = 8 + 48 * random.NextDouble(), cy = 8 + 48 * random.NextDouble();
            switch (random.Next(3))
            {
                case 0:
                    double r = 5 + 10 * random.NextDouble();
                    Fill(inside, (x, y) => (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r);
                    break;
                case 1:
                    double hw = 4 + 10 * random.NextDouble(), hh = 4 + 10 * random.NextDouble(), a = Math.PI * random.NextDouble();
                    double c = Math.Cos(a), s = Math.Sin(a);
                    Fill(inside, (x, y) =>
                    {
                        double u = (x - cx) * c + (y - cy) * s, v = -(x - cx) * s + (y - cy) * c;
                        return Math.Abs(u) <= hw && Math.Abs(v) <= hh;
                    });
                    break;
                default:
                    var px = new double[3];
                    var py = new double[3];
                    for (int i = 0; i < 3; i++)
                    {
                        double angle = 2 * Math.PI * (i + 0.6 * random.NextDouble()) / 3, radius = 8 + 10 * random.NextDouble();
                        px[i] = cx + radius * Math.Cos(angle);
                        py[i] = cy + radius * Math.Sin(angle);
                    }
                    Fill(inside, (x, y) => InTriangle(x, y, px, py));
                    break;
            }
            if (inside.Count(b => b) >= 30) return;
        }
    }

    private static void Fill(bool[] inside, Func<double, double, bool> test)
    {
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
                inside[y * Size + x] = test(x + 0.5, y + 0.5);
    }

    private static bool InTriangle(double x, double y, double[] px, double[] py)
    {
        double d1 = Cross(x, y, px[0], py[0], px[1], py[1]);
        double d2 = Cross(x, y, px[1], py[1], px[2], py[2]);
        double d3 = Cross(x, y, px[2], py[2], px[0], py[0]);
        bool negative = d1 < 0 || d2 < 0 || d3 < 0, positive = d1 > 0 || d2 > 0 || d3 > 0;
        return !(negative && positive);
    }

    private static double Cross(double x, double y, double ax, double ay, double bx, double by) =>
        (x - bx) * (ay - by) - (ax - bx) * (y - by);

    /// <summary>A flat intensity at least <see cref="MinContrast"/> away from the mean background the shape covers and
    /// from every earlier shape it covers; the draw with the largest margin when none of 64 draws reaches it.</summary>
    private static double PickIntensity(Random random, double[] pixels, int[] labels, bool[] inside, List<double> intensities)
    {
        double backgroundSum = 0;
        int backgroundCount = 0;
        var covered = new HashSet<int>();
        for (int p = 0; p < inside.Length; p++)
        {
            if (!inside[p]) continue;
            if (labels[p] == 0) { backgroundSum += pixels[p]; backgroundCount++; }
            else covered.Add(labels[p]);
        }
        var references = covered.Select(k => intensities[k - 1]).ToList();
        if (backgroundCount > 0) references.Add(backgroundSum / backgroundCount);
        double best = 0.5, bestMargin = double.NegativeInfinity;
        for (int attempt = 0; attempt < 64; attempt++)
        {
            double value = 0.05 + 0.9 * random.NextDouble();
            double margin = references.Min(r => Math.Abs(value - r));
            if (margin >= MinContrast) return value;
            if (margin > bestMargin) (best, bestMargin) = (value, margin);
        }
        return best;
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
