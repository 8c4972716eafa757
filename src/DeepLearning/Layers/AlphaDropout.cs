namespace DeepLearning.Layers;

/// <summary>
/// Alpha dropout for self-normalising (SELU) networks (Klambauer et al. 2017; Keras's AlphaDropout): dropped units
/// are set to SELU's negative saturation α' = −λα instead of 0, then an affine map restores the mean and variance of
/// standardised inputs. In training, with keep mask m ~ Bernoulli(1 − rate):
/// y = a·(x·m + α'·(1 − m)) + b, a = ((1 − rate)·(1 + rate·α'²))^(−½), b = −a·α'·rate,
/// λ = 1.0507009873554805, α = 1.6732632423543772 (Keras's alpha_dropout.py). Identity in inference.
/// </summary>
/// <remarks>Masks pass through; <see cref="Dropout.NoiseShape"/> broadcasts the keep mask as in <see cref="Dropout"/>.
/// Monte-Carlo alpha dropout: call with <c>training: true</c> at prediction time.</remarks>
public sealed class AlphaDropout : Dropout
{
    /// <summary>SELU's α.</summary>
    public const double SeluAlpha = 1.6732632423543772848170429916717;

    /// <summary>SELU's scale λ.</summary>
    public const double SeluScale = 1.0507009873554804934193349852946;

    /// <summary>Creates the layer.</summary>
    /// <param name="rate">Drop probability in [0, 1).</param>
    /// <param name="noiseShape">Shape of the keep mask, batch axis included (−1 = the input's size); null: the input's shape.</param>
    /// <param name="seed">Seed of the layer's own generator; null draws from <see cref="Generator.Default"/>.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">rate outside [0, 1) or a bad noise-shape entry.</exception>
    public AlphaDropout(double rate, int[]? noiseShape = null, int? seed = null, string? name = null) : base(rate, noiseShape, seed, name) { }

    /// <summary>The affine coefficients (a, b) and the drop value α' = −λα for a rate.</summary>
    public static (double A, double B, double AlphaPrime) Coefficients(double rate)
    {
        double alphaP = -SeluAlpha * SeluScale;
        double a = Math.Pow((1 - rate) * (1 + rate * alphaP * alphaP), -0.5);
        return (a, -a * alphaP * rate, alphaP);
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        if (!context.Training || Rate == 0) return input;
        LayerChecks.RequireFloating(Name, input);
        var (a, b, alphaP) = Coefficients(Rate);
        var kept = Tensor.Bernoulli(MaskShape(input.Shape), 1 - Rate, input.DType, Generator, input.Device);
        // y = x·(a·m) + (a·α'·(1 − m) + b): the mask-sized factors first, then two passes over x.
        var scale = kept * a;
        var shift = kept * (-a * alphaP) + (a * alphaP + b);
        return input * scale + shift;
    }

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    public static new Layer FromConfig(LayerConfig c) =>
        new AlphaDropout(c.GetDouble("rate"), c.Contains("noise_shape") && c["noise_shape"] is not null ? c.GetInts("noise_shape") : null,
            LayerChecks.SeedFrom(c), c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
}
