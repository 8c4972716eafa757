namespace DeepLearning.Layers;

/// <summary>
/// Additive zero-centred Gaussian noise, a regulariser and a form of data augmentation (Keras's GaussianNoise):
/// in training y = x + n with n ~ N(0, stddev²) drawn per element; identity in inference. Any input shape; no weights.
/// </summary>
/// <remarks>Keras limits stddev to [0, 1]; here any finite stddev ≥ 0 is accepted. Randomness as in
/// <see cref="Dropout"/> (own generator when seeded, else <see cref="Generator.Default"/>). Masks pass through.</remarks>
public sealed class GaussianNoise : Layer
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer.</summary>
    /// <param name="stddev">Standard deviation of the noise (finite, ≥ 0).</param>
    /// <param name="seed">Seed of the layer's own generator; null draws from <see cref="Generator.Default"/>.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">stddev negative or not finite.</exception>
    public GaussianNoise(double stddev, int? seed = null, string? name = null) : base(name)
    {
        if (!(stddev >= 0) || !double.IsFinite(stddev))
            throw new ArgumentOutOfRangeException(nameof(stddev), stddev, $"GaussianNoise: stddev must be finite and ≥ 0; got {stddev}.");
        StdDev = stddev;
        Seed = seed;
        _generator = LayerChecks.SeededGenerator(seed);
    }

    /// <summary>Standard deviation of the noise.</summary>
    public double StdDev { get; }

    /// <summary>The seed of the layer's own generator, or null.</summary>
    public int? Seed { get; }

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        if (!context.Training || StdDev == 0) return input;
        LayerChecks.RequireFloating(Name, input);
        return input + Tensor.RandomNormal(input.Shape, 0, StdDev, input.DType, _generator ?? Generator.Default, input.Device);
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("stddev", StdDev).Set("seed", Seed);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c) =>
        new GaussianNoise(c.GetDouble("stddev"), c.Contains("seed") && c["seed"] is not null ? c.GetInt("seed") : null, c.GetString("name"))
        { Trainable = c.GetBool("trainable", true) };
}
