namespace DeepLearning.Layers;

/// <summary>
/// Removes rows and columns at the borders of NHWC images (Keras's Cropping2D): (batch, H, W, C) →
/// (batch, H − top − bottom, W − left − right, C), a view of the input. The gradient is zero on the cropped cells.
/// No weights. Source: keras.layers.Cropping2D.
/// </summary>
public sealed class Cropping2D : Layer
{
    /// <summary>The same number of rows and columns on every side.</summary>
    /// <param name="cropping">Cells removed on every side (≥ 0).</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative amount.</exception>
    public Cropping2D(int cropping = 0, string? name = null) : this((cropping, cropping), (cropping, cropping), name) { }

    /// <summary>Symmetric cropping: .Height rows above and below, .Width columns left and right.</summary>
    /// <param name="cropping">(rows, columns), each ≥ 0.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative amount.</exception>
    public Cropping2D(Size2D cropping, string? name = null) : this((cropping.Height, cropping.Height), (cropping.Width, cropping.Width), name) { }

    /// <summary>Explicit cropping ((top, bottom), (left, right)).</summary>
    /// <param name="height">(top, bottom) rows, each ≥ 0.</param>
    /// <param name="width">(left, right) columns, each ≥ 0.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative amount.</exception>
    public Cropping2D((int Top, int Bottom) height, (int Left, int Right) width, string? name = null) : base(name)
    {
        LayerArgs.NonNegative("Cropping2D", "cropping", height.Top, height.Bottom, width.Left, width.Right);
        (Top, Bottom, Left, Right) = (height.Top, height.Bottom, width.Left, width.Right);
    }

    /// <summary>Rows removed at the top.</summary>
    public int Top { get; }

    /// <summary>Rows removed at the bottom.</summary>
    public int Bottom { get; }

    /// <summary>Columns removed on the left.</summary>
    public int Left { get; }

    /// <summary>Columns removed on the right.</summary>
    public int Right { get; }

    private void Check(Shape sample, string text)
    {
        if (sample.Rank != 3)
            throw new ArgumentException($"{LayerArgs.Describe(this)}: expects inputs of shape (batch, height, width, channels); got {text}.");
        if (Top + Bottom >= sample[0] || Left + Right >= sample[1])
            throw new ArgumentException($"{LayerArgs.Describe(this)}: cropping (top {Top}, bottom {Bottom}, left {Left}, right {Right}) leaves nothing of the input {text}.");
    }

    /// <inheritdoc />
    protected override void Build(Shape inputShape) => Check(inputShape, LayerArgs.Batched(inputShape));

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        Check(new Shape(input.Shape.ToArray().AsSpan(1)), input.Shape.ToString());
        return input.Narrow(1, Top, input.Shape[1] - Top - Bottom).Narrow(2, Left, input.Shape[2] - Left - Right);
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("cropping", new[] { Top, Bottom, Left, Right }).Set("data_format", "channels_last");

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/> (cropping as [top, bottom, left, right]).</summary>
    /// <exception cref="InvalidDataException">A malformed cropping entry.</exception>
    public static Layer FromConfig(LayerConfig config)
    {
        LayerArgs.ChannelsLast(config);
        var p = config.GetInts("cropping");
        if (p.Length != 4) throw new InvalidDataException($"LayerConfig: Cropping2D cropping must hold [top, bottom, left, right]; got {p.Length} values.");
        return new Cropping2D((p[0], p[1]), (p[2], p[3]), config.GetString("name")) { Trainable = config.GetBool("trainable", true) };
    }
}
