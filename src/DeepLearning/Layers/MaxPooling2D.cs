using DeepLearning.Devices;

namespace DeepLearning.Layers;

/// <summary>
/// 2-D max pooling (Keras's MaxPooling2D): y[i, j, c] = max of x over window (i, j), NaN propagating; sizes as
/// <see cref="Pooling2D"/>. The gradient goes to the first maximal cell of each window (row-major). SEEDS: a 4×4
/// input with F = 2, S = 2 gives 2×2. Source: keras.layers.MaxPooling2D.
/// </summary>
public sealed class MaxPooling2D : Pooling2D
{
    /// <summary>Creates the layer.</summary>
    /// <param name="poolSize">(PH, PW), or one int (default 2).</param>
    /// <param name="strides">(sh, sw); null (default) uses the pool size.</param>
    /// <param name="padding">Valid (default) or Same.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive pool size or stride.</exception>
    /// <exception cref="ArgumentException">Causal padding.</exception>
    public MaxPooling2D(Size2D? poolSize = null, Size2D? strides = null, Padding padding = Padding.Valid, string? name = null)
        : base(poolSize ?? 2, strides, padding, name) { }

    private protected override PoolKind Kind => PoolKind.Max;

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    /// <exception cref="InvalidDataException">A malformed entry.</exception>
    public static Layer FromConfig(LayerConfig config)
    {
        var (pool, strides, padding, name) = Read(config);
        return new MaxPooling2D(pool, strides, padding, name) { Trainable = config.GetBool("trainable", true) };
    }
}
