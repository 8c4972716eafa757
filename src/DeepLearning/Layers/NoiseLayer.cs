namespace DeepLearning.Layers;

/// <summary>
/// The base of <see cref="GaussianNoise"/> and <see cref="GaussianDropout"/>: element-wise Gaussian noise applied in
/// training only (identity in inference, and when the noise is switched off by a zero rate or deviation), drawn from
/// the layer's own generator when seeded, else from <see cref="Generator.Default"/>, as <see cref="Dropout"/> does.
/// Any floating input; no weights; masks pass through. Its constructor is not accessible outside the library.
/// </summary>
public abstract class NoiseLayer : Layer
{
    private readonly Generator? _generator;

    /// <summary>Stores the seed and creates the layer's own generator when one is given.</summary>
    private protected NoiseLayer(int? seed, string? name) : base(name)
    {
        Seed = seed;
        _generator = LayerChecks.SeededGenerator(seed);
    }

    /// <summary>The seed of the layer's own generator, or null.</summary>
    public int? Seed { get; }

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <summary>True when the noise is switched off (a zero rate or standard deviation).</summary>
    private protected abstract bool IsIdentity { get; }

    /// <summary>The input with its noise (added or multiplied), drawn from <paramref name="generator"/>.</summary>
    private protected abstract Tensor ApplyNoise(Tensor input, Generator generator);

    /// <inheritdoc />
    protected sealed override Tensor Forward(Tensor input, CallContext context)
    {
        if (!context.Training || IsIdentity) return input;
        LayerChecks.RequireFloating(Name, input);
        return ApplyNoise(input, _generator ?? Generator.Default);
    }
}
