using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;

namespace DeepLearning.Layers;

/// <summary>
/// What the 1-D pooling layers share: a window of P steps moved by s (default P) over (batch, steps, C) →
/// (batch, steps', C), steps' = ⌊(L − P)/s⌋ + 1 for Valid and ⌈L/s⌉ for Same (padding cells never enter the result).
/// No weights. Computed by the 2-D kernels on a height-1 view.
/// </summary>
public abstract class Pooling1D : Layer
{
    private protected Pooling1D(int poolSize, int? strides, Padding padding, string? name) : base(name)
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

    /// <summary>P.</summary>
    public int PoolSize { get; }

    /// <summary>s.</summary>
    public int Strides { get; }

    /// <summary>Valid or Same.</summary>
    public Padding Padding { get; }

    private protected abstract PoolKind Kind { get; }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        string who = LayerArgs.Describe(this);
        if (inputShape.Rank != 2)
            throw new ArgumentException($"{who}: expects inputs of shape (batch, steps, channels); got {LayerArgs.Batched(inputShape)}.");
        if (Padding == Padding.Valid && PoolSize > inputShape[0])
            throw new ArgumentException($"{who}: the pool window of {PoolSize} steps is longer than the {inputShape[0]} steps of the input {LayerArgs.Batched(inputShape)} with Valid padding.");
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context) =>
        ConvOps.Pool1D(LayerArgs.Describe(this), Kind, input, PoolSize, Strides, Padding);

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("pool_size", new[] { PoolSize }).Set("strides", new[] { Strides }).Set("padding", LayerArgs.PaddingName(Padding))
        .Set("data_format", "channels_last");

    private protected static (int Pool, int? Strides, Padding Padding, string Name) Read(LayerConfig c)
    {
        LayerArgs.ChannelsLast(c);
        int pool = c.GetInts("pool_size", [2])[0];
        int? strides = c.Contains("strides") && c["strides"] is not null ? c.GetInts("strides")[0] : null;
        return (pool, strides, LayerArgs.ParsePadding(c.GetString("padding", "valid")), c.GetString("name"));
    }
}
