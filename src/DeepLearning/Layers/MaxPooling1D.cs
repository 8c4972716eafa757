using DeepLearning.Devices;

namespace DeepLearning.Layers;

/// <summary>
/// 1-D max pooling (Keras's MaxPooling1D) over (batch, steps, channels): the maximum of each window of steps, NaN
/// propagating; sizes as <see cref="Pooling1D"/>. The gradient goes to the first maximal step of each window.
/// Source: keras.layers.MaxPooling1D.
/// </summary>
public sealed class MaxPooling1D : Pooling1D
{
    /// <summary>Creates the layer.</summary>
    /// <param name="poolSize">P (default 2).</param>
    /// <param name="strides">s; null (default) uses P.</param>
    /// <param name="padding">Valid (default) or Same.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive pool size or stride.</exception>
    /// <exception cref="ArgumentException">Causal padding.</exception>
    public MaxPooling1D(int poolSize = 2, int? strides = null, Padding padding = Padding.Valid, string? name = null)
        : base(poolSize, strides, padding, name) { }

    private protected override PoolKind Kind => PoolKind.Max;

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    /// <exception cref="InvalidDataException">A malformed entry.</exception>
    public static Layer FromConfig(LayerConfig config)
    {
        var (pool, strides, padding, name) = Read(config);
        return new MaxPooling1D(pool, strides, padding, name) { Trainable = config.GetBool("trainable", true) };
    }
}
