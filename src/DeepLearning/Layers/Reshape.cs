namespace DeepLearning.Layers;

/// <summary>
/// Reshapes each sample (Keras's Reshape): (batch, …) → (batch, target…) in row-major order, the batch axis
/// untouched; one target dimension may be −1 and is inferred from the element count. A view when the input is
/// contiguous. No weights. Source: keras.layers.Reshape.
/// </summary>
public sealed class Reshape : Layer
{
    private readonly int[] _target;

    /// <summary>Creates the layer.</summary>
    /// <param name="targetShape">The per-sample shape (without the batch axis); positive sizes and at most one −1.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentException">A size that is 0 or below −1, or more than one −1.</exception>
    public Reshape(int[] targetShape, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(targetShape);
        if (targetShape.Length + 1 > Shape.MaxRank)
            throw new ArgumentException($"Reshape: the target shape ({string.Join(", ", targetShape)}) has more than {Shape.MaxRank - 1} axes.");
        if (targetShape.Any(d => d == 0 || d < -1) || targetShape.Count(d => d == -1) > 1)
            throw new ArgumentException($"Reshape: the target shape ({string.Join(", ", targetShape)}) must hold positive sizes and at most one −1.");
        _target = [.. targetShape];
    }

    /// <summary>The per-sample target shape as given (−1 for the inferred axis).</summary>
    public IReadOnlyList<int> TargetShape => _target;

    /// <summary>The per-sample output shape for a per-sample input shape (the −1 resolved).</summary>
    /// <exception cref="ArgumentException">The element counts do not fit.</exception>
    private int[] Resolve(Shape sample)
    {
        long count = sample.ElementCount, known = 1;
        foreach (int d in _target)
            if (d != -1) known *= d;
        var dims = (int[])_target.Clone();
        int infer = Array.IndexOf(dims, -1);
        bool fits = infer < 0 ? known == count : count % known == 0;
        if (!fits)
            throw new ArgumentException($"{LayerArgs.Describe(this)}: cannot reshape an input of shape {LayerArgs.Batched(sample)} ({count} elements per sample) to (None, {string.Join(", ", _target)}).");
        if (infer >= 0) dims[infer] = (int)(count / known);
        return dims;
    }

    /// <inheritdoc />
    protected override void Build(Shape inputShape) => Resolve(inputShape);

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        var sample = new Shape(input.Shape.ToArray().AsSpan(1));
        return input.Reshape([input.Shape[0], .. Resolve(sample)]);
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("target_shape", (int[])_target.Clone());

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    /// <exception cref="InvalidDataException">A missing or malformed target_shape.</exception>
    public static Layer FromConfig(LayerConfig config) =>
        new Reshape(config.GetInts("target_shape"), config.GetString("name")) { Trainable = config.GetBool("trainable", true) };
}
