using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// The base of the layers whose weights are kernels and biases (<see cref="Dense"/>, the convolutions
/// (<see cref="BaseConv"/>), the recurrent layers (<see cref="RecurrentLayer"/>) and <see cref="MultiHeadAttention"/>):
/// the use_bias flag and the initializer, regularizer and constraint of the kernels and of the biases, with Keras's
/// defaults (Glorot-uniform kernels, zero biases), and the helpers that create a kernel or a bias with them. Its
/// constructor is not accessible outside the library.
/// </summary>
public abstract class KernelLayer : Layer
{
    /// <summary>Stores the kernel and bias options (null initializers take the defaults) and the activity regularizer.</summary>
    private protected KernelLayer(bool useBias, Initializer? kernelInitializer, Initializer? biasInitializer, Regularizer? kernelRegularizer,
        Regularizer? biasRegularizer, Regularizer? activityRegularizer, Constraint? kernelConstraint, Constraint? biasConstraint,
        string? name) : base(name)
    {
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? Initializer.GlorotUniform;
        BiasInitializer = biasInitializer ?? Initializer.Zeros;
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
        ActivityRegularizer = activityRegularizer;
        KernelConstraint = kernelConstraint;
        BiasConstraint = biasConstraint;
    }

    /// <summary>Whether the bias(es) are added.</summary>
    public bool UseBias { get; }

    /// <summary>Initial kernel(s) (default Glorot uniform).</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>Initial bias(es) (default zeros).</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>Penalty on the kernel(s).</summary>
    public Regularizer? KernelRegularizer { get; internal set; }

    /// <summary>Penalty on the bias(es).</summary>
    public Regularizer? BiasRegularizer { get; internal set; }

    /// <summary>Projection of the kernel(s) after each optimizer step.</summary>
    public Constraint? KernelConstraint { get; internal set; }

    /// <summary>Projection of the bias(es) after each optimizer step.</summary>
    public Constraint? BiasConstraint { get; internal set; }

    /// <summary>Creates a kernel with <see cref="KernelInitializer"/>, <see cref="KernelRegularizer"/> and
    /// <see cref="KernelConstraint"/>.</summary>
    private protected Tensor AddKernel(string name, Shape shape) =>
        AddWeight(name, shape, KernelInitializer, regularizer: KernelRegularizer, constraint: KernelConstraint);

    /// <summary>With <see cref="UseBias"/>, creates a bias with <see cref="BiasRegularizer"/>, <see cref="BiasConstraint"/>
    /// and <paramref name="initializer"/> (default <see cref="BiasInitializer"/>); else null.</summary>
    private protected Tensor? AddBias(string name, Shape shape, Initializer? initializer = null) =>
        UseBias ? AddWeight(name, shape, initializer ?? BiasInitializer, regularizer: BiasRegularizer, constraint: BiasConstraint) : null;

    /// <summary>The kernel initializer a configuration names under <paramref name="key"/> (default glorot_uniform).</summary>
    private protected static Initializer KernelInitializerFrom(LayerConfig c, string key = "kernel_initializer") =>
        Initializer.FromName(c.GetString(key, "glorot_uniform"));

    /// <summary>The bias initializer a configuration names (default zeros).</summary>
    private protected static Initializer BiasInitializerFrom(LayerConfig c) => Initializer.FromName(c.GetString("bias_initializer", "zeros"));
}
