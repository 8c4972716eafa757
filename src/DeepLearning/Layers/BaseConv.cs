using DeepLearning.Activations;
using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// What the convolution layers share (Keras's BaseConv): a kernel and an optional bias created at the first call,
/// y = f(conv(x, kernel) + bias) with the bias broadcast over the channel (last) axis, the activation f, and the
/// initializers (Glorot-uniform kernel, zero bias by default, with Keras's fans: receptive field × channels),
/// regularizers and constraints of both weights.
/// </summary>
public abstract class BaseConv : KernelLayer
{
    private Tensor? _kernel, _bias;

    private protected BaseConv(ActivationFunction? activation, bool useBias, Initializer? kernelInitializer, Initializer? biasInitializer,
        Regularizer? kernelRegularizer, Regularizer? biasRegularizer, Regularizer? activityRegularizer, Constraint? kernelConstraint,
        Constraint? biasConstraint, string? name)
        : base(useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer, kernelConstraint,
            biasConstraint, name) => ActivationFunction = activation ?? ActivationFunction.Linear;

    /// <summary>The activation f.</summary>
    public ActivationFunction ActivationFunction { get; }

    /// <summary>The kernel in Keras's layout (see the layer); null before the first call.</summary>
    public Tensor? Kernel => _kernel;

    /// <summary>The bias, one value per output channel; null before the first call or without bias.</summary>
    public Tensor? Bias => _bias;

    /// <summary>"Conv2D 'conv2d_1'": how error messages name the layer.</summary>
    private protected string Who => LayerArgs.Describe(this);

    /// <summary>Creates the kernel and (with <see cref="KernelLayer.UseBias"/>) a bias of <paramref name="outputChannels"/> values.</summary>
    private protected void CreateWeights(Shape kernelShape, int outputChannels)
    {
        _kernel = AddKernel("kernel", kernelShape);
        _bias = AddBias("bias", [outputChannels]);
    }

    /// <summary>f(y + bias).</summary>
    private protected Tensor Finish(Tensor y) => ActivationFunction.Apply(_bias is null ? y : y + _bias);

    /// <summary>Checks the rank of a per-sample input shape in Build.</summary>
    private protected void ExpectRank(Shape sample, int rank, string layout)
    {
        if (sample.Rank != rank)
            throw new ArgumentException($"{Who}: expects inputs of shape {layout}; got {LayerArgs.Batched(sample)}.");
    }

    /// <summary>The entries every convolution saves (Keras's names): activation, use_bias, initializers and data_format.</summary>
    private protected LayerConfig ConvConfig(string kernelInitializerKey = "kernel_initializer") => base.GetConfig()
        .Set("data_format", "channels_last").Set("activation", ActivationFunction).Set("use_bias", UseBias)
        .Set(kernelInitializerKey, KernelInitializer.Name).Set("bias_initializer", BiasInitializer.Name);
}
