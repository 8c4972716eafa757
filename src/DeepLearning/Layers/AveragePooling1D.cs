using DeepLearning.Devices;

namespace DeepLearning.Layers;

/// <summary>
/// 1-D average pooling (Keras's AveragePooling1D) over (batch, steps, channels): the mean of each window's steps
/// inside the input (Same padding cells are not counted); sizes as <see cref="Pooling1D"/>.
/// Source: keras.layers.AveragePooling1D.
/// </summary>
public sealed class AveragePooling1D : Pooling1D
{
    /// <summary>Creates the layer.</summary>
    /// <param name="poolSize">P (default 2).</param>
    /// <param name="strides">s; null (default) uses P.</param>
    /// <param name="padding">Valid (default) or Same.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive pool size or stride.</exception>
    /// <exception cref="ArgumentException">Causal padding.</exception>
    public AveragePooling1D(int poolSize = 2, int? strides = null, Padding padding = Padding.Valid, string? name = null)
        : base(poolSize, strides, padding, name) { }

    private protected override PoolKind Kind => PoolKind.Average;

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    /// <exception cref="InvalidDataException">A malformed entry.</exception>
    public static Layer FromConfig(LayerConfig config)
    {
        var (pool, strides, padding, name) = Read(config);
        return new AveragePooling1D(pool, strides, padding, name) { Trainable = config.GetBool("trainable", true) };
    }
}
