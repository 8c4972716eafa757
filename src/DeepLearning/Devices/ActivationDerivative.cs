namespace DeepLearning.Devices;

/// <summary>
/// The derivatives of activations fused with the chain rule, y = g·f′(p; α, β), that a device may run in one pass
/// through <see cref="IFusedKernels.ActivationBackward"/>; every other device gets them composed from the core
/// <see cref="UnaryOp"/>, <see cref="BinaryOp"/> and <see cref="Device.Select"/> kernels. p is the forward input x,
/// or the output y where noted; g is the upstream gradient. "Integer too" marks those defined on
/// <see cref="DType.Int32"/>. The formulas are the derivatives of the <see cref="UnaryOp"/> of the same name.
/// </summary>
public enum ActivationDerivative
{
    /// <summary>g·[x &gt; 0] (integer too).</summary>
    Relu,
    /// <summary>g·(x &gt; 0 ? 1 : α).</summary>
    LeakyRelu,
    /// <summary>g·(x &gt; 0 ? 1 : αeˣ).</summary>
    Elu,
    /// <summary>g·λ·(x &gt; 0 ? 1 : αeˣ), λ ≈ 1.0507009873554805, α ≈ 1.6732632423543772.</summary>
    Selu,
    /// <summary>g·(Φ(x) + xφ(x)), Φ and φ the standard normal CDF and density.</summary>
    Gelu,
    /// <summary>g·d/dx of the tanh-approximated GELU: ½(1 + tanh u) + ½x(1 − tanh²u)·√(2/π)(1 + 3·0.044715x²),
    /// u = √(2/π)(x + 0.044715x³).</summary>
    GeluTanh,
    /// <summary>g·σ(x).</summary>
    Softplus,
    /// <summary>g/(1 + |x|)².</summary>
    Softsign,
    /// <summary>g·σ(x)(1 + x(1 − σ(x))).</summary>
    Silu,
    /// <summary>g·(tanh(sp(x)) + x(1 − tanh²(sp(x)))σ(x)), sp = softplus.</summary>
    Mish,
    /// <summary>g·α·[0 &lt; αx + β &lt; 1].</summary>
    HardSigmoid,
    /// <summary>g·[α ≤ x ≤ β] (integer too).</summary>
    Clip,
    /// <summary>p is the output y = σ(x): g·y(1 − y).</summary>
    SigmoidFromOutput,
    /// <summary>p is the output y = tanh(x): g·(1 − y²).</summary>
    TanhFromOutput,
}

/// <summary>Facts about <see cref="ActivationDerivative"/>.</summary>
public static class ActivationDerivativeInfo
{
    /// <summary>True when the derivative is defined on <see cref="DType.Int32"/> tensors.</summary>
    public static bool SupportsInteger(this ActivationDerivative op) => op is ActivationDerivative.Relu or ActivationDerivative.Clip;
}
