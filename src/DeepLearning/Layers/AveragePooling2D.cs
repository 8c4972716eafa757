using DeepLearning.Devices;

namespace DeepLearning.Layers;

/// <summary>
/// 2-D average pooling (Keras's AveragePooling2D): y[i, j, c] = mean of x over the cells of window (i, j) inside the
/// input, so with Same padding the border windows divide by their number of real cells (TensorFlow's behaviour;
/// PyTorch's count_include_pad = False); sizes as <see cref="Pooling2D"/>. The gradient is spread evenly over those
/// cells. Source: keras.layers.AveragePooling2D.
/// </summary>
public sealed class AveragePooling2D : Pooling2D
{
    /// <summary>Creates the layer.</summary>
    /// <param name="poolSize">(PH, PW), or one int (default 2).</param>
    /// <param name="strides">(sh, sw); null (default) uses the pool size.</param>
    /// <param name="padding">Valid (default) or Same.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive pool size or stride.</exception>
    /// <exception cref="ArgumentException">Causal padding.</exception>
    public AveragePooling2D(Size2D? poolSize = null, Size2D? strides = null, Padding padding = Padding.Valid, string? name = null)
        : base(poolSize ?? 2, strides, padding, name) { }

    private protected override PoolKind Kind => PoolKind.Average;

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    /// <exception cref="InvalidDataException">A malformed entry.</exception>
    public static Layer FromConfig(LayerConfig config)
    {
        var (pool, strides, padding, name) = Read(config);
        return new AveragePooling2D(pool, strides, padding, name) { Trainable = config.GetBool("trainable", true) };
    }
}
