using DeepLearning.Devices.Cpu;

namespace DeepLearning.Devices.Reference;

/// <summary>The scalar definition of every element-wise op, in double precision: the specification the fast
/// kernels are tested against. GPU kernels call these functions too, so they never throw: a value outside the op
/// enums gives NaN.</summary>
public static class ReferenceMath
{
    private const double SeluLambda = 1.0507009873554804934193349852946, SeluAlpha = 1.6732632423543772848170429916717;

    /// <summary>y = f(x; α, β) for a <see cref="UnaryOp"/>.</summary>
    public static double Unary(UnaryOp op, double x, double a, double b) => op switch
    {
        UnaryOp.Neg => -x,
        UnaryOp.Abs => Math.Abs(x),
        UnaryOp.Sign => x > 0 ? 1 : x < 0 ? -1 : x,
        UnaryOp.Square => x * x,
        UnaryOp.Sqrt => Math.Sqrt(x),
        UnaryOp.Rsqrt => 1 / Math.Sqrt(x),
        UnaryOp.Reciprocal => 1 / x,
        UnaryOp.Exp => Math.Exp(x),
        UnaryOp.Log => Math.Log(x),
        UnaryOp.Log1p => Math.Abs(x) < 1e-4 ? x - x * x / 2 + x * x * x / 3 : Math.Log(1 + x),
        UnaryOp.Expm1 => Math.Abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1,
        UnaryOp.Sin => Math.Sin(x),
        UnaryOp.Cos => Math.Cos(x),
        UnaryOp.Tanh => Math.Tanh(x),
        UnaryOp.Sigmoid => Sigmoid(x),
        UnaryOp.Relu => double.IsNaN(x) ? x : Math.Max(0, x),
        UnaryOp.LeakyRelu => x > 0 ? x : a * x,
        UnaryOp.Elu => x > 0 ? x : a * (Math.Exp(x) - 1),
        UnaryOp.Selu => SeluLambda * (x > 0 ? x : SeluAlpha * (Math.Exp(x) - 1)),
        UnaryOp.Gelu => 0.5 * x * (1 + MathFunctions.Erf(x / Math.Sqrt(2))),
        UnaryOp.GeluTanh => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))),
        UnaryOp.Softplus => Softplus(x),
        UnaryOp.Softsign => x / (1 + Math.Abs(x)),
        UnaryOp.Silu => x * Sigmoid(x),
        UnaryOp.Mish => x * Math.Tanh(Softplus(x)),
        UnaryOp.HardSigmoid => Math.Min(Math.Max(a * x + b, 0), 1),
        UnaryOp.Floor => Math.Floor(x),
        UnaryOp.Ceil => Math.Ceiling(x),
        UnaryOp.Round => Math.Round(x, MidpointRounding.ToEven),
        UnaryOp.Clip => double.IsNaN(x) ? x : Math.Min(Math.Max(x, a), b),
        UnaryOp.AddScalar => x + a,
        UnaryOp.MulScalar => x * a,
        UnaryOp.RSubScalar => a - x,
        UnaryOp.DivScalar => x / a,
        UnaryOp.RDivScalar => a / x,
        UnaryOp.PowScalar => Math.Pow(x, a),
        UnaryOp.RPowScalar => Math.Pow(a, x),
        UnaryOp.Erf => MathFunctions.Erf(x),
        _ => double.NaN,
    };

    /// <summary>y = f(p, q; α, β) for a <see cref="BinaryOp"/>.</summary>
    public static double Binary(BinaryOp op, double p, double q, double a, double b) => op switch
    {
        BinaryOp.Add => p + q,
        BinaryOp.AddScaled => p + a * q,
        BinaryOp.Sub => p - q,
        BinaryOp.Mul => p * q,
        BinaryOp.Div => p / q,
        BinaryOp.Pow => Math.Pow(p, q),
        BinaryOp.Maximum => double.IsNaN(p) || double.IsNaN(q) ? double.NaN : Math.Max(p, q),
        BinaryOp.Minimum => double.IsNaN(p) || double.IsNaN(q) ? double.NaN : Math.Min(p, q),
        BinaryOp.Equal => p == q ? 1 : 0,
        BinaryOp.NotEqual => p != q ? 1 : 0,
        BinaryOp.Less => p < q ? 1 : 0,
        BinaryOp.LessEqual => p <= q ? 1 : 0,
        BinaryOp.Greater => p > q ? 1 : 0,
        BinaryOp.GreaterEqual => p >= q ? 1 : 0,
        _ => double.NaN,
    };

    /// <summary>g·f′(p; α, β) for an <see cref="ActivationDerivative"/> (p the input x, or the output y where the
    /// op says so): the formulas of <see cref="ActivationDerivative"/>, the derivatives of <see cref="Unary"/>.</summary>
    public static double Derivative(ActivationDerivative op, double p, double g, double a, double b)
    {
        switch (op)
        {
            case ActivationDerivative.Relu: return p > 0 ? g : 0;
            case ActivationDerivative.LeakyRelu: return p > 0 ? g : a * g;
            case ActivationDerivative.Elu: return g * (p > 0 ? 1 : a * Math.Exp(p));
            case ActivationDerivative.Selu: return g * SeluLambda * (p > 0 ? 1 : SeluAlpha * Math.Exp(p));
            case ActivationDerivative.Gelu:
                return g * (0.5 * (1 + MathFunctions.Erf(p / Math.Sqrt(2))) + p * Math.Exp(-0.5 * p * p) / Math.Sqrt(2 * Math.PI));
            case ActivationDerivative.GeluTanh:
                double k = Math.Sqrt(2 / Math.PI), t = Math.Tanh(k * (p + 0.044715 * p * p * p));
                return g * (0.5 * (1 + t) + 0.5 * p * (1 - t * t) * k * (1 + 3 * 0.044715 * p * p));
            case ActivationDerivative.Softplus: return g * Sigmoid(p);
            case ActivationDerivative.Softsign: return g / ((1 + Math.Abs(p)) * (1 + Math.Abs(p)));
            case ActivationDerivative.Silu:
                double s = Sigmoid(p);
                return g * s * (1 + p * (1 - s));
            case ActivationDerivative.Mish:
                double tsp = Math.Tanh(Softplus(p));
                return g * (tsp + p * (1 - tsp * tsp) * Sigmoid(p));
            case ActivationDerivative.HardSigmoid:
                double z = a * p + b;
                return z > 0 && z < 1 ? g * a : 0;
            case ActivationDerivative.Clip: return p >= a && p <= b ? g : 0;
            case ActivationDerivative.SigmoidFromOutput: return g * p * (1 - p);
            case ActivationDerivative.TanhFromOutput: return g * (1 - p * p);
            default: return double.NaN;
        }
    }

    /// <summary>σ(x) without overflow.</summary>
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>ln(1 + eˣ) without overflow.</summary>
    public static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));
}
