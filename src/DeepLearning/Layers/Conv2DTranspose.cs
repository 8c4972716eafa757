using DeepLearning.Activations;
using DeepLearning.Autograd.Ops;
using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// Transposed 2-D convolution (Keras's Conv2DTranspose, "deconvolution"): the adjoint of a Conv2D, used to
/// up-sample. (batch, H, W, C) → (batch, OH, OW, filters) with y[i·sh − top + a·dh, j·sw − left + b·dw, o] +=
/// x[i, j, c] · W[a, b, o, c], then f(y + b). Kernel W (KH, KW, filters, C) in Keras's layout (note: filters before
/// input channels), bias b (filters). OH is Keras's deconv_output_length with k' = dh·(KH − 1) + 1: H·sh for Same,
/// H·sh + max(k' − sh, 0) for Valid; with an output padding p, (H − 1)·sh + k' − 2·⌊k'/2⌋ + p for Same and
/// (H − 1)·sh + k' + p for Valid (likewise OW). Parameters: KH·KW·filters·C + filters.
/// Source: keras.layers.Conv2DTranspose; formula as <see cref="Tensor.Conv2DTranspose"/>.
/// </summary>
public sealed class Conv2DTranspose : BaseConv
{
    /// <summary>Creates the layer.</summary>
    /// <param name="filters">Output channels (&gt; 0).</param>
    /// <param name="kernelSize">(KH, KW), or one int.</param>
    /// <param name="strides">(sh, sw), default 1: the up-sampling factor.</param>
    /// <param name="padding">Valid (default) or Same.</param>
    /// <param name="outputPadding">Extra output cells (ph, pw), each below its stride; null (default) for Keras's sizes above.</param>
    /// <param name="dilationRate">(dh, dw), default 1; cannot exceed 1 together with strides (Keras).</param>
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
    /// <exception cref="ArgumentOutOfRangeException">A non-positive size, stride, dilation or filters; an output padding
    /// outside [0, stride).</exception>
    /// <exception cref="ArgumentException">Causal padding, strides and dilation both above 1.</exception>
    public Conv2DTranspose(int filters, Size2D kernelSize, Size2D? strides = null, Padding padding = Padding.Valid, Size2D? outputPadding = null,
        Size2D? dilationRate = null, ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null,
        Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null)
        : base(activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer,
            kernelConstraint, biasConstraint, name)
    {
        Filters = filters;
        KernelSize = kernelSize;
        Strides = strides ?? 1;
        Padding = padding;
        OutputPadding = outputPadding;
        DilationRate = dilationRate ?? 1;
        LayerArgs.Positive("Conv2DTranspose", nameof(filters), filters);
        LayerArgs.Positive("Conv2DTranspose", nameof(kernelSize), kernelSize);
        LayerArgs.Positive("Conv2DTranspose", nameof(strides), Strides);
        LayerArgs.Positive("Conv2DTranspose", nameof(dilationRate), DilationRate);
        if (padding == Padding.Causal)
            throw new ArgumentException("Conv2DTranspose: padding must be Valid or Same; got Causal.");
        if (outputPadding is { } p && (p.Height < 0 || p.Width < 0 || p.Height >= Strides.Height || p.Width >= Strides.Width))
            throw new ArgumentOutOfRangeException(nameof(outputPadding), p, $"Conv2DTranspose: output padding must be ≥ 0 and < strides; got {p} with strides {Strides}.");
        LayerArgs.StridesOrDilation("Conv2DTranspose", Strides, DilationRate);
    }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>(KH, KW).</summary>
    public Size2D KernelSize { get; }

    /// <summary>(sh, sw).</summary>
    public Size2D Strides { get; }

    /// <summary>Valid or Same.</summary>
    public Padding Padding { get; }

    /// <summary>Extra output cells, or null for Keras's default sizes.</summary>
    public Size2D? OutputPadding { get; }

    /// <summary>(dh, dw).</summary>
    public Size2D DilationRate { get; }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ExpectRank(inputShape, 3, "(batch, height, width, channels)");
        var kernel = new Shape(KernelSize.Height, KernelSize.Width, Filters, inputShape[2]);
        ConvShapes.Conv2DTranspose(Who, [1, .. inputShape.ToArray()], kernel, Strides.ToTuple(), Padding, OutputPadding?.ToTuple(),
            DilationRate.ToTuple(), symbolicBatch: true);
        CreateWeights(kernel, Filters);
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context) =>
        Finish(Conv2DTransposeNode.Apply(Who, input, Kernel!, Strides.ToTuple(), Padding, OutputPadding?.ToTuple(), DilationRate.ToTuple()));

    /// <inheritdoc />
    public override LayerConfig GetConfig() => ConvConfig()
        .Set("filters", Filters).Set("kernel_size", LayerArgs.Pair(KernelSize)).Set("strides", LayerArgs.Pair(Strides))
        .Set("padding", LayerArgs.PaddingName(Padding)).Set("output_padding", OutputPadding is { } p ? LayerArgs.Pair(p) : null)
        .Set("dilation_rate", LayerArgs.Pair(DilationRate));

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/> (initializers by name).</summary>
    /// <exception cref="InvalidDataException">A missing or malformed entry, or data_format channels_first.</exception>
    public static Layer FromConfig(LayerConfig c)
    {
        LayerArgs.ChannelsLast(c);
        Size2D? outputPadding = c.Contains("output_padding") && c["output_padding"] is not null ? LayerArgs.ReadPair(c, "output_padding") : null;
        return new Conv2DTranspose(c.GetInt("filters"), LayerArgs.ReadPair(c, "kernel_size"), LayerArgs.ReadPair(c, "strides", 1),
            LayerArgs.ParsePadding(c.GetString("padding", "valid")), outputPadding, LayerArgs.ReadPair(c, "dilation_rate", 1),
            c.GetActivation("activation"), c.GetBool("use_bias", true),
            KernelInitializerFrom(c), BiasInitializerFrom(c),
            name: c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
    }
}
