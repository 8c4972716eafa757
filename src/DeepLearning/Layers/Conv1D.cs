using DeepLearning.Activations;
using DeepLearning.Autograd.Ops;
using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// 1-D convolution layer (Keras's Conv1D) over sequences (batch, steps, C) → (batch, steps', filters):
/// y[t, o] = f(Σ_{a, c} x[t·s − before + a·d, g·C/groups + c] · W[a, c, o] + b[o]). Kernel W (K, C/groups, filters),
/// bias b (filters). steps' = ⌊(L − k')/s⌋ + 1 for Valid, ⌈L/s⌉ for Same, ⌊(L − 1)/s⌋ + 1 for Causal (k' − 1 zeros
/// before the sequence only, so step t sees inputs up to t: WaveNet), k' = d·(K − 1) + 1. Parameters:
/// K·(C/groups)·filters + filters. Source: keras.layers.Conv1D.
/// </summary>
public sealed class Conv1D : BaseConv
{
    /// <summary>Creates the layer.</summary>
    /// <param name="filters">Output channels (&gt; 0, divisible by groups).</param>
    /// <param name="kernelSize">K.</param>
    /// <param name="strides">s (default 1).</param>
    /// <param name="padding">Valid (default), Same or Causal.</param>
    /// <param name="dilationRate">d (default 1); cannot exceed 1 together with the stride (Keras).</param>
    /// <param name="groups">Channel groups (default 1).</param>
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
    /// <exception cref="ArgumentException">filters not divisible by groups, stride and dilation both above 1.</exception>
    public Conv1D(int filters, int kernelSize, int strides = 1, Padding padding = Padding.Valid, int dilationRate = 1, int groups = 1,
        ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null,
        Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null)
        : base(activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer,
            kernelConstraint, biasConstraint, name)
    {
        LayerArgs.Positive("Conv1D", nameof(filters), filters);
        LayerArgs.Positive("Conv1D", nameof(kernelSize), kernelSize);
        LayerArgs.Positive("Conv1D", nameof(strides), strides);
        LayerArgs.Positive("Conv1D", nameof(dilationRate), dilationRate);
        LayerArgs.Positive("Conv1D", nameof(groups), groups);
        if (filters % groups != 0)
            throw new ArgumentException($"Conv1D: filters ({filters}) must be divisible by groups ({groups}).");
        LayerArgs.StridesOrDilation("Conv1D", strides, dilationRate);
        Filters = filters;
        KernelSize = kernelSize;
        Strides = strides;
        Padding = padding;
        DilationRate = dilationRate;
        Groups = groups;
    }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>K.</summary>
    public int KernelSize { get; }

    /// <summary>s.</summary>
    public int Strides { get; }

    /// <summary>Valid, Same or Causal.</summary>
    public Padding Padding { get; }

    /// <summary>d.</summary>
    public int DilationRate { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ExpectRank(inputShape, 2, "(batch, steps, channels)");
        int c = inputShape[1];
        if (c % Groups != 0)
            throw new ArgumentException($"{Who}: the {c} input channels of {LayerArgs.Batched(inputShape)} are not divisible by groups = {Groups}.");
        var (_, _, length) = ConvShapes.Axis(inputShape[0], KernelSize, Strides, DilationRate, Padding);
        if (length < 1)
            throw new ArgumentException($"{Who}: the window of {ConvShapes.Effective(KernelSize, DilationRate)} steps (kernel {KernelSize}, dilation {DilationRate}) is longer than the {inputShape[0]} steps of the input {LayerArgs.Batched(inputShape)} with Valid padding.");
        CreateWeights([KernelSize, c / Groups, Filters], Filters);
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context) =>
        Finish(ConvOps.Conv1D(Who, input, Kernel!, Strides, Padding, DilationRate, Groups));

    /// <inheritdoc />
    public override LayerConfig GetConfig() => ConvConfig()
        .Set("filters", Filters).Set("kernel_size", new[] { KernelSize }).Set("strides", new[] { Strides })
        .Set("padding", LayerArgs.PaddingName(Padding)).Set("dilation_rate", new[] { DilationRate }).Set("groups", Groups);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/> (initializers by name).</summary>
    /// <exception cref="InvalidDataException">A missing or malformed entry, or data_format channels_first.</exception>
    public static Layer FromConfig(LayerConfig c)
    {
        LayerArgs.ChannelsLast(c);
        return new Conv1D(c.GetInt("filters"), c.GetInts("kernel_size")[0],
            c.GetInts("strides", [1])[0], LayerArgs.ParsePadding(c.GetString("padding", "valid")), c.GetInts("dilation_rate", [1])[0],
            c.GetInt("groups", 1), c.GetActivation("activation"), c.GetBool("use_bias", true),
            KernelInitializerFrom(c), BiasInitializerFrom(c),
            name: c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
    }
}
