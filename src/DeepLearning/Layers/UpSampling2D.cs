using DeepLearning.Devices;

namespace DeepLearning.Layers;

/// <summary>
/// Up-samples NHWC images by integer factors (Keras's UpSampling2D): (batch, H, W, C) → (batch, H·sh, W·sw, C).
/// Nearest: y[i, j] = x[⌊i/sh⌋, ⌊j/sw⌋] (a broadcast copy; the gradient sums each sh×sw block). Bilinear:
/// y = A_h · x · A_wᵀ per channel, where row i of A_h holds weights 1 − λ and λ at rows ⌊u⌋ and min(⌊u⌋ + 1, H − 1)
/// for u = max((i + ½)/sh − ½, 0), λ = u − ⌊u⌋ (half-pixel centres as tf.image.resize and torch's
/// interpolate(align_corners=False)); computed as two batched matrix products, so it is differentiable. No weights.
/// Source: keras.layers.UpSampling2D.
/// </summary>
public sealed class UpSampling2D : Layer
{
    private readonly Dictionary<(int Length, int Factor, DType DType, Device Device), Tensor> _matrices = new();

    /// <summary>Creates the layer.</summary>
    /// <param name="size">(sh, sw), or one int (default 2).</param>
    /// <param name="interpolation">Nearest (default) or Bilinear.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive factor.</exception>
    public UpSampling2D(Size2D? size = null, Interpolation interpolation = Interpolation.Nearest, string? name = null) : base(name)
    {
        Size = size ?? 2;
        LayerArgs.Positive("UpSampling2D", nameof(size), Size);
        if (!Enum.IsDefined(interpolation))
            throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation, "UpSampling2D: unknown interpolation.");
        Interpolation = interpolation;
    }

    /// <summary>(sh, sw).</summary>
    public Size2D Size { get; }

    /// <summary>Nearest or Bilinear.</summary>
    public Interpolation Interpolation { get; }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        if (inputShape.Rank != 3)
            throw new ArgumentException($"{LayerArgs.Describe(this)}: expects inputs of shape (batch, height, width, channels); got {LayerArgs.Batched(inputShape)}.");
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        int n = input.Shape[0], h = input.Shape[1], w = input.Shape[2], c = input.Shape[3];
        int sh = Size.Height, sw = Size.Width;
        if (Interpolation == Interpolation.Nearest)
            return input.Reshape(n, h, 1, w, 1, c).Expand([n, h, sh, w, sw, c]).Reshape(n, h * sh, w * sw, c);
        if (!input.DType.IsFloating())
            throw new ArgumentException($"{LayerArgs.Describe(this)}: bilinear interpolation needs a floating input; got {input.DType} of shape {input.Shape}.");
        var rows = Matrix(h, sh, input);                                            // (H·sh, H)
        var cols = Matrix(w, sw, input);                                            // (W·sw, W)
        var t = rows.MatMul(input.Reshape(n, h, w * c));                            // (N, H·sh, W·C)
        return cols.MatMul(t.Reshape(n * h * sh, w, c)).Reshape(n, h * sh, w * sw, c);
    }

    /// <summary>The (length·factor, length) interpolation matrix, cached per size, dtype and device.</summary>
    private Tensor Matrix(int length, int factor, Tensor like)
    {
        var key = (length, factor, like.DType, like.Device);
        if (_matrices.TryGetValue(key, out var cached)) return cached;
        int outLength = length * factor;
        // On the shape-only device of Model.Load's validation only the shape counts: skip building the values on the host.
        if (like.Device is Devices.MetaDevice) return Tensor.Empty([outLength, length], like.DType, like.Device);
        var m = new double[outLength * length];
        for (int i = 0; i < outLength; i++)
        {
            double u = Math.Max((i + 0.5) / factor - 0.5, 0);
            int lo = (int)Math.Floor(u), hi = Math.Min(lo + 1, length - 1);
            double lambda = u - lo;
            m[i * length + lo] += 1 - lambda;
            m[i * length + hi] += lambda;
        }
        Tensor t;
        using (TensorScope.Persistent())
            t = Tensor.FromArray(m, [outLength, length], like.Device).Cast(like.DType);
        _matrices[key] = t;
        return t;
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("size", LayerArgs.Pair(Size))
        .Set("interpolation", Interpolation == Interpolation.Bilinear ? "bilinear" : "nearest").Set("data_format", "channels_last");

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    /// <exception cref="InvalidDataException">An unknown interpolation or a malformed size.</exception>
    public static Layer FromConfig(LayerConfig config)
    {
        LayerArgs.ChannelsLast(config);
        var interpolation = config.GetString("interpolation", "nearest") switch
        {
            "nearest" => Interpolation.Nearest,
            "bilinear" => Interpolation.Bilinear,
            var other => throw new InvalidDataException($"LayerConfig: UpSampling2D interpolation '{other}' is not supported (nearest or bilinear)."),
        };
        return new UpSampling2D(LayerArgs.ReadPair(config, "size", 2), interpolation, config.GetString("name")) { Trainable = config.GetBool("trainable", true) };
    }
}
