namespace DeepLearning.Samples.StyleTransfer;

/// <summary>The two generated RGB images (values in [0, 1], NHWC with a batch of one): a content scene (sky gradient,
/// sun, a house with a red roof, green ground) and a style texture (diagonal orange and blue waves with dark dots).</summary>
public static class SceneImages
{
    /// <summary>The content scene, (1, size, size, 3).</summary>
    public static Tensor Content(int size) => Render(size, (x, y) =>
    {
        if ((x - 0.78) * (x - 0.78) + (y - 0.2) * (y - 0.2) < 0.01) return (1.0, 0.85, 0.2);        // sun
        if (y > 0.75) return (0.2, 0.6 - 0.2 * (y - 0.75), 0.15);                                      // ground
        if (x > 0.2 && x < 0.6 && y > 0.45 && y <= 0.75) return x > 0.35 && x < 0.45 && y > 0.6 ? (0.35, 0.2, 0.1) : (0.9, 0.9, 0.8); // wall, door
        if (y > 0.25 && y <= 0.45 && Math.Abs(x - 0.4) < (y - 0.25) * 1.2) return (0.75, 0.15, 0.1);  // roof
        return (0.45 + 0.4 * y, 0.65 + 0.3 * y, 1.0);                                                  // sky
    });

    /// <summary>The style texture, (1, size, size, 3).</summary>
    public static Tensor Style(int size) => Render(size, (x, y) =>
    {
        double wave = Math.Sin(14 * (x + y) + 3 * Math.Sin(9 * x));
        double dx = x * 8 % 1 - 0.5, dy = y * 8 % 1 - 0.5;
        if (dx * dx + dy * dy < 0.04) return (0.1, 0.05, 0.2);
        return wave > 0 ? (0.95, 0.55 + 0.3 * wave, 0.1) : (0.1, 0.3 - 0.2 * wave, 0.8);
    });

    private static Tensor Render(int size, Func<double, double, (double R, double G, double B)> colour)
    {
        var pixels = new float[size * size * 3];
        for (int row = 0; row < size; row++)
            for (int col = 0; col < size; col++)
            {
                var (r, g, b) = colour((col + 0.5) / size, (row + 0.5) / size);
                int at = (row * size + col) * 3;
                (pixels[at], pixels[at + 1], pixels[at + 2]) = ((float)r, (float)g, (float)b);
            }
        return Tensor.FromArray(pixels, new Shape(1, size, size, 3));
    }
}
