using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;

namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>a + b with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => BinaryNode.Apply(BinaryOp.Add, a, b);

    /// <summary>a − b with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => BinaryNode.Apply(BinaryOp.Sub, a, b);

    /// <summary>a ⊙ b (element-wise) with broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => BinaryNode.Apply(BinaryOp.Mul, a, b);

    /// <summary>a ⊘ b (element-wise) with broadcasting; int32 division truncates and throws on zero.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => BinaryNode.Apply(BinaryOp.Div, a, b);

    /// <summary>−x.</summary>
    public static Tensor operator -(Tensor x) => UnaryNode.Apply(UnaryOp.Neg, x);

    /// <summary>x + s.</summary>
    public static Tensor operator +(Tensor x, double s) => UnaryNode.Apply(UnaryOp.AddScalar, x, OpChecks.Scalar("Add", x, s));

    /// <summary>s + x.</summary>
    public static Tensor operator +(double s, Tensor x) => x + s;

    /// <summary>x − s.</summary>
    public static Tensor operator -(Tensor x, double s) => UnaryNode.Apply(UnaryOp.AddScalar, x, -OpChecks.Scalar("Sub", x, s));

    /// <summary>s − x.</summary>
    public static Tensor operator -(double s, Tensor x) => UnaryNode.Apply(UnaryOp.RSubScalar, x, OpChecks.Scalar("Sub", x, s));

    /// <summary>x·s.</summary>
    public static Tensor operator *(Tensor x, double s) => UnaryNode.Apply(UnaryOp.MulScalar, x, OpChecks.Scalar("Mul", x, s));

    /// <summary>s·x.</summary>
    public static Tensor operator *(double s, Tensor x) => x * s;

    /// <summary>x / s (floating tensors).</summary>
    public static Tensor operator /(Tensor x, double s) => UnaryNode.Apply(UnaryOp.DivScalar, x, s);

    /// <summary>s / x (floating tensors).</summary>
    public static Tensor operator /(double s, Tensor x) => UnaryNode.Apply(UnaryOp.RDivScalar, x, s);

    /// <summary>[a &lt; b] as 1/0 in the operands' dtype (no gradient).</summary>
    public static Tensor operator <(Tensor a, Tensor b) => BinaryNode.Apply(BinaryOp.Less, a, b);

    /// <summary>[a &gt; b] as 1/0 (no gradient).</summary>
    public static Tensor operator >(Tensor a, Tensor b) => BinaryNode.Apply(BinaryOp.Greater, a, b);

    /// <summary>[a ≤ b] as 1/0 (no gradient).</summary>
    public static Tensor operator <=(Tensor a, Tensor b) => BinaryNode.Apply(BinaryOp.LessEqual, a, b);

    /// <summary>[a ≥ b] as 1/0 (no gradient).</summary>
    public static Tensor operator >=(Tensor a, Tensor b) => BinaryNode.Apply(BinaryOp.GreaterEqual, a, b);

    /// <summary>[x &lt; s] as 1/0 (no gradient).</summary>
    public static Tensor operator <(Tensor x, double s) => x < x.ScalarLike(s, "Less");

    /// <summary>[x &gt; s] as 1/0 (no gradient).</summary>
    public static Tensor operator >(Tensor x, double s) => x > x.ScalarLike(s, "Greater");

    /// <summary>[x ≤ s] as 1/0 (no gradient).</summary>
    public static Tensor operator <=(Tensor x, double s) => x <= x.ScalarLike(s, "LessEqual");

    /// <summary>[x ≥ s] as 1/0 (no gradient).</summary>
    public static Tensor operator >=(Tensor x, double s) => x >= x.ScalarLike(s, "GreaterEqual");

    /// <summary>a + b.</summary>
    public Tensor Add(Tensor other) => this + other;

    /// <summary>a − b.</summary>
    public Tensor Sub(Tensor other) => this - other;

    /// <summary>a ⊙ b.</summary>
    public Tensor Mul(Tensor other) => this * other;

    /// <summary>a ⊘ b.</summary>
    public Tensor Div(Tensor other) => this / other;

    /// <summary>xᵉ element-wise with broadcasting (floating).</summary>
    public Tensor Pow(Tensor exponent) => BinaryNode.Apply(BinaryOp.Pow, this, exponent);

    /// <summary>xᵖ with a scalar exponent (floating).</summary>
    public Tensor Pow(double exponent) => exponent == 2 ? Square() : UnaryNode.Apply(UnaryOp.PowScalar, this, exponent);

    /// <summary>bˣ: a scalar base raised to each element (floating).</summary>
    public static Tensor Pow(double @base, Tensor exponent) => UnaryNode.Apply(UnaryOp.RPowScalar, exponent, @base);

    /// <summary>Element-wise maximum with broadcasting; NaN propagates; on ties the gradient goes to this tensor.</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => BinaryNode.Apply(BinaryOp.Maximum, a, b);

    /// <summary>Element-wise minimum with broadcasting; NaN propagates; on ties the gradient goes to the first operand.</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => BinaryNode.Apply(BinaryOp.Minimum, a, b);

    /// <summary>[a = b] as 1/0 in the operands' dtype (no gradient).</summary>
    public Tensor Eq(Tensor other) => BinaryNode.Apply(BinaryOp.Equal, this, other);

    /// <summary>[x = s] as 1/0 (no gradient).</summary>
    public Tensor Eq(double s) => Eq(ScalarLike(s, "Equal"));

    /// <summary>[a ≠ b] as 1/0 (no gradient).</summary>
    public Tensor Ne(Tensor other) => BinaryNode.Apply(BinaryOp.NotEqual, this, other);

    /// <summary>[x ≠ s] as 1/0 (no gradient).</summary>
    public Tensor Ne(double s) => Ne(ScalarLike(s, "NotEqual"));

    /// <summary>condition ≠ 0 ? a : b, element-wise with broadcasting; gradients flow to a and b.</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => WhereNode.Apply(condition, a, b);

    private Tensor ScalarLike(double value, string op) => Full(Shape.Scalar, OpChecks.Scalar(op, this, value), DType, Device);
}
