namespace DeepLearning.Layers;

/// <summary>
/// Dropout of whole 1-D feature maps (Tompson et al. 2014; Keras's SpatialDropout1D): on inputs
/// (batch, steps, channels) the mask has shape (batch, 1, channels), so a channel is dropped at every step at once;
/// kept channels are scaled by 1/(1 − rate). Identity in inference. Use it where neighbouring steps are correlated
/// (early Conv1D layers), where element-wise dropout hardly regularises.
/// </summary>
public sealed class SpatialDropout1D : SpatialDropout
{
    /// <summary>Creates the layer.</summary>
    /// <param name="rate">Drop probability in [0, 1).</param>
    /// <param name="seed">Seed of the layer's own generator; null draws from <see cref="Generator.Default"/>.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">rate outside [0, 1).</exception>
    public SpatialDropout1D(double rate, int? seed = null, string? name = null)
        : base(rate, seed, name, 3, "inputs of rank 3 (batch, steps, channels)") { }

    /// <summary>Rebuilds the layer from <see cref="SpatialDropout.GetConfig"/>.</summary>
    public static new Layer FromConfig(LayerConfig c) =>
        new SpatialDropout1D(c.GetDouble("rate"), LayerChecks.SeedFrom(c), c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
}
