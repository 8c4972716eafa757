namespace DeepLearning.Activations;

/// <summary>
/// An element-wise (or, for softmax, per-axis) activation: a named function of a tensor with its configuration.
/// Obtain one from <see cref="Layers.Activation"/>'s static members (<c>Activation.ReLU</c>), by name
/// (<c>"relu"</c> converts implicitly) or from the factory methods with parameters (<see cref="LeakyReLU"/>).
/// Every function is built from differentiable tensor ops, so it has a gradient.
/// </summary>
public sealed class ActivationFunction
{
    private readonly Func<Tensor, Tensor> _apply;

    private ActivationFunction(string name, Func<Tensor, Tensor> apply, double? parameter = null)
    {
        Name = name;
        _apply = apply;
        Parameter = parameter;
    }

    /// <summary>Keras's identifier ("relu", "softmax", …).</summary>
    public string Name { get; }

    /// <summary>The function's parameter (α of leaky ReLU and ELU, the axis of softmax), if any.</summary>
    public double? Parameter { get; }

    /// <summary>Applies the function.</summary>
    public Tensor Apply(Tensor x) => _apply(x);

    /// <inheritdoc />
    public override string ToString() => Parameter is double p ? $"{Name}({p})" : Name;

    /// <summary>y = x.</summary>
    public static ActivationFunction Linear { get; } = new("linear", x => x);

    /// <summary>max(0, x).</summary>
    public static ActivationFunction ReLU { get; } = new("relu", x => x.Relu());

    /// <summary>min(max(0, x), 6).</summary>
    public static ActivationFunction ReLU6 { get; } = new("relu6", x => x.Relu6());

    /// <summary>1/(1 + e⁻ˣ).</summary>
    public static ActivationFunction Sigmoid { get; } = new("sigmoid", x => x.Sigmoid());

    /// <summary>tanh x.</summary>
    public static ActivationFunction Tanh { get; } = new("tanh", x => x.Tanh());

    /// <summary>softmax over the last axis.</summary>
    public static ActivationFunction Softmax { get; } = new("softmax", x => x.Softmax(-1), -1);

    /// <summary>log-softmax over the last axis.</summary>
    public static ActivationFunction LogSoftmax { get; } = new("log_softmax", x => x.LogSoftmax(-1), -1);

    /// <summary>ELU with α = 1 (Keras's default).</summary>
    public static ActivationFunction Elu { get; } = new("elu", x => x.Elu(1.0), 1.0);

    /// <summary>SELU (self-normalising; pair with LeCun-normal initialisation).</summary>
    public static ActivationFunction Selu { get; } = new("selu", x => x.Selu());

    /// <summary>Exact GELU x·Φ(x).</summary>
    public static ActivationFunction Gelu { get; } = new("gelu", x => x.Gelu());

    /// <summary>Swish/SiLU x·σ(x).</summary>
    public static ActivationFunction Swish { get; } = new("silu", x => x.Silu());

    /// <summary>Mish x·tanh(softplus x).</summary>
    public static ActivationFunction Mish { get; } = new("mish", x => x.Mish());

    /// <summary>ln(1 + eˣ).</summary>
    public static ActivationFunction Softplus { get; } = new("softplus", x => x.Softplus());

    /// <summary>x/(1 + |x|).</summary>
    public static ActivationFunction Softsign { get; } = new("softsign", x => x.Softsign());

    /// <summary>Keras 3's hard sigmoid relu6(x + 3)/6.</summary>
    public static ActivationFunction HardSigmoid { get; } = new("hard_sigmoid", x => x.HardSigmoid());

    /// <summary>eˣ.</summary>
    public static ActivationFunction Exponential { get; } = new("exponential", x => x.Exp());

    /// <summary>Leaky ReLU: x if x &gt; 0 else αx (Keras's LeakyReLU layer defaults to α = 0.3).</summary>
    public static ActivationFunction LeakyReLU(double alpha = 0.3) => new("leaky_relu", x => x.LeakyRelu(alpha), alpha);

    /// <summary>ELU with a given α.</summary>
    public static ActivationFunction EluWith(double alpha) => new("elu", x => x.Elu(alpha), alpha);

    /// <summary>GELU, exact or with the tanh approximation.</summary>
    public static ActivationFunction GeluWith(bool approximate) => approximate ? new("gelu_approximate", x => x.Gelu(true)) : Gelu;

    /// <summary>Softmax over another axis.</summary>
    public static ActivationFunction SoftmaxOver(int axis) => axis == -1 ? Softmax : new("softmax", x => x.Softmax(axis), axis);

    private static readonly Dictionary<string, ActivationFunction> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["linear"] = Linear, ["relu"] = ReLU, ["relu6"] = ReLU6, ["sigmoid"] = Sigmoid, ["tanh"] = Tanh,
        ["softmax"] = Softmax, ["log_softmax"] = LogSoftmax, ["elu"] = Elu, ["selu"] = Selu, ["gelu"] = Gelu,
        ["silu"] = Swish, ["swish"] = Swish, ["mish"] = Mish, ["softplus"] = Softplus, ["softsign"] = Softsign,
        ["hard_sigmoid"] = HardSigmoid, ["exponential"] = Exponential, ["leaky_relu"] = LeakyReLU(),
        ["gelu_approximate"] = GeluWith(true),
    };

    /// <summary>The activation with a Keras identifier ("relu", "softmax", "elu", "selu", "swish", …).</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known names.</exception>
    public static ActivationFunction FromName(string name) =>
        ByName.TryGetValue(name, out var f) ? f
            : throw new ArgumentException($"Activation: unknown activation '{name}'. Known: {string.Join(", ", ByName.Keys)}.", nameof(name));

    /// <summary>Lets a Keras identifier stand for the activation: <c>activation: "relu"</c>.</summary>
    public static implicit operator ActivationFunction(string name) => FromName(name);

    /// <summary>Rebuilds an activation from its <see cref="Name"/> and <see cref="Parameter"/> (for model files).</summary>
    public static ActivationFunction FromConfig(string name, double? parameter) => (name, parameter) switch
    {
        ("leaky_relu", double a) => LeakyReLU(a),
        ("elu", double a) => EluWith(a),
        ("softmax", double axis) => SoftmaxOver((int)axis),
        _ => FromName(name),
    };
}
