namespace DeepLearning.Data;

/// <summary>Mirrors each image left–right and/or top–bottom, each with a probability (Keras's <c>RandomFlip</c>,
/// whose default mode flips both ways with probability ½ each). The result is an exact mirror: no interpolation.</summary>
public sealed class RandomFlip : ImageAugmentation
{
    private readonly Generator _generator;

    /// <summary>Creates the flip.</summary>
    /// <param name="horizontal">Flip left–right (the width axis).</param>
    /// <param name="vertical">Flip top–bottom (the height axis).</param>
    /// <param name="probability">Chance of each enabled flip, independently per image.</param>
    /// <param name="generator">The random source; null seeds one from <see cref="Generator.Default"/>.</param>
    /// <exception cref="ArgumentException">Neither direction is enabled.</exception>
    /// <exception cref="ArgumentOutOfRangeException">probability is outside [0, 1].</exception>
    public RandomFlip(bool horizontal = true, bool vertical = false, double probability = 0.5, Generator? generator = null)
    {
        if (!horizontal && !vertical) throw new ArgumentException("RandomFlip: enable horizontal or vertical flipping (or both).");
        CheckFinite(probability, nameof(probability), "RandomFlip", 0, 1);
        Horizontal = horizontal;
        Vertical = vertical;
        Probability = probability;
        _generator = generator ?? new Generator(Generator.Default.NextSeed());
    }

    /// <summary>Whether images may be flipped left–right.</summary>
    public bool Horizontal { get; }

    /// <summary>Whether images may be flipped top–bottom.</summary>
    public bool Vertical { get; }

    /// <summary>The chance of each enabled flip.</summary>
    public double Probability { get; }

    internal override float[] Run(float[] src, ref ImageGeometry g)
    {
        var u = Draw(_generator, g.N, 2);
        var dst = new float[src.Length];
        for (int i = 0; i < g.N; i++)
        {
            bool fx = Horizontal && u[i, 0] < Probability, fy = Vertical && u[i, 1] < Probability;
            Flip(src, dst, g, i, fx, fy);
        }
        return dst;
    }

    /// <summary>Copies image i, mirrored as asked.</summary>
    internal static void Flip(float[] src, float[] dst, in ImageGeometry g, int i, bool horizontal, bool vertical)
    {
        int image = i * g.ImageSize;
        for (int y = 0; y < g.H; y++)
        {
            int sy = vertical ? g.H - 1 - y : y;
            for (int x = 0; x < g.W; x++)
            {
                int sx = horizontal ? g.W - 1 - x : x;
                Array.Copy(src, image + (sy * g.W + sx) * g.C, dst, image + (y * g.W + x) * g.C, g.C);
            }
        }
    }
}
