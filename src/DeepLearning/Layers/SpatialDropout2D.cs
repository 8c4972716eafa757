namespace DeepLearning.Layers;

/// <summary>
/// Dropout of whole 2-D feature maps (Tompson et al. 2014; Keras's SpatialDropout2D): on NHWC inputs
/// (batch, height, width, channels) the mask has shape (batch, 1, 1, channels), so a channel is dropped at every
/// pixel at once; kept channels are scaled by 1/(1 − rate). Identity in inference. Channels-last only, the
/// library's image layout.
/// </summary>
public sealed class SpatialDropout2D : SpatialDropout
{
    /// <summary>Creates the layer.</summary>
    /// <param name="rate">Drop probability in [0, 1).</param>
    /// <param name="seed">Seed of the layer's own generator; null draws from <see cref="Generator.Default"/>.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">rate outside [0, 1).</exception>
    public SpatialDropout2D(double rate, int? seed = null, string? name = null)
        : base(rate, seed, name, 4, "NHWC inputs of rank 4 (batch, height, width, channels)") { }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("data_format", "channels_last");

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>.</summary>
    /// <exception cref="InvalidDataException">The config asks for channels-first data.</exception>
    public static new Layer FromConfig(LayerConfig c)
    {
        if (c.GetOptionalString("data_format") is string f && f != "channels_last")
            throw new InvalidDataException($"SpatialDropout2D: only channels_last data is supported; the config asks for {f}.");
        return new SpatialDropout2D(c.GetDouble("rate"), LayerChecks.SeedFrom(c), c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
    }
}
