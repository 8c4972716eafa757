namespace DeepLearning.Samples.Localization;

/// <summary>
/// Generated localisation data: 32×32 grey images of one filled rectangle or ellipse (brightness 0.55–1.0, each
/// pixel jittered) on a noisy background (0–0.45), with the object's box as (cx, cy, w, h) fractions of the image,
/// the centre format of <see cref="DeepLearning.Detection.BoxFormat.Center"/>. Widths and heights are 5–22 pixels.
/// </summary>
public static class OneObjectImages
{
    /// <summary>The side of the square images.</summary>
    public const int Size = 32;

    /// <summary>Images (n, 32, 32, 1) and boxes (n, 4), reproducible from <paramref name="seed"/>.</summary>
    public static (Tensor Images, Tensor Boxes) Generate(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[count * Size * Size];
        var boxes = new float[count * 4];
        for (int n = 0; n < count; n++)
        {
            int w = random.Next(5, 23), h = random.Next(5, 23);
            int x0 = random.Next(0, Size - w + 1), y0 = random.Next(0, Size - h + 1);
            bool ellipse = random.Next(2) == 0;
            float brightness = 0.55f + 0.45f * (float)random.NextDouble();
            var image = pixels.AsSpan(n * Size * Size, Size * Size);
            for (int y = 0; y < Size; y++)
                for (int x = 0; x < Size; x++)
                {
                    bool inside = x >= x0 && x < x0 + w && y >= y0 && y < y0 + h;
                    if (inside && ellipse)
                    {
                        double dx = (x + 0.5 - x0 - w / 2.0) / (w / 2.0), dy = (y + 0.5 - y0 - h / 2.0) / (h / 2.0);
                        inside = dx * dx + dy * dy <= 1;
                    }
                    image[y * Size + x] = inside ? brightness - 0.15f * (float)random.NextDouble() : 0.45f * (float)random.NextDouble();
                }
            boxes[n * 4] = (x0 + w / 2f) / Size;
            boxes[n * 4 + 1] = (y0 + h / 2f) / Size;
            boxes[n * 4 + 2] = (float)w / Size;
            boxes[n * 4 + 3] = (float)h / Size;
        }
        return (Tensor.FromArray(pixels, new Shape(count, Size, Size, 1)), Tensor.FromArray(boxes, new Shape(count, 4)));
    }
}
