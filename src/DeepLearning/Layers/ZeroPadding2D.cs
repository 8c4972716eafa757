namespace DeepLearning.Layers;

/// <summary>
/// Adds rows and columns of zeros around NHWC images (Keras's ZeroPadding2D): (batch, H, W, C) →
/// (batch, top + H + bottom, left + W + right, C). The gradient is the interior of the output gradient. No weights.
/// Source: keras.layers.ZeroPadding2D.
/// </summary>
public sealed class ZeroPadding2D : Layer
{
    /// <summary>The same number of rows at the top and bottom and columns at the left and right (Keras's int form).</summary>
    /// <param name="padding">Cells on every side (default 1, ≥ 0).</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative amount.</exception>
    public ZeroPadding2D(int padding = 1, string? name = null) : this((padding, padding), (padding, padding), name) { }

    /// <summary>Symmetric padding: <paramref name="padding"/>.Height rows above and below, .Width columns left and right.</summary>
    /// <param name="padding">(rows, columns), each ≥ 0.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative amount.</exception>
    public ZeroPadding2D(Size2D padding, string? name = null) : this((padding.Height, padding.Height), (padding.Width, padding.Width), name) { }

    /// <summary>Explicit padding ((top, bottom), (left, right)).</summary>
    /// <param name="height">(top, bottom) rows, each ≥ 0.</param>
    /// <param name="width">(left, right) columns, each ≥ 0.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative amount.</exception>
    public ZeroPadding2D((int Top, int Bottom) height, (int Left, int Right) width, string? name = null) : base(name)
    {
        LayerArgs.NonNegative("ZeroPadding2D", "padding", height.Top, height.Bottom, width.Left, width.Right);
        (Top, Bottom, Left, Right) = (height.Top, height.Bottom, width.Left, width.Right);
    }

    /// <summary>Rows added above.</summary>
    public int Top { get; }

    /// <summary>Rows added below.</summary>
    public int Bottom { get; }

    /// <summary>Columns added on the left.</summary>
    public int Left { get; }

    /// <summary>Columns added on the right.</summary>
    public int Right { get; }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        if (inputShape.Rank != 3)
            throw new ArgumentException($"{LayerArgs.Describe(this)}: expects inputs of shape (batch, height, width, channels); got {LayerArgs.Batched(inputShape)}.");
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context) => input.Pad([(0, 0), (Top, Bottom), (Left, Right), (0, 0)]);

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("padding", new[] { Top, Bottom, Left, Right }).Set("data_format", "channels_last");

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/> (padding as [top, bottom, left, right]).</summary>
    /// <exception cref="InvalidDataException">A malformed padding entry.</exception>
    public static Layer FromConfig(LayerConfig config)
    {
        LayerArgs.ChannelsLast(config);
        var p = config.GetInts("padding");
        if (p.Length != 4) throw new InvalidDataException($"LayerConfig: ZeroPadding2D padding must hold [top, bottom, left, right]; got {p.Length} values.");
        return new ZeroPadding2D((p[0], p[1]), (p[2], p[3]), config.GetString("name")) { Trainable = config.GetBool("trainable", true) };
    }
}
