namespace DeepLearning.Layers;

/// <summary>
/// Marks padded time steps (Keras's Masking): for an input (batch, time, …, features), step [b, t, …] is kept when
/// any feature differs from <see cref="MaskValue"/> and masked when all equal it. The output is the input with the
/// masked steps set to 0, y = x · any(x ≠ v, axis −1), and it carries the mask any(x ≠ v, axis −1) of shape
/// (batch, time, …) (float32 1/0) for the next layers (recurrent layers skip masked steps).
/// </summary>
/// <remarks>Keras 3, <c>keras/src/layers/core/masking.py</c>: <c>boolean_mask = any(not_equal(inputs, mask_value),
/// axis=-1, keepdims=True)</c>; <c>outputs = inputs * boolean_mask</c>.</remarks>
public sealed class Masking : Layer
{
    private Tensor? _lastMask;

    /// <summary>Creates the layer.</summary>
    /// <param name="maskValue">The padding value v (default 0).</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentException">maskValue is NaN (it would never compare equal).</exception>
    public Masking(double maskValue = 0, string? name = null) : base(name)
    {
        if (double.IsNaN(maskValue)) throw new ArgumentException("Masking: maskValue must not be NaN (NaN never equals itself).", nameof(maskValue));
        MaskValue = maskValue;
    }

    /// <summary>The padding value v.</summary>
    public double MaskValue { get; }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        if (inputShape.Rank < 1)
            throw new ArgumentException($"{Name}: Masking needs inputs of rank ≥ 2 (batch, …, features); got per-sample shape {inputShape}.");
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input is not floating.</exception>
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        if (!input.DType.IsFloating())
            throw new ArgumentException($"{Name}: Masking takes floating inputs; got {input.DType} of shape {input.Shape}.");
        Tensor keep;
        using (Tensor.NoGrad()) keep = input.Ne(MaskValue).Max(-1, keepDims: true);
        _lastMask = keep.Squeeze(-1).Cast(DeepLearning.DType.Float32);
        return input * keep;
    }

    /// <inheritdoc />
    protected override Tensor? ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        var mask = _lastMask;
        _lastMask = null;
        return mask;
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("mask_value", MaskValue);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c) =>
        new Masking(c.GetDouble("mask_value", 0), c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
}
