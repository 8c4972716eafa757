namespace DeepLearning.Layers;

/// <summary>
/// What the global pooling layers share: a reduction over every spatial axis (the steps of (batch, steps, C), or the
/// rows and columns of (batch, H, W, C)) giving (batch, C), or with <see cref="KeepDims"/> the input's rank with
/// size-1 spatial axes (Keras's keepdims). No weights.
/// </summary>
public abstract class GlobalPooling : Layer
{
    private protected GlobalPooling(int spatialRank, bool keepDims, string? name) : base(name)
    {
        SpatialRank = spatialRank;
        KeepDims = keepDims;
    }

    /// <summary>Keep the pooled axes with size 1.</summary>
    public bool KeepDims { get; }

    private protected int SpatialRank { get; }

    /// <summary>The pooled axes of a batched input: 1 … spatial rank.</summary>
    private protected int[] Axes => SpatialRank == 1 ? [1] : [1, 2];

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        if (inputShape.Rank != SpatialRank + 1)
        {
            string layout = SpatialRank == 1 ? "(batch, steps, channels)" : "(batch, height, width, channels)";
            throw new ArgumentException($"{LayerArgs.Describe(this)}: expects inputs of shape {layout}; got {LayerArgs.Batched(inputShape)}.");
        }
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("data_format", "channels_last").Set("keepdims", KeepDims);
}
