namespace DeepLearning.Devices;

/// <summary>
/// Element-wise binary kernels, y = f(a, b; α, β), on operands already broadcast to the output shape. Comparisons
/// return 1 or 0 in the operands' dtype. "Integer too" marks the ops also defined on <see cref="DType.Int32"/>.
/// Activation derivatives are not core ops: see <see cref="ActivationDerivative"/> and <see cref="IFusedKernels"/>.
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
}

/// <summary>Facts about <see cref="BinaryOp"/>.</summary>
public static class BinaryOpInfo
{
    /// <summary>True when the op is defined on <see cref="DType.Int32"/> tensors.</summary>
    public static bool SupportsInteger(this BinaryOp op) => op is BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul
        or BinaryOp.Div or BinaryOp.Maximum or BinaryOp.Minimum or BinaryOp.Equal or BinaryOp.NotEqual
        or BinaryOp.Less or BinaryOp.LessEqual or BinaryOp.Greater or BinaryOp.GreaterEqual;
}
