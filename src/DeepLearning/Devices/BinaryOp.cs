namespace DeepLearning.Devices;

/// <summary>
/// Element-wise binary kernels, y = f(a, b; α, β), on operands already broadcast to the output shape. Comparisons
/// return 1 or 0 in the operands' dtype. The <c>…Backward</c> ops are the derivatives of activations, fused with
/// the chain rule: a is the forward input x (or output y where noted) and b the upstream gradient g.
/// "Integer too" marks the ops also defined on <see cref="DType.Int32"/>.
/// </summary>
public enum BinaryOp
{
    /// <summary>a + b (integer too).</summary>
    Add,
    /// <summary>a + α·b (the scaled add of optimizer updates, in one pass).</summary>
    AddScaled,
    /// <summary>a − b (integer too).</summary>
    Sub,
    /// <summary>a·b (integer too).</summary>
    Mul,
    /// <summary>a / b (integer too: truncating, division by zero throws).</summary>
    Div,
    /// <summary>aᵇ.</summary>
    Pow,
    /// <summary>max(a, b); NaN if either is NaN (integer too).</summary>
    Maximum,
    /// <summary>min(a, b); NaN if either is NaN (integer too).</summary>
    Minimum,
    /// <summary>a == b (integer too).</summary>
    Equal,
    /// <summary>a ≠ b (integer too).</summary>
    NotEqual,
    /// <summary>a &lt; b (integer too).</summary>
    Less,
    /// <summary>a ≤ b (integer too).</summary>
    LessEqual,
    /// <summary>a &gt; b (integer too).</summary>
    Greater,
    /// <summary>a ≥ b (integer too).</summary>
    GreaterEqual,
    /// <summary>g·[x &gt; 0] (integer too).</summary>
    ReluBackward,
    /// <summary>g·(x &gt; 0 ? 1 : α).</summary>
    LeakyReluBackward,
    /// <summary>g·(x &gt; 0 ? 1 : αeˣ).</summary>
    EluBackward,
    /// <summary>g·λ·(x &gt; 0 ? 1 : αeˣ).</summary>
    SeluBackward,
    /// <summary>g·(Φ(x) + xφ(x)).</summary>
    GeluBackward,
    /// <summary>g·d/dx of the tanh-approximated GELU.</summary>
    GeluTanhBackward,
    /// <summary>g·σ(x).</summary>
    SoftplusBackward,
    /// <summary>g/(1 + |x|)².</summary>
    SoftsignBackward,
    /// <summary>g·σ(x)(1 + x(1 − σ(x))).</summary>
    SiluBackward,
    /// <summary>g·d/dx[x·tanh(softplus(x))].</summary>
    MishBackward,
    /// <summary>g·α·[0 &lt; αx + β &lt; 1].</summary>
    HardSigmoidBackward,
    /// <summary>g·[α ≤ x ≤ β] (integer too).</summary>
    ClipBackward,
    /// <summary>a is the output y = σ(x): g·y(1 − y).</summary>
    SigmoidBackwardFromOutput,
    /// <summary>a is the output y = tanh(x): g·(1 − y²).</summary>
    TanhBackwardFromOutput,
}

/// <summary>Facts about <see cref="BinaryOp"/>.</summary>
public static class BinaryOpInfo
{
    /// <summary>True when the op is defined on <see cref="DType.Int32"/> tensors.</summary>
    public static bool SupportsInteger(this BinaryOp op) => op is BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul
        or BinaryOp.Div or BinaryOp.Maximum or BinaryOp.Minimum or BinaryOp.Equal or BinaryOp.NotEqual
        or BinaryOp.Less or BinaryOp.LessEqual or BinaryOp.Greater or BinaryOp.GreaterEqual
        or BinaryOp.ReluBackward or BinaryOp.ClipBackward;
}
