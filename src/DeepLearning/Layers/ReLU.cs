namespace DeepLearning.Layers;

/// <summary>
/// Rectified linear unit with Keras's options (Keras's ReLU layer, <c>keras.activations.relu</c>):
/// f(x) = min(x, max_value) for x ≥ threshold (x &gt; threshold when threshold ≠ 0), and
/// negative_slope·(x − threshold) below. Defaults give max(x, 0); max_value 6 gives ReLU6; a slope gives leaky ReLU.
/// Element-wise; no weights; masks pass through. Gradient 0 at the kink x = threshold (from the left, as Keras).
/// </summary>
public sealed class ReLU : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="maxValue">Saturation value ≥ 0 (null: none).</param>
    /// <param name="negativeSlope">Slope ≥ 0 below the threshold.</param>
    /// <param name="threshold">Threshold ≥ 0 below which the unit is damped.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative or non-finite argument.</exception>
    public ReLU(double? maxValue = null, double negativeSlope = 0, double threshold = 0, string? name = null) : base(name)
    {
        if (maxValue is double m && !(m >= 0 && double.IsFinite(m)))
            throw new ArgumentOutOfRangeException(nameof(maxValue), m, $"ReLU: max_value must be finite and ≥ 0; got {m}.");
        if (!(negativeSlope >= 0) || !double.IsFinite(negativeSlope))
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, $"ReLU: negative_slope must be finite and ≥ 0; got {negativeSlope}.");
        if (!(threshold >= 0) || !double.IsFinite(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"ReLU: threshold must be finite and ≥ 0; got {threshold}.");
        MaxValue = maxValue;
        NegativeSlope = negativeSlope;
        Threshold = threshold;
    }

    /// <summary>The saturation value, or null.</summary>
    public double? MaxValue { get; }

    /// <summary>The slope below the threshold.</summary>
    public double NegativeSlope { get; }

    /// <summary>The threshold.</summary>
    public double Threshold { get; }

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        LayerChecks.RequireFloating(Name, input);
        var x = input;
        // Keras's static_call, step by step: the fast paths first.
        if (NegativeSlope != 0 && MaxValue is null && Threshold == 0) return x.LeakyRelu(NegativeSlope);
        Tensor? negative = NegativeSlope == 0 ? null : Threshold != 0 ? (Threshold - x).Relu() : (-x).Relu();
        Tensor y;
        bool clip = MaxValue is not null;
        if (Threshold != 0) y = x * (x > Threshold);
        else if (MaxValue == 6)
        {
            y = x.Relu6();
            clip = false;
        }
        else y = x.Relu();
        if (clip) y = y.Clip(0, MaxValue!.Value);
        if (negative is not null) y -= negative * NegativeSlope;
        return y;
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("max_value", MaxValue).Set("negative_slope", NegativeSlope).Set("threshold", Threshold);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c) => new ReLU(c.Contains("max_value") && c["max_value"] is not null ? c.GetDouble("max_value") : null,
        c.GetDouble("negative_slope", 0), c.GetDouble("threshold", 0), c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
}
