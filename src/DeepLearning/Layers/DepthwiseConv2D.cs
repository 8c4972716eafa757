using DeepLearning.Activations;
using DeepLearning.Autograd.Ops;
using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// Depthwise 2-D convolution (Keras's DepthwiseConv2D): each input channel c is convolved with its own M =
/// depth_multiplier filters, (batch, H, W, C) → (batch, OH, OW, C·M) with output channel c·M + m =
/// f(Σ_{a, b} x[i·sh − top + a·dh, j·sw − left + b·dw, c] · W[a, b, c, m] + b[c·M + m]). Kernel W (KH, KW, C, M) in
/// Keras's layout, bias (C·M). Sizes as <see cref="Conv2D"/>. Parameters: KH·KW·C·M + C·M.
/// Source: keras.layers.DepthwiseConv2D (the kernel weight is named "kernel" as in Keras 3).
/// </summary>
public sealed class DepthwiseConv2D : BaseConv
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">(KH, KW), or one int.</param>
    /// <param name="strides">(sh, sw), default 1.</param>
    /// <param name="padding">Valid (default) or Same.</param>
    /// <param name="depthMultiplier">M, filters per input channel (default 1).</param>
    /// <param name="dilationRate">(dh, dw), default 1.</param>
    /// <param name="activation">f (default linear).</param>
    /// <param name="useBias">Whether to add b.</param>
    /// <param name="depthwiseInitializer">Initial W (default Glorot uniform).</param>
    /// <param name="biasInitializer">Initial b (default zeros).</param>
    /// <param name="depthwiseRegularizer">Penalty on W.</param>
    /// <param name="biasRegularizer">Penalty on b.</param>
    /// <param name="activityRegularizer">Penalty on y.</param>
    /// <param name="depthwiseConstraint">Projection of W after each step.</param>
    /// <param name="biasConstraint">Projection of b after each step.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive size, stride, dilation or multiplier.</exception>
    /// <exception cref="ArgumentException">Causal padding, strides and dilation both above 1.</exception>
    public DepthwiseConv2D(Size2D kernelSize, Size2D? strides = null, Padding padding = Padding.Valid, int depthMultiplier = 1,
        Size2D? dilationRate = null, ActivationFunction? activation = null, bool useBias = true, Initializer? depthwiseInitializer = null,
        Initializer? biasInitializer = null, Regularizer? depthwiseRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? depthwiseConstraint = null, Constraint? biasConstraint = null, string? name = null)
        : base(activation, useBias, depthwiseInitializer, biasInitializer, depthwiseRegularizer, biasRegularizer, activityRegularizer,
            depthwiseConstraint, biasConstraint, name)
    {
        KernelSize = kernelSize;
        Strides = strides ?? 1;
        Padding = padding;
        DepthMultiplier = depthMultiplier;
        DilationRate = dilationRate ?? 1;
        LayerArgs.Positive("DepthwiseConv2D", nameof(kernelSize), kernelSize);
        LayerArgs.Positive("DepthwiseConv2D", nameof(strides), Strides);
        LayerArgs.Positive("DepthwiseConv2D", nameof(depthMultiplier), depthMultiplier);
        LayerArgs.Positive("DepthwiseConv2D", nameof(dilationRate), DilationRate);
        if (padding == Padding.Causal)
            throw new ArgumentException("DepthwiseConv2D: padding Causal exists only for Conv1D; use Valid or Same.");
        LayerArgs.StridesOrDilation("DepthwiseConv2D", Strides, DilationRate);
    }

    /// <summary>(KH, KW).</summary>
    public Size2D KernelSize { get; }

    /// <summary>(sh, sw).</summary>
    public Size2D Strides { get; }

    /// <summary>Valid or Same.</summary>
    public Padding Padding { get; }

    /// <summary>M.</summary>
    public int DepthMultiplier { get; }

    /// <summary>(dh, dw).</summary>
    public Size2D DilationRate { get; }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ExpectRank(inputShape, 3, "(batch, height, width, channels)");
        int c = inputShape[2];
        var pads = ConvShapes.Resolve(Who, Padding, inputShape[0], inputShape[1], KernelSize.ToTuple(), Strides.ToTuple(), DilationRate.ToTuple());
        ConvShapes.Conv2D(Who, [1, .. inputShape.ToArray()], [KernelSize.Height, KernelSize.Width, 1, c * DepthMultiplier], Strides.ToTuple(), pads,
            DilationRate.ToTuple(), c, symbolicBatch: true);
        CreateWeights([KernelSize.Height, KernelSize.Width, c, DepthMultiplier], c * DepthMultiplier);
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context) =>
        Finish(ConvOps.Depthwise(Who, input, Kernel!, Strides.ToTuple(), Padding, DilationRate.ToTuple()));

    /// <inheritdoc />
    public override LayerConfig GetConfig() => ConvConfig("depthwise_initializer")
        .Set("kernel_size", LayerArgs.Pair(KernelSize)).Set("strides", LayerArgs.Pair(Strides)).Set("padding", LayerArgs.PaddingName(Padding))
        .Set("depth_multiplier", DepthMultiplier).Set("dilation_rate", LayerArgs.Pair(DilationRate));

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/> (initializers by name).</summary>
    /// <exception cref="InvalidDataException">A missing or malformed entry, or data_format channels_first.</exception>
    public static Layer FromConfig(LayerConfig c)
    {
        LayerArgs.ChannelsLast(c);
        return new DepthwiseConv2D(LayerArgs.ReadPair(c, "kernel_size"), LayerArgs.ReadPair(c, "strides", 1),
            LayerArgs.ParsePadding(c.GetString("padding", "valid")), c.GetInt("depth_multiplier", 1), LayerArgs.ReadPair(c, "dilation_rate", 1),
            c.GetActivation("activation"), c.GetBool("use_bias", true),
            KernelInitializerFrom(c, "depthwise_initializer"), BiasInitializerFrom(c),
            name: c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
    }
}
