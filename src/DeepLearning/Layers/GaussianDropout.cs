namespace DeepLearning.Layers;

/// <summary>
/// Multiplicative Gaussian noise with the variance of dropout (Srivastava et al. 2014 §10; Keras's
/// GaussianDropout): in training y = x·n with n ~ N(1, rate/(1 − rate)) per element; identity in inference.
/// </summary>
/// <remarks>rate is the drop probability of the equivalent dropout, in [0, 1) (Keras also admits 1, an infinite
/// variance). Randomness as in <see cref="Dropout"/>. Masks pass through.</remarks>
public sealed class GaussianDropout : NoiseLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="rate">Drop probability of the equivalent dropout, in [0, 1).</param>
    /// <param name="seed">Seed of the layer's own generator; null draws from <see cref="Generator.Default"/>.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">rate outside [0, 1).</exception>
    public GaussianDropout(double rate, int? seed = null, string? name = null) : base(seed, name)
    {
        if (!(rate >= 0 && rate < 1))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"GaussianDropout: rate must be in [0, 1); got {rate}.");
        Rate = rate;
    }

    /// <summary>The drop probability of the equivalent dropout.</summary>
    public double Rate { get; }

    private protected override bool IsIdentity => Rate == 0;

    private protected override Tensor ApplyNoise(Tensor input, Generator generator)
    {
        double std = Math.Sqrt(Rate / (1 - Rate));
        return input * Tensor.RandomNormal(input.Shape, 1, std, input.DType, generator, input.Device);
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("rate", Rate).Set("seed", Seed);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c) =>
        new GaussianDropout(c.GetDouble("rate"), LayerChecks.SeedFrom(c), c.GetString("name"))
        { Trainable = c.GetBool("trainable", true) };
}
