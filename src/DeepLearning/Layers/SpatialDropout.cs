namespace DeepLearning.Layers;

/// <summary>
/// The base of <see cref="SpatialDropout1D"/> and <see cref="SpatialDropout2D"/> (Keras's BaseSpatialDropout): dropout
/// of whole channels of a channels-last input, with one mask value per (sample, channel), i.e. a mask of shape
/// (batch, 1, …, 1, channels) broadcast over the steps or pixels. Its constructor is not accessible outside the
/// library.
/// </summary>
public abstract class SpatialDropout : Dropout
{
    private readonly int _rank;
    private readonly string _inputs;

    /// <summary>Stores the options and the input rank the layer accepts.</summary>
    /// <param name="rate">Drop probability in [0, 1).</param>
    /// <param name="seed">Seed of the layer's own generator, or null.</param>
    /// <param name="name">Layer name.</param>
    /// <param name="rank">The input rank, batch axis included.</param>
    /// <param name="inputs">The inputs as error messages describe them, e.g. "inputs of rank 3 (batch, steps, channels)".</param>
    /// <exception cref="ArgumentOutOfRangeException">rate outside [0, 1).</exception>
    private protected SpatialDropout(double rate, int? seed, string? name, int rank, string inputs) : base(rate, null, seed, name)
    {
        _rank = rank;
        _inputs = inputs;
    }

    /// <inheritdoc />
    protected sealed override void Build(Shape inputShape)
    {
        if (inputShape.Rank != _rank - 1)
            throw new ArgumentException($"{Name}: {GetType().Name} needs {_inputs}; got {LayerChecks.NoneShape(inputShape)}.");
    }

    /// <inheritdoc />
    protected sealed override Tensor Forward(Tensor input, CallContext context)
    {
        if (input.Rank != _rank)
            throw new ArgumentException($"{Name}: {GetType().Name} needs {_inputs}; got {input.Shape}.");
        return base.Forward(input, context);
    }

    /// <inheritdoc />
    protected sealed override Shape MaskShape(Shape inputShape)
    {
        var dims = new int[inputShape.Rank];
        Array.Fill(dims, 1);
        dims[0] = inputShape[0];
        dims[^1] = inputShape[-1];
        return new Shape(dims);
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => new LayerConfig().Set("name", Name).Set("trainable", Trainable).Set("rate", Rate).Set("seed", Seed);
}
