using DeepLearning.Activations;
using DeepLearning.Autograd.Ops;
using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// 2-D convolution layer (Keras's Conv2D): y = f(x ⋆ W + b) on NHWC inputs (batch, H, W, C) → (batch, OH, OW, filters),
/// a cross-correlation (no kernel flip). Kernel W (KH, KW, C/groups, filters) in Keras's layout, bias b (filters).
/// OH = ⌊(H − k')/s⌋ + 1 for Valid and ⌈H/s⌉ for Same, k' = d·(KH − 1) + 1, Same padding putting the odd cell at
/// the bottom/right (likewise OW). Parameters: KH·KW·(C/groups)·filters + filters, e.g. 3·3·3·10 + 10 = 280.
/// Source: keras.layers.Conv2D; formula as <see cref="Tensor.Conv2D(Tensor, ValueTuple{int, int}?, Padding, ValueTuple{int, int}?, int)"/>.
/// </summary>
public sealed class Conv2D : BaseConv
{
    /// <summary>Creates the layer.</summary>
    /// <param name="filters">Output channels (&gt; 0, divisible by groups).</param>
    /// <param name="kernelSize">(KH, KW), or one int for a square kernel.</param>
    /// <param name="strides">(sh, sw), default 1.</param>
    /// <param name="padding">Valid (default) or Same.</param>
    /// <param name="dilationRate">(dh, dw), default 1; cannot exceed 1 together with strides (Keras).</param>
    /// <param name="groups">Channel groups (default 1): each group of C/groups input channels feeds filters/groups outputs.</param>
    /// <param name="activation">f (default linear).</param>
    /// <param name="useBias">Whether to add b.</param>
    /// <param name="kernelInitializer">Initial W (default Glorot uniform).</param>
    /// <param name="biasInitializer">Initial b (default zeros).</param>
    /// <param name="kernelRegularizer">Penalty on W.</param>
    /// <param name="biasRegularizer">Penalty on b.</param>
    /// <param name="activityRegularizer">Penalty on y.</param>
    /// <param name="kernelConstraint">Projection of W after each step.</param>
    /// <param name="biasConstraint">Projection of b after each step.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive size, stride, dilation, filters or groups.</exception>
    /// <exception cref="ArgumentException">filters not divisible by groups, Causal padding, strides and dilation both above 1.</exception>
    public Conv2D(int filters, Size2D kernelSize, Size2D? strides = null, Padding padding = Padding.Valid, Size2D? dilationRate = null,
        int groups = 1, ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null,
        Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null)
        : base(activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer,
            kernelConstraint, biasConstraint, name)
    {
        Filters = filters;
        KernelSize = kernelSize;
        Strides = strides ?? 1;
        Padding = padding;
        DilationRate = dilationRate ?? 1;
        Groups = groups;
        LayerArgs.Positive("Conv2D", nameof(filters), filters);
        LayerArgs.Positive("Conv2D", nameof(kernelSize), kernelSize);
        LayerArgs.Positive("Conv2D", nameof(strides), Strides);
        LayerArgs.Positive("Conv2D", nameof(dilationRate), DilationRate);
        LayerArgs.Positive("Conv2D", nameof(groups), groups);
        if (filters % groups != 0)
            throw new ArgumentException($"Conv2D: filters ({filters}) must be divisible by groups ({groups}).");
        if (padding == Padding.Causal)
            throw new ArgumentException("Conv2D: padding Causal exists only for Conv1D; use Valid or Same.");
        LayerArgs.StridesOrDilation("Conv2D", Strides, DilationRate);
    }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>(KH, KW).</summary>
    public Size2D KernelSize { get; }

    /// <summary>(sh, sw).</summary>
    public Size2D Strides { get; }

    /// <summary>Valid or Same.</summary>
    public Padding Padding { get; }

    /// <summary>(dh, dw).</summary>
    public Size2D DilationRate { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ExpectRank(inputShape, 3, "(batch, height, width, channels)");
        int c = inputShape[2];
        if (c % Groups != 0)
            throw new ArgumentException($"{Who}: the {c} input channels of {LayerArgs.Batched(inputShape)} are not divisible by groups = {Groups}.");
        var kernel = new Shape(KernelSize.Height, KernelSize.Width, c / Groups, Filters);
        var pads = ConvShapes.Resolve(Who, Padding, inputShape[0], inputShape[1], KernelSize.ToTuple(), Strides.ToTuple(), DilationRate.ToTuple());
        ConvShapes.Conv2D(Who, [1, .. inputShape.ToArray()], kernel, Strides.ToTuple(), pads, DilationRate.ToTuple(), Groups, symbolicBatch: true);
        CreateWeights(kernel, Filters);
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context) =>
        ForwardFused(input, null) ?? Finish(ConvOps.Conv2D(Who, input, Kernel!, Strides.ToTuple(), Padding, DilationRate.ToTuple(), Groups));

    /// <summary>f(x ⋆ W + b), pooled by <paramref name="pool"/> when given, as one fused device kernel when no gradient
    /// is recorded (see <see cref="ConvOps.FusedConv2D"/>); null when the ops must be composed instead.</summary>
    private Tensor? ForwardFused(Tensor input, PoolSpec? pool) =>
        ConvOps.FusedConv2D(Who, input, Kernel!, Bias, Strides.ToTuple(), Padding, DilationRate.ToTuple(), Groups, ActivationFunction.Name, pool);

    /// <summary>
    /// This layer and the pooling layer that follows it in a <see cref="Models.Sequential"/> model as one fused
    /// device kernel (convolution, bias, activation and pooling; the full-size convolution output is never stored),
    /// when no gradient is recorded and both layers are built, carry no activity regularizer and the input no mask.
    /// Returns false, doing nothing, otherwise; the caller then calls the two layers.
    /// </summary>
    internal bool TryCallPooled(Tensor input, Pooling2D pool, out Tensor output)
    {
        output = null!;
        if (!Built || !pool.Built || ActivityRegularizer is not null || pool.ActivityRegularizer is not null || input.Mask is not null)
            return false;
        if (ForwardFused(input, pool.Spec) is not { } y) return false;
        output = y;
        return true;
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => ConvConfig()
        .Set("filters", Filters).Set("kernel_size", LayerArgs.Pair(KernelSize)).Set("strides", LayerArgs.Pair(Strides))
        .Set("padding", LayerArgs.PaddingName(Padding)).Set("dilation_rate", LayerArgs.Pair(DilationRate)).Set("groups", Groups);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/> (initializers by name; regularizers and constraints
    /// are read back by the model loader, which sets them before the layer is built).</summary>
    /// <exception cref="InvalidDataException">A missing or malformed entry, or data_format channels_first.</exception>
    public static Layer FromConfig(LayerConfig c)
    {
        LayerArgs.ChannelsLast(c);
        return new Conv2D(c.GetInt("filters"), LayerArgs.ReadPair(c, "kernel_size"), LayerArgs.ReadPair(c, "strides", 1),
            LayerArgs.ParsePadding(c.GetString("padding", "valid")), LayerArgs.ReadPair(c, "dilation_rate", 1), c.GetInt("groups", 1),
            c.GetActivation("activation"), c.GetBool("use_bias", true),
            KernelInitializerFrom(c), BiasInitializerFrom(c),
            name: c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
    }
}
