using DeepLearning.Devices;

namespace DeepLearning.Autograd.Ops;

/// <summary>
/// Element-wise unary ops y = f(x; α, β): the forward runs one device kernel; the node saves x or y, whichever
/// its derivative needs, and its VJP is written with tensor ops (or one activation derivative, fused on devices that offer it). Floor, Ceil,
/// Round and Sign are piecewise constant and record no node (their gradient is zero almost everywhere).
/// </summary>
internal sealed class UnaryNode(UnaryOp op, double alpha, double beta) : Node
{
    public override string Name => op.ToString();

    /// <summary>y = f(x), recorded for autograd.</summary>
    public static Tensor Apply(UnaryOp op, Tensor x, double alpha = 0, double beta = 0)
    {
        var y = Forward(op, x, alpha, beta);
        if (!Node.ShouldRecord(x) || op is UnaryOp.Floor or UnaryOp.Ceil or UnaryOp.Round or UnaryOp.Sign) return y;
        var node = new UnaryNode(op, alpha, beta);
        node.Save(SavesOutput(op) ? y : x);
        if (op == UnaryOp.RDivScalar) node.Save(x);
        return node.Attach(y, x);
    }

    /// <summary>y = f(x) without recording.</summary>
    public static Tensor Forward(UnaryOp op, Tensor x, double alpha = 0, double beta = 0)
    {
        var xv = x.View;
        if (!x.DType.IsFloating() && !op.SupportsInteger())
            throw new ArgumentException($"{op}: not defined for int32 tensors (shape {x.Shape}); Cast to float32 first.");
        var y = x.EmptyLike(x.Shape);
        x.Device.Unary(op, xv, y.View, alpha, beta);
        return y;
    }

    private static bool SavesOutput(UnaryOp op) => op is UnaryOp.Exp or UnaryOp.Expm1 or UnaryOp.Sqrt or UnaryOp.Rsqrt
        or UnaryOp.Reciprocal or UnaryOp.Tanh or UnaryOp.Sigmoid or UnaryOp.RPowScalar or UnaryOp.RDivScalar;

    protected internal override void Backward(Tensor g)
    {
        var s = GetSaved(0);
        switch (op)
        {
            case UnaryOp.Neg: PassGrad(0, -g); break;
            case UnaryOp.Abs: PassGrad(0, g * s.Sign()); break;
            case UnaryOp.Square: PassGrad(0, g * s * 2.0); break;
            case UnaryOp.Sqrt: PassGrad(0, g / s * 0.5); break;
            case UnaryOp.Rsqrt: PassGrad(0, g * s * s * s * -0.5); break;
            case UnaryOp.Reciprocal: PassGrad(0, -(g * s * s)); break;
            case UnaryOp.Exp: PassGrad(0, g * s); break;
            case UnaryOp.Log: PassGrad(0, g / s); break;
            case UnaryOp.Log1p: PassGrad(0, g / (s + 1.0)); break;
            case UnaryOp.Expm1: PassGrad(0, g * (s + 1.0)); break;
            case UnaryOp.Sin: PassGrad(0, g * s.Cos()); break;
            case UnaryOp.Cos: PassGrad(0, -(g * s.Sin())); break;
            case UnaryOp.Tanh: PassGrad(0, Derivative(ActivationDerivative.TanhFromOutput, s, g)); break;
            case UnaryOp.Sigmoid: PassGrad(0, Derivative(ActivationDerivative.SigmoidFromOutput, s, g)); break;
            case UnaryOp.Relu: PassGrad(0, Derivative(ActivationDerivative.Relu, s, g)); break;
            case UnaryOp.LeakyRelu: PassGrad(0, Derivative(ActivationDerivative.LeakyRelu, s, g)); break;
            case UnaryOp.Elu: PassGrad(0, Derivative(ActivationDerivative.Elu, s, g)); break;
            case UnaryOp.Selu: PassGrad(0, Derivative(ActivationDerivative.Selu, s, g)); break;
            case UnaryOp.Gelu: PassGrad(0, Derivative(ActivationDerivative.Gelu, s, g)); break;
            case UnaryOp.GeluTanh: PassGrad(0, Derivative(ActivationDerivative.GeluTanh, s, g)); break;
            case UnaryOp.Softplus: PassGrad(0, Derivative(ActivationDerivative.Softplus, s, g)); break;
            case UnaryOp.Softsign: PassGrad(0, Derivative(ActivationDerivative.Softsign, s, g)); break;
            case UnaryOp.Silu: PassGrad(0, Derivative(ActivationDerivative.Silu, s, g)); break;
            case UnaryOp.Mish: PassGrad(0, Derivative(ActivationDerivative.Mish, s, g)); break;
            case UnaryOp.HardSigmoid: PassGrad(0, Derivative(ActivationDerivative.HardSigmoid, s, g)); break;
            case UnaryOp.Clip: PassGrad(0, Derivative(ActivationDerivative.Clip, s, g)); break;
            case UnaryOp.AddScalar: PassGrad(0, g); break;
            case UnaryOp.MulScalar: PassGrad(0, g * alpha); break;
            case UnaryOp.DivScalar: PassGrad(0, g / alpha); break;
            case UnaryOp.RSubScalar: PassGrad(0, -g); break;
            case UnaryOp.RDivScalar: PassGrad(0, -(g * s / GetSaved(1))); break; // d(α/x)/dx = −y/x
            case UnaryOp.PowScalar: PassGrad(0, g * s.Pow(alpha - 1) * alpha); break;
            case UnaryOp.RPowScalar: PassGrad(0, g * s * Math.Log(alpha)); break;
            case UnaryOp.Erf: PassGrad(0, g * (-(s * s)).Exp() * (2 / Math.Sqrt(Math.PI))); break;
            default: throw new NotSupportedException($"{op}: no gradient.");
        }
    }

    private Tensor Derivative(ActivationDerivative derivative, Tensor saved, Tensor g) =>
        DerivativeKernels.Apply(derivative, saved, g, op.ToString(), alpha, beta);
}
