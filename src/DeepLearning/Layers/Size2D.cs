namespace DeepLearning.Layers;

/// <summary>
/// A (height, width) pair for 2-D layer arguments (kernel size, strides, dilation rate, pool size, up-sampling
/// factor), written as Keras writes them: an <see cref="int"/> for a square value (<c>kernelSize: 3</c>) or a tuple
/// (<c>strides: (2, 1)</c>).
/// </summary>
/// <param name="Height">The value along the rows.</param>
/// <param name="Width">The value along the columns.</param>
public readonly record struct Size2D(int Height, int Width)
{
    /// <summary>(n, n).</summary>
    public static implicit operator Size2D(int n) => new(n, n);

    /// <summary>(height, width).</summary>
    public static implicit operator Size2D((int Height, int Width) size) => new(size.Height, size.Width);

    /// <summary>The pair as a tuple.</summary>
    public (int Height, int Width) ToTuple() => (Height, Width);

    /// <summary>Keras's tuple notation, e.g. "(3, 3)".</summary>
    public override string ToString() => $"({Height}, {Width})";
}
