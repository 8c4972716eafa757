namespace DeepLearning.Devices;

/// <summary>
/// Element-wise unary kernels, y = f(x; α, β). Every device implements all of them for floating dtypes; the ones
/// marked "integer too" also for <see cref="DType.Int32"/>. α and β are the op's parameters (ignored otherwise).
/// </summary>
public enum UnaryOp
{
    /// <summary>y = −x (integer too).</summary>
    Neg,
    /// <summary>y = |x| (integer too).</summary>
    Abs,
    /// <summary>y = sign(x) ∈ {−1, 0, 1} (integer too).</summary>
    Sign,
    /// <summary>y = x² (integer too).</summary>
    Square,
    /// <summary>y = √x.</summary>
    Sqrt,
    /// <summary>y = 1/√x.</summary>
    Rsqrt,
    /// <summary>y = 1/x.</summary>
    Reciprocal,
    /// <summary>y = eˣ.</summary>
    Exp,
    /// <summary>y = ln x.</summary>
    Log,
    /// <summary>y = ln(1 + x), accurate near 0.</summary>
    Log1p,
    /// <summary>y = eˣ − 1, accurate near 0.</summary>
    Expm1,
    /// <summary>y = sin x.</summary>
    Sin,
    /// <summary>y = cos x.</summary>
    Cos,
    /// <summary>y = tanh x.</summary>
    Tanh,
    /// <summary>y = 1/(1 + e⁻ˣ).</summary>
    Sigmoid,
    /// <summary>y = max(0, x) (integer too).</summary>
    Relu,
    /// <summary>y = x if x &gt; 0 else αx.</summary>
    LeakyRelu,
    /// <summary>y = x if x &gt; 0 else α(eˣ − 1).</summary>
    Elu,
    /// <summary>y = λx if x &gt; 0 else λα(eˣ − 1), λ ≈ 1.0507009873554805, α ≈ 1.6732632423543772.</summary>
    Selu,
    /// <summary>y = x·Φ(x) = ½x(1 + erf(x/√2)) (exact GELU).</summary>
    Gelu,
    /// <summary>y = ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (tanh approximation of GELU).</summary>
    GeluTanh,
    /// <summary>y = ln(1 + eˣ), computed without overflow.</summary>
    Softplus,
    /// <summary>y = x/(1 + |x|).</summary>
    Softsign,
    /// <summary>y = x·σ(x) (Swish/SiLU).</summary>
    Silu,
    /// <summary>y = x·tanh(softplus(x)).</summary>
    Mish,
    /// <summary>y = max(0, min(1, αx + β)).</summary>
    HardSigmoid,
    /// <summary>y = ⌊x⌋.</summary>
    Floor,
    /// <summary>y = ⌈x⌉.</summary>
    Ceil,
    /// <summary>y = x rounded to the nearest integer, ties to even.</summary>
    Round,
    /// <summary>y = min(max(x, α), β) (integer too).</summary>
    Clip,
    /// <summary>y = x + α (integer too).</summary>
    AddScalar,
    /// <summary>y = αx (integer too).</summary>
    MulScalar,
    /// <summary>y = α − x (integer too).</summary>
    RSubScalar,
    /// <summary>y = x/α.</summary>
    DivScalar,
    /// <summary>y = α/x.</summary>
    RDivScalar,
    /// <summary>y = x^α.</summary>
    PowScalar,
    /// <summary>y = α^x.</summary>
    RPowScalar,
    /// <summary>y = erf(x).</summary>
    Erf,
}

/// <summary>Facts about <see cref="UnaryOp"/>.</summary>
public static class UnaryOpInfo
{
    /// <summary>True when the op is defined on <see cref="DType.Int32"/> tensors.</summary>
    public static bool SupportsInteger(this UnaryOp op) => op is UnaryOp.Neg or UnaryOp.Abs or UnaryOp.Sign
        or UnaryOp.Square or UnaryOp.Relu or UnaryOp.Clip or UnaryOp.AddScalar or UnaryOp.MulScalar or UnaryOp.RSubScalar;
}
