namespace DeepLearning.Layers;

/// <summary>
/// Repeats each feature vector n times (Keras's RepeatVector): (batch, F) → (batch, n, F), y[b, t, f] = x[b, f];
/// the gradient sums over the n copies. Used to feed an encoder's summary to every step of a decoder. No weights.
/// Source: keras.layers.RepeatVector.
/// </summary>
public sealed class RepeatVector : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="n">Repetitions (&gt; 0).</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">n ≤ 0.</exception>
    public RepeatVector(int n, string? name = null) : base(name)
    {
        LayerArgs.Positive("RepeatVector", nameof(n), n);
        N = n;
    }

    /// <summary>Repetitions.</summary>
    public int N { get; }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        if (inputShape.Rank != 1)
            throw new ArgumentException($"{LayerArgs.Describe(this)}: expects inputs of shape (batch, features); got {LayerArgs.Batched(inputShape)}.");
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context) =>
        input.Unsqueeze(1).Expand([input.Shape[0], N, input.Shape[1]]).Contiguous();

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("n", N);

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig config) =>
        new RepeatVector(config.GetInt("n"), config.GetString("name")) { Trainable = config.GetBool("trainable", true) };
}
