namespace DeepLearning.Data;

/// <summary>
/// Crops a random height × width window from each image after padding it by <see cref="Padding"/> pixels on every
/// side (torchvision's <c>RandomCrop(size, padding)</c>; with padding 0 and a smaller size, Keras's <c>RandomCrop</c>
/// in training mode). The offsets oy ∈ [0, H + 2p − height] and ox ∈ [0, W + 2p − width] are uniform integers and
/// output(y, x) = input(oy + y − p, ox + x − p), pixels from outside filled by <see cref="FillMode"/>.
/// Pad 4 and crop back to the input size for the classic CIFAR augmentation.
/// </summary>
public sealed class RandomCrop : ImageAugmentation
{
    private readonly Generator _generator;

    /// <summary>Creates the crop.</summary>
    /// <param name="height">Output height.</param>
    /// <param name="width">Output width.</param>
    /// <param name="padding">Pixels added on every side before cropping.</param>
    /// <param name="fillMode">How padding pixels are filled (default: the constant <paramref name="fillValue"/>, as torchvision).</param>
    /// <param name="fillValue">The value of <see cref="FillMode.Constant"/>.</param>
    /// <param name="generator">The random source; null seeds one from <see cref="Generator.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1 or the padding is negative.</exception>
    public RandomCrop(int height, int width, int padding = 0, FillMode fillMode = FillMode.Constant, float fillValue = 0, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        Height = height;
        Width = width;
        Padding = padding;
        FillMode = fillMode;
        FillValue = fillValue;
        _generator = generator ?? new Generator(Generator.Default.NextSeed());
    }

    /// <summary>Output height.</summary>
    public int Height { get; }

    /// <summary>Output width.</summary>
    public int Width { get; }

    /// <summary>Pixels of padding on every side.</summary>
    public int Padding { get; }

    /// <summary>How padding pixels are filled.</summary>
    public FillMode FillMode { get; }

    /// <summary>The constant fill value.</summary>
    public float FillValue { get; }

    internal override float[] Run(float[] src, ref ImageGeometry g)
    {
        int rangeY = g.H + 2 * Padding - Height, rangeX = g.W + 2 * Padding - Width;
        if (rangeY < 0 || rangeX < 0)
            throw new ArgumentException($"RandomCrop: a {Height} × {Width} crop does not fit images of {g.H} × {g.W} padded by {Padding}.");
        var u = Draw(_generator, g.N, 2);
        var output = g with { H = Height, W = Width };
        var dst = new float[g.N * output.ImageSize];
        for (int i = 0; i < g.N; i++)
        {
            int oy = Math.Min((int)(u[i, 0] * (rangeY + 1)), rangeY);
            int ox = Math.Min((int)(u[i, 1] * (rangeX + 1)), rangeX);
            int image = i * g.ImageSize, outImage = i * output.ImageSize;
            for (int y = 0; y < Height; y++)
                for (int x = 0; x < Width; x++)
                    for (int k = 0; k < g.C; k++)
                        dst[outImage + (y * Width + x) * g.C + k] = g.Fetch(src, image, oy + y - Padding, ox + x - Padding, k, FillMode, FillValue);
        }
        g = output;
        return dst;
    }
}
