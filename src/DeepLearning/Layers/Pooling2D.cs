using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;

namespace DeepLearning.Layers;

/// <summary>
/// What the 2-D pooling layers share (Keras's BasePooling): a (PH, PW) window moved by (sh, sw) (default: the pool
/// size) over NHWC inputs (batch, H, W, C) → (batch, OH, OW, C), OH = ⌊(H − PH)/sh⌋ + 1 for Valid and ⌈H/sh⌉ for
/// Same (odd padding cell at the bottom/right; padding cells never enter the result). No weights.
/// </summary>
public abstract class Pooling2D : Layer
{
    private protected Pooling2D(Size2D poolSize, Size2D? strides, Padding padding, string? name) : base(name)
    {
        PoolSize = poolSize;
        Strides = strides ?? poolSize;
        Padding = padding;
        string layer = GetType().Name;
        LayerArgs.Positive(layer, "poolSize", poolSize);
        LayerArgs.Positive(layer, "strides", Strides);
        if (padding == Padding.Causal)
            throw new ArgumentException($"{layer}: padding must be Valid or Same; got Causal.");
    }

    /// <summary>(PH, PW).</summary>
    public Size2D PoolSize { get; }

    /// <summary>(sh, sw).</summary>
    public Size2D Strides { get; }

    /// <summary>Valid or Same.</summary>
    public Padding Padding { get; }

    private protected abstract PoolKind Kind { get; }

    /// <summary>This pooling as a step a fused convolution kernel applies to its output.</summary>
    internal PoolSpec Spec => new(LayerArgs.Describe(this), Kind, PoolSize.ToTuple(), Strides.ToTuple(), Padding);

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        string who = LayerArgs.Describe(this);
        if (inputShape.Rank != 3)
            throw new ArgumentException($"{who}: expects inputs of shape (batch, height, width, channels); got {LayerArgs.Batched(inputShape)}.");
        ConvShapes.Pool2D(who, [1, .. inputShape.ToArray()], PoolSize.ToTuple(), Strides.ToTuple(), Padding, symbolicBatch: true);
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context) =>
        ConvOps.Pool2D(LayerArgs.Describe(this), Kind, input, PoolSize.ToTuple(), Strides.ToTuple(), Padding);

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("pool_size", LayerArgs.Pair(PoolSize)).Set("strides", LayerArgs.Pair(Strides)).Set("padding", LayerArgs.PaddingName(Padding))
        .Set("data_format", "channels_last");

    private protected static (Size2D Pool, Size2D? Strides, Padding Padding, string Name) Read(LayerConfig c)
    {
        LayerArgs.ChannelsLast(c);
        var pool = LayerArgs.ReadPair(c, "pool_size", 2);
        Size2D? strides = c.Contains("strides") && c["strides"] is not null ? LayerArgs.ReadPair(c, "strides") : null;
        return (pool, strides, LayerArgs.ParsePadding(c.GetString("padding", "valid")), c.GetString("name"));
    }
}
