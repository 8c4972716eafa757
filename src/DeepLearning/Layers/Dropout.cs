namespace DeepLearning.Layers;

/// <summary>
/// Inverted dropout (Srivastava et al. 2014; Keras's Dropout): in training each unit is dropped with probability
/// <see cref="Rate"/> and the kept ones are scaled so the expectation is unchanged,
/// y = x·m/(1 − rate) with m ~ Bernoulli(1 − rate); in inference y = x (the same tensor). Any input shape; no weights.
/// </summary>
/// <remarks>
/// <para>The mask has the shape of the input, or <see cref="NoiseShape"/> broadcast over it (e.g. (batch, 1, features)
/// shares the mask across time steps). Kept units are multiplied by the scalar 1/(1 − rate), as PyTorch does;
/// Keras divides by 1 − rate, which differs only in the last bit for rates whose 1/(1 − rate) is not exact.</para>
/// <para>Randomness comes from the layer's own <see cref="Generator"/> when <see cref="Seed"/> is given (the same seed
/// gives the same sequence of masks), else from <see cref="Generator.Default"/>, so <c>Generator.Seed(n)</c> makes
/// training reproducible. Unlike Keras, rate = 1 is rejected (it would divide by zero).</para>
/// <para>Masks pass through. Monte-Carlo dropout: call with <c>training: true</c> at prediction time.</para>
/// </remarks>
public class Dropout : Layer
{
    private readonly Generator? _generator;
    private readonly int[]? _noiseShape;

    /// <summary>Creates the layer.</summary>
    /// <param name="rate">Drop probability in [0, 1).</param>
    /// <param name="noiseShape">Shape of the mask, batch axis included, broadcast over the input; −1 (Keras's None)
    /// takes the input's size on that axis. Null: the input's shape.</param>
    /// <param name="seed">Seed of the layer's own generator; null draws from <see cref="Generator.Default"/>.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">rate outside [0, 1), or a noise-shape entry that is neither
    /// positive nor −1.</exception>
    public Dropout(double rate, int[]? noiseShape = null, int? seed = null, string? name = null) : base(name)
    {
        string cls = GetType().Name;
        if (!(rate >= 0 && rate < 1))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"{cls}: rate must be in [0, 1); got {rate}.");
        if (noiseShape is not null)
            foreach (int d in noiseShape)
                if (d <= 0 && d != -1)
                    throw new ArgumentOutOfRangeException(nameof(noiseShape), $"{cls}: noise shape entries must be positive or −1 (the input's size); got [{string.Join(", ", noiseShape)}].");
        Rate = rate;
        _noiseShape = noiseShape?.ToArray();
        Seed = seed;
        _generator = LayerChecks.SeededGenerator(seed);
    }

    /// <summary>The drop probability.</summary>
    public double Rate { get; }

    /// <summary>The mask shape (batch axis included, −1 = the input's size), or null for the input's shape.</summary>
    public IReadOnlyList<int>? NoiseShape => _noiseShape;

    /// <summary>The seed of the layer's own generator, or null.</summary>
    public int? Seed { get; }

    /// <summary>The generator masks are drawn from: the layer's own when seeded, else the global default.</summary>
    protected Generator Generator => _generator ?? Generator.Default;

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <summary>The shape of the mask for an input of <paramref name="inputShape"/> (batch axis included).</summary>
    /// <exception cref="ArgumentException">The noise shape does not broadcast to the input shape.</exception>
    protected virtual Shape MaskShape(Shape inputShape)
    {
        if (_noiseShape is null) return inputShape;
        if (_noiseShape.Length != inputShape.Rank)
            throw new ArgumentException($"{Name}: noise shape [{string.Join(", ", _noiseShape)}] has rank {_noiseShape.Length}; the input {inputShape} has rank {inputShape.Rank}.");
        var dims = new int[inputShape.Rank];
        for (int i = 0; i < dims.Length; i++)
        {
            int d = _noiseShape[i];
            dims[i] = d == -1 ? inputShape[i] : d;
            if (dims[i] != 1 && dims[i] != inputShape[i])
                throw new ArgumentException($"{Name}: noise shape [{string.Join(", ", _noiseShape)}] does not broadcast to the input shape {inputShape} (axis {i}).");
        }
        return new Shape(dims);
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        if (!context.Training || Rate == 0) return input;
        LayerChecks.RequireFloating(Name, input);
        double keep = 1 - Rate;
        var mask = Tensor.Bernoulli(MaskShape(input.Shape), keep, input.DType, Generator, input.Device);
        mask.MulInPlace(1 / keep);
        return input * mask;
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("rate", Rate).Set("seed", Seed).Set("noise_shape", _noiseShape);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c) =>
        new Dropout(c.GetDouble("rate"), c.Contains("noise_shape") && c["noise_shape"] is not null ? c.GetInts("noise_shape") : null,
            LayerChecks.SeedFrom(c), c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
}
