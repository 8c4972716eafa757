namespace DeepLearning.Layers;

/// <summary>
/// y = x·scale + offset (Keras's Rescaling preprocessing layer), e.g. <c>new Rescaling(1.0 / 255)</c> maps pixels to
/// [0, 1] and <c>new Rescaling(1.0 / 127.5, -1)</c> to [−1, 1]. Scale and offset are scalars or per-channel vectors
/// (length of the last axis). Integer inputs are cast to the layer's dtype (float32 unless set) first, as Keras
/// casts to its compute dtype. No weights; same in training and inference; masks pass through.
/// </summary>
public sealed class Rescaling : Layer
{
    private readonly double[] _scale, _offset;

    /// <summary>Scalar scale and offset.</summary>
    /// <param name="scale">The factor.</param>
    /// <param name="offset">Added after scaling.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentException">A value that is not finite.</exception>
    public Rescaling(double scale, double offset = 0, string? name = null) : this([scale], [offset], name) { }

    /// <summary>Per-channel (or scalar: length 1) scale and offset, broadcast along the last axis.</summary>
    /// <param name="scale">Factors: one, or one per channel.</param>
    /// <param name="offset">Offsets: one, or one per channel.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentException">Empty arrays or values that are not finite.</exception>
    public Rescaling(double[] scale, double[] offset, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(offset);
        if (scale.Length == 0 || offset.Length == 0)
            throw new ArgumentException($"Rescaling: scale and offset need at least one value; got {scale.Length} and {offset.Length}.");
        if (scale.Concat(offset).Any(v => !double.IsFinite(v)))
            throw new ArgumentException($"Rescaling: scale [{string.Join(", ", scale)}] and offset [{string.Join(", ", offset)}] must be finite.");
        _scale = scale.ToArray();
        _offset = offset.ToArray();
    }

    /// <summary>The factor(s).</summary>
    public IReadOnlyList<double> Scale => _scale;

    /// <summary>The offset(s).</summary>
    public IReadOnlyList<double> Offset => _offset;

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        int channels = inputShape.Rank == 0 ? 1 : inputShape[-1];
        foreach (var (what, v) in new[] { ("scale", _scale), ("offset", _offset) })
            if (v.Length != 1 && v.Length != channels)
                throw new ArgumentException($"{Name}: {what} has {v.Length} values; inputs of shape {LayerChecks.NoneShape(inputShape)} need 1 or {channels}.");
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        var x = input.DType.IsFloating() ? input : input.Cast(DType ?? DeepLearning.DType.Float32);
        if (_scale.Length > 1 || _offset.Length > 1)
        {
            if (x.Rank < 2 || (_scale.Length > 1 && x.Shape[-1] != _scale.Length) || (_offset.Length > 1 && x.Shape[-1] != _offset.Length))
                throw new ArgumentException($"{Name}: per-channel scale ({_scale.Length}) and offset ({_offset.Length}) do not fit inputs of shape {x.Shape}.");
            var s = _scale.Length == 1 ? x * _scale[0] : x * Tensor.FromArray(_scale, null, x.Device).Cast(x.DType);
            return _offset.Length == 1 ? s + _offset[0] : s + Tensor.FromArray(_offset, null, x.Device).Cast(x.DType);
        }
        var y = _scale[0] == 1 ? x : x * _scale[0];
        return _offset[0] == 0 ? y : y + _offset[0];
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("scale", _scale.Length == 1 ? _scale[0] : _scale.ToArray())
        .Set("offset", _offset.Length == 1 ? _offset[0] : _offset.ToArray());

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c) =>
        new Rescaling(Values(c, "scale", 1), Values(c, "offset", 0), c.GetString("name")) { Trainable = c.GetBool("trainable", true) };

    private static double[] Values(LayerConfig c, string key, double fallback) =>
        !c.Contains(key) ? [fallback] : c[key] switch
        {
            double[] d => d,
            int[] i => Array.ConvertAll(i, v => (double)v),
            _ => [c.GetDouble(key)],
        };
}
