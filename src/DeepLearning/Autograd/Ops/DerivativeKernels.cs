using DeepLearning.Devices;

namespace DeepLearning.Autograd.Ops;

/// <summary>
/// Activation derivatives y = g·f′(p) on views: the device's fused kernel (<see cref="IFusedKernels.ActivationBackward"/>)
/// when it has one, else the same formula composed from core kernels (<see cref="UnaryOp"/>, <see cref="BinaryOp"/>,
/// <see cref="Device.Select"/>) with temporaries released at the end of the call. y may be the same view as g: every
/// composition reads p and g before its last kernel, which alone writes y.
/// </summary>
internal static class DerivativeKernels
{
    private const double SeluAlpha = 1.6732632423543772848170429916717, SeluLambda = 1.0507009873554804934193349852946;
    private const double GeluCubic = 0.044715;
    private static readonly double SqrtTwoOverPi = Math.Sqrt(2 / Math.PI), InvSqrtTwo = 1 / Math.Sqrt(2), InvSqrtTwoPi = 1 / Math.Sqrt(2 * Math.PI);

    /// <summary>y = g·f′(p; α, β); p, g, y of one shape and dtype.</summary>
    public static void Run(Device d, ActivationDerivative op, in StridedView p, in StridedView g, in StridedView y, double a = 0, double b = 0)
    {
        if (d.FusedKernels is { } fused) fused.ActivationBackward(op, p, g, y, a, b);
        else Composed(d, op, p, g, y, a, b);
    }

    /// <summary>The composition from core kernels (also the fallback of a fused kernel for views it does not take).</summary>
    public static void Composed(Device d, ActivationDerivative op, in StridedView p, in StridedView g, in StridedView y, double a, double b)
    {
        using var scope = TensorScope.Begin();
        var shape = y.Shape;
        var dtype = y.DType;
        StridedView Temp() => Tensor.Empty(shape, dtype, d).View;
        StridedView Constant(double value)
        {
            var v = Tensor.Empty(Shape.Scalar, dtype, d).View;
            d.Fill(v, value);
            return new StridedView(v.Storage, v.Offset, shape, new Strides(new int[shape.Rank]));
        }
        StridedView t, u, m;
        switch (op)
        {
            case ActivationDerivative.Relu:                      // x > 0 ? g : 0
                m = Temp();
                var zero = Constant(0);
                d.Binary(BinaryOp.Greater, p, zero, m);
                d.Select(m, g, zero, y);
                return;
            case ActivationDerivative.LeakyRelu:                 // x > 0 ? g : αg
            case ActivationDerivative.Elu:                       // x > 0 ? g : αeˣg
            case ActivationDerivative.Selu:                      // λ(x > 0 ? g : αeˣg)
                m = Temp();
                t = Temp();
                d.Binary(BinaryOp.Greater, p, Constant(0), m);
                if (op == ActivationDerivative.LeakyRelu) d.Unary(UnaryOp.MulScalar, g, t, a);
                else
                {
                    d.Unary(UnaryOp.Exp, p, t);
                    d.Unary(UnaryOp.MulScalar, t, t, op == ActivationDerivative.Elu ? a : SeluAlpha);
                    d.Binary(BinaryOp.Mul, t, g, t);
                }
                d.Select(m, g, t, y);
                if (op == ActivationDerivative.Selu) d.Unary(UnaryOp.MulScalar, y, y, SeluLambda);
                return;
            case ActivationDerivative.Gelu:                      // Φ(x) + xφ(x)
                t = Temp();
                u = Temp();
                d.Unary(UnaryOp.MulScalar, p, t, InvSqrtTwo);
                d.Unary(UnaryOp.Erf, t, t);
                d.Unary(UnaryOp.AddScalar, t, t, 1);
                d.Unary(UnaryOp.MulScalar, t, t, 0.5);
                d.Unary(UnaryOp.Square, p, u);
                d.Unary(UnaryOp.MulScalar, u, u, -0.5);
                d.Unary(UnaryOp.Exp, u, u);
                d.Binary(BinaryOp.Mul, u, p, u);
                d.Unary(UnaryOp.MulScalar, u, u, InvSqrtTwoPi);
                d.Binary(BinaryOp.Add, t, u, t);
                d.Binary(BinaryOp.Mul, t, g, y);
                return;
            case ActivationDerivative.GeluTanh:
                // th = tanh(√(2/π)(x + 0.044715x³)); ½(1 + th) + ½x(1 − th²)·√(2/π)(1 + 3·0.044715x²)
                var square = Temp();
                t = Temp();
                u = Temp();
                d.Unary(UnaryOp.Square, p, square);
                d.Unary(UnaryOp.MulScalar, square, t, GeluCubic);
                d.Unary(UnaryOp.AddScalar, t, t, 1);
                d.Binary(BinaryOp.Mul, t, p, t);
                d.Unary(UnaryOp.MulScalar, t, t, SqrtTwoOverPi);
                d.Unary(UnaryOp.Tanh, t, t);
                d.Unary(UnaryOp.Square, t, u);
                d.Unary(UnaryOp.RSubScalar, u, u, 1);
                d.Binary(BinaryOp.Mul, u, p, u);
                d.Unary(UnaryOp.MulScalar, square, square, 3 * GeluCubic);
                d.Unary(UnaryOp.AddScalar, square, square, 1);
                d.Unary(UnaryOp.MulScalar, square, square, 0.5 * SqrtTwoOverPi);
                d.Binary(BinaryOp.Mul, u, square, u);
                d.Unary(UnaryOp.AddScalar, t, t, 1);
                d.Unary(UnaryOp.MulScalar, t, t, 0.5);
                d.Binary(BinaryOp.Add, t, u, t);
                d.Binary(BinaryOp.Mul, t, g, y);
                return;
            case ActivationDerivative.Softplus:                  // σ(x)
                t = Temp();
                d.Unary(UnaryOp.Sigmoid, p, t);
                d.Binary(BinaryOp.Mul, t, g, y);
                return;
            case ActivationDerivative.Softsign:                  // 1/(1 + |x|)²
                t = Temp();
                d.Unary(UnaryOp.Abs, p, t);
                d.Unary(UnaryOp.AddScalar, t, t, 1);
                d.Unary(UnaryOp.Square, t, t);
                d.Binary(BinaryOp.Div, g, t, y);
                return;
            case ActivationDerivative.Silu:                      // σ(1 + x(1 − σ))
                t = Temp();
                u = Temp();
                d.Unary(UnaryOp.Sigmoid, p, t);
                d.Unary(UnaryOp.RSubScalar, t, u, 1);
                d.Binary(BinaryOp.Mul, u, p, u);
                d.Unary(UnaryOp.AddScalar, u, u, 1);
                d.Binary(BinaryOp.Mul, u, t, u);
                d.Binary(BinaryOp.Mul, u, g, y);
                return;
            case ActivationDerivative.Mish:                      // tanh(sp) + x(1 − tanh²(sp))σ
                t = Temp();
                u = Temp();
                var sigma = Temp();
                d.Unary(UnaryOp.Softplus, p, t);
                d.Unary(UnaryOp.Tanh, t, t);
                d.Unary(UnaryOp.Square, t, u);
                d.Unary(UnaryOp.RSubScalar, u, u, 1);
                d.Binary(BinaryOp.Mul, u, p, u);
                d.Unary(UnaryOp.Sigmoid, p, sigma);
                d.Binary(BinaryOp.Mul, u, sigma, u);
                d.Binary(BinaryOp.Add, t, u, t);
                d.Binary(BinaryOp.Mul, t, g, y);
                return;
            case ActivationDerivative.HardSigmoid:               // 0 < αx + β < 1 ? αg : 0
                t = Temp();
                m = Temp();
                var none = Constant(0);
                d.Unary(UnaryOp.MulScalar, p, t, a);
                d.Unary(UnaryOp.AddScalar, t, t, b);
                d.Binary(BinaryOp.Greater, t, none, m);
                d.Binary(BinaryOp.Less, t, Constant(1), t);
                d.Binary(BinaryOp.Mul, m, t, m);
                d.Unary(UnaryOp.MulScalar, g, t, a);
                d.Select(m, t, none, y);
                return;
            case ActivationDerivative.Clip:                      // α ≤ x ≤ β ? g : 0
                t = Temp();
                m = Temp();
                d.Binary(BinaryOp.GreaterEqual, p, Constant(a), m);
                d.Binary(BinaryOp.LessEqual, p, Constant(b), t);
                d.Binary(BinaryOp.Mul, m, t, m);
                d.Select(m, g, Constant(0), y);
                return;
            case ActivationDerivative.SigmoidFromOutput:         // y(1 − y)
                t = Temp();
                d.Unary(UnaryOp.RSubScalar, p, t, 1);
                d.Binary(BinaryOp.Mul, t, p, t);
                d.Binary(BinaryOp.Mul, t, g, y);
                return;
            case ActivationDerivative.TanhFromOutput:            // 1 − y²
                t = Temp();
                d.Unary(UnaryOp.Square, p, t);
                d.Unary(UnaryOp.RSubScalar, t, t, 1);
                d.Binary(BinaryOp.Mul, t, g, y);
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "ActivationBackward: unknown derivative.");
        }
    }

    /// <summary>y = g·f′(p) as a new tensor (the VJP of an activation node).</summary>
    public static Tensor Apply(ActivationDerivative op, Tensor p, Tensor g, string name, double a, double b)
    {
        OpChecks.SameDeviceAndDType(name, p, g);
        if (!p.DType.IsFloating() && !op.SupportsInteger())
            throw new ArgumentException($"{name}: the derivative is not defined for int32 tensors (shape {p.Shape}).");
        if (p.Shape != g.Shape)
            throw new ArgumentException($"{name}: the saved tensor has shape {p.Shape}, the gradient {g.Shape}.");
        var y = p.EmptyLike(p.Shape);
        Run(p.Device, op, p.View, g.View, y.View, a, b);
        return y;
    }
}
