namespace DeepLearning.Layers;

/// <summary>
/// Additive zero-centred Gaussian noise, a regulariser and a form of data augmentation (Keras's GaussianNoise):
/// in training y = x + n with n ~ N(0, stddev²) drawn per element; identity in inference. Any input shape; no weights.
/// </summary>
/// <remarks>Keras limits stddev to [0, 1]; here any finite stddev ≥ 0 is accepted. Randomness as in
/// <see cref="Dropout"/> (own generator when seeded, else <see cref="Generator.Default"/>). Masks pass through.</remarks>
public sealed class GaussianNoise : NoiseLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="stddev">Standard deviation of the noise (finite, ≥ 0).</param>
    /// <param name="seed">Seed of the layer's own generator; null draws from <see cref="Generator.Default"/>.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">stddev negative or not finite.</exception>
    public GaussianNoise(double stddev, int? seed = null, string? name = null) : base(seed, name)
    {
        ArgumentChecks.NonNegative("GaussianNoise", nameof(stddev), stddev);
        StdDev = stddev;
    }

    /// <summary>Standard deviation of the noise.</summary>
    public double StdDev { get; }

    private protected override bool IsIdentity => StdDev == 0;

    private protected override Tensor ApplyNoise(Tensor input, Generator generator) =>
        input + Tensor.RandomNormal(input.Shape, 0, StdDev, input.DType, generator, input.Device);

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("stddev", StdDev).Set("seed", Seed);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c) =>
        new GaussianNoise(c.GetDouble("stddev"), LayerChecks.SeedFrom(c), c.GetString("name"))
        { Trainable = c.GetBool("trainable", true) };
}
