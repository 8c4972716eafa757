using DeepLearning.Activations;

namespace DeepLearning.Layers;

/// <summary>
/// Keras's Activation layer, y = f(x), and the catalogue of activation functions: <c>Activation.ReLU</c>,
/// <c>Activation.Softmax</c>, … are <see cref="ActivationFunction"/> values for a layer's <c>activation</c> argument
/// (<c>new Dense(10, activation: Activation.Softmax)</c>); <c>new Activation("relu")</c> is the layer.
/// </summary>
public sealed class Activation : Layer
{
    /// <summary>A layer applying <paramref name="function"/> (a value or a Keras name such as "relu").</summary>
    public Activation(ActivationFunction function, string? name = null) : base(name) => Function = function;

    /// <summary>The function applied.</summary>
    public ActivationFunction Function { get; }

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context) => Function.Apply(input);

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("activation", Function);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig config) => new Activation(config.GetActivation("activation")!, config.GetString("name"));

    /// <summary>y = x.</summary>
    public static ActivationFunction Linear => ActivationFunction.Linear;

    /// <summary>max(0, x).</summary>
    public static ActivationFunction ReLU => ActivationFunction.ReLU;

    /// <summary>min(max(0, x), 6).</summary>
    public static ActivationFunction ReLU6 => ActivationFunction.ReLU6;

    /// <summary>Leaky ReLU with slope α for x &lt; 0 (Keras default 0.3).</summary>
    public static ActivationFunction LeakyReLU(double alpha = 0.3) => ActivationFunction.LeakyReLU(alpha);

    /// <summary>ELU with α = 1.</summary>
    public static ActivationFunction Elu => ActivationFunction.Elu;

    /// <summary>SELU.</summary>
    public static ActivationFunction Selu => ActivationFunction.Selu;

    /// <summary>GELU (exact).</summary>
    public static ActivationFunction Gelu => ActivationFunction.Gelu;

    /// <summary>Swish/SiLU.</summary>
    public static ActivationFunction Swish => ActivationFunction.Swish;

    /// <summary>Mish.</summary>
    public static ActivationFunction Mish => ActivationFunction.Mish;

    /// <summary>Logistic sigmoid.</summary>
    public static ActivationFunction Sigmoid => ActivationFunction.Sigmoid;

    /// <summary>Hard sigmoid relu6(x + 3)/6.</summary>
    public static ActivationFunction HardSigmoid => ActivationFunction.HardSigmoid;

    /// <summary>tanh.</summary>
    public static ActivationFunction Tanh => ActivationFunction.Tanh;

    /// <summary>Softmax over the last axis.</summary>
    public static ActivationFunction Softmax => ActivationFunction.Softmax;

    /// <summary>ln(1 + eˣ).</summary>
    public static ActivationFunction Softplus => ActivationFunction.Softplus;

    /// <summary>x/(1 + |x|).</summary>
    public static ActivationFunction Softsign => ActivationFunction.Softsign;

    /// <summary>eˣ.</summary>
    public static ActivationFunction Exponential => ActivationFunction.Exponential;
}
