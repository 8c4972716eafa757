using System.Numerics;
using System.Numerics.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace DeepLearning.Devices.Cpu;

/// <summary>
/// Element-wise kernels on contiguous spans of float or double. Composite functions are evaluated in chunks
/// through a stack buffer with vectorised primitives, reading each chunk of x before writing the same chunk of
/// y, so x and y may be the same memory (in-place ops).
/// </summary>
internal static class FloatKernels<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Chunk = 256;
    private static readonly T Half = T.CreateTruncating(0.5);
    private static readonly T SeluLambda = T.CreateTruncating(1.0507009873554804934193349852946);
    private static readonly T SeluAlpha = T.CreateTruncating(1.6732632423543772848170429916717);
    private static readonly T SqrtTwoOverPi = T.CreateTruncating(0.79788456080286535587989211986876);
    private static readonly T GeluCubic = T.CreateTruncating(0.044715);

    public static void Unary(UnaryOp op, ReadOnlySpan<T> x, Span<T> y, T a, T b)
    {
        switch (op)
        {
            case UnaryOp.Neg: TP.Negate(x, y); return;
            case UnaryOp.Abs: TP.Abs(x, y); return;
            case UnaryOp.Sign: VectorMap.Unary<T, Ops.Sign<T>>(x, y, a, b); return;
            case UnaryOp.Square: TP.Multiply(x, x, y); return;
            case UnaryOp.Sqrt: TP.Sqrt(x, y); return;
            case UnaryOp.Rsqrt: TP.ReciprocalSqrt(x, y); return;
            case UnaryOp.Reciprocal: TP.Reciprocal(x, y); return;
            case UnaryOp.Exp: TP.Exp(x, y); return;
            case UnaryOp.Log: TP.Log(x, y); return;
            case UnaryOp.Log1p: TP.LogP1(x, y); return;
            case UnaryOp.Expm1: TP.ExpM1(x, y); return;
            case UnaryOp.Sin: TP.Sin(x, y); return;
            case UnaryOp.Cos: TP.Cos(x, y); return;
            case UnaryOp.Tanh: TP.Tanh(x, y); return;
            case UnaryOp.Sigmoid: TP.Sigmoid(x, y); return;
            case UnaryOp.Relu: TP.Max(x, T.Zero, y); return;
            case UnaryOp.LeakyRelu: VectorMap.Unary<T, Ops.LeakyRelu<T>>(x, y, a, b); return;
            case UnaryOp.Floor: TP.Floor(x, y); return;
            case UnaryOp.Ceil: TP.Ceiling(x, y); return;
            case UnaryOp.Round: TP.Round(x, y); return;
            case UnaryOp.Clip: TP.Clamp<T>(x, a, b, y); return;
            case UnaryOp.AddScalar: TP.Add(x, a, y); return;
            case UnaryOp.MulScalar: TP.Multiply(x, a, y); return;
            case UnaryOp.RSubScalar: TP.Subtract(a, x, y); return;
            case UnaryOp.DivScalar: TP.Divide(x, a, y); return;
            case UnaryOp.RDivScalar: TP.Divide(a, x, y); return;
            case UnaryOp.PowScalar: TP.Pow(x, a, y); return;
            case UnaryOp.RPowScalar: TP.Pow(a, x, y); return;
            case UnaryOp.HardSigmoid:
                TP.Multiply(x, a, y);
                TP.Add(y, b, y);
                TP.Clamp<T>(y, T.Zero, T.One, y);
                return;
            case UnaryOp.Erf:
                for (int i = 0; i < x.Length; i++) y[i] = T.CreateTruncating(MathFunctions.Erf(double.CreateTruncating(x[i])));
                return;
            case UnaryOp.Gelu:
                for (int i = 0; i < x.Length; i++)
                {
                    double v = double.CreateTruncating(x[i]);
                    y[i] = T.CreateTruncating(0.5 * v * (1.0 + MathFunctions.Erf(v * 0.70710678118654752440)));
                }
                return;
            default:
                Composite(op, x, y, a, b);
                return;
        }
    }

    // Activations built from several primitives, one chunk at a time.
    private static void Composite(UnaryOp op, ReadOnlySpan<T> x, Span<T> y, T a, T b)
    {
        Span<T> t = stackalloc T[Chunk];
        for (int start = 0; start < x.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, x.Length - start);
            var xs = x.Slice(start, n);
            var ys = y.Slice(start, n);
            var ts = t[..n];
            switch (op)
            {
                case UnaryOp.Elu:
                case UnaryOp.Selu:
                    T alpha = op == UnaryOp.Elu ? a : SeluAlpha, scale = op == UnaryOp.Elu ? T.One : SeluLambda;
                    TP.ExpM1(xs, ts);
                    for (int i = 0; i < n; i++) ys[i] = scale * (xs[i] > T.Zero ? xs[i] : alpha * ts[i]);
                    break;
                case UnaryOp.GeluTanh:
                    // ½x(1 + tanh(√(2/π)(x + 0.044715x³)))
                    TP.Multiply(xs, xs, ts);
                    TP.Multiply(ts, GeluCubic, ts);
                    TP.Add(ts, T.One, ts);
                    TP.Multiply(ts, xs, ts);
                    TP.Multiply(ts, SqrtTwoOverPi, ts);
                    TP.Tanh(ts, ts);
                    for (int i = 0; i < n; i++) ys[i] = Half * xs[i] * (T.One + ts[i]);
                    break;
                case UnaryOp.Softplus:
                    Softplus(xs, ts);
                    ts.CopyTo(ys);
                    break;
                case UnaryOp.Softsign:
                    TP.Abs(xs, ts);
                    TP.Add(ts, T.One, ts);
                    TP.Divide(xs, ts, ys);
                    break;
                case UnaryOp.Silu:
                    TP.Sigmoid(xs, ts);
                    TP.Multiply(xs, ts, ys);
                    break;
                case UnaryOp.Mish:
                    Softplus(xs, ts);
                    TP.Tanh(ts, ts);
                    TP.Multiply(xs, ts, ys);
                    break;
                default:
                    throw new NotSupportedException($"Unary op {op} has no floating kernel.");
            }
        }
    }

    // softplus(x) = max(x, 0) + ln(1 + e^(−|x|)): never overflows.
    private static void Softplus(ReadOnlySpan<T> x, Span<T> t)
    {
        TP.Abs(x, t);
        TP.Negate(t, t);
        TP.Exp(t, t);
        TP.LogP1(t, t);
        for (int i = 0; i < x.Length; i++) t[i] += T.Max(x[i], T.Zero);
    }

    public static void Binary(BinaryOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> g, Span<T> y, T a, T b)
    {
        switch (op)
        {
            case BinaryOp.Add: TP.Add(x, g, y); return;
            case BinaryOp.AddScaled: TP.MultiplyAdd(g, a, x, y); return;
            case BinaryOp.Sub: TP.Subtract(x, g, y); return;
            case BinaryOp.Mul: TP.Multiply(x, g, y); return;
            case BinaryOp.Div: TP.Divide(x, g, y); return;
            case BinaryOp.Pow: TP.Pow(x, g, y); return;
            case BinaryOp.Maximum: VectorMap.Binary<T, Ops.Maximum<T>>(x, g, y, a, b); return;
            case BinaryOp.Minimum: VectorMap.Binary<T, Ops.Minimum<T>>(x, g, y, a, b); return;
            case BinaryOp.Equal: VectorMap.Binary<T, Ops.Equal<T>>(x, g, y, a, b); return;
            case BinaryOp.NotEqual: VectorMap.Binary<T, Ops.NotEqual<T>>(x, g, y, a, b); return;
            case BinaryOp.Less: VectorMap.Binary<T, Ops.Less<T>>(x, g, y, a, b); return;
            case BinaryOp.LessEqual: VectorMap.Binary<T, Ops.LessEqual<T>>(x, g, y, a, b); return;
            case BinaryOp.Greater: VectorMap.Binary<T, Ops.Greater<T>>(x, g, y, a, b); return;
            case BinaryOp.GreaterEqual: VectorMap.Binary<T, Ops.GreaterEqual<T>>(x, g, y, a, b); return;
            default: throw new NotSupportedException($"Binary op {op} has no floating kernel.");
        }
    }

    /// <summary>y = g·f′(x) for an <see cref="ActivationDerivative"/> (the CPU's fused derivative kernels).</summary>
    public static void Derivative(ActivationDerivative op, ReadOnlySpan<T> x, ReadOnlySpan<T> g, Span<T> y, T a, T b)
    {
        switch (op)
        {
            case ActivationDerivative.Relu: VectorMap.Binary<T, Ops.ReluBackward<T>>(x, g, y, a, b); return;
            case ActivationDerivative.LeakyRelu: VectorMap.Binary<T, Ops.LeakyReluBackward<T>>(x, g, y, a, b); return;
            case ActivationDerivative.Clip: VectorMap.Binary<T, Ops.ClipBackward<T>>(x, g, y, a, b); return;
            case ActivationDerivative.SigmoidFromOutput: VectorMap.Binary<T, Ops.SigmoidBackward<T>>(x, g, y, a, b); return;
            case ActivationDerivative.TanhFromOutput: VectorMap.Binary<T, Ops.TanhBackward<T>>(x, g, y, a, b); return;
            case ActivationDerivative.Gelu:
                for (int i = 0; i < x.Length; i++)
                {
                    double v = double.CreateTruncating(x[i]);
                    double cdf = 0.5 * (1.0 + MathFunctions.Erf(v * 0.70710678118654752440));
                    double pdf = 0.39894228040143267794 * Math.Exp(-0.5 * v * v);
                    y[i] = g[i] * T.CreateTruncating(cdf + v * pdf);
                }
                return;
            default:
                CompositeBackward(op, x, g, y, a, b);
                return;
        }
    }

    // Derivatives of the composite activations, chunked like the forward pass.
    private static void CompositeBackward(ActivationDerivative op, ReadOnlySpan<T> x, ReadOnlySpan<T> g, Span<T> y, T a, T b)
    {
        Span<T> t = stackalloc T[Chunk];
        Span<T> u = stackalloc T[Chunk];
        for (int start = 0; start < x.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, x.Length - start);
            var xs = x.Slice(start, n);
            var gs = g.Slice(start, n);
            var ys = y.Slice(start, n);
            var ts = t[..n];
            var us = u[..n];
            switch (op)
            {
                case ActivationDerivative.Elu:
                case ActivationDerivative.Selu:
                    T alpha = op == ActivationDerivative.Elu ? a : SeluAlpha, scale = op == ActivationDerivative.Elu ? T.One : SeluLambda;
                    TP.Exp(xs, ts);
                    for (int i = 0; i < n; i++) ys[i] = gs[i] * scale * (xs[i] > T.Zero ? T.One : alpha * ts[i]);
                    break;
                case ActivationDerivative.GeluTanh:
                    // u = √(2/π)(x + 0.044715x³); d/dx = ½(1 + tanh u) + ½x(1 − tanh²u)·√(2/π)(1 + 3·0.044715x²)
                    TP.Multiply(xs, xs, us);
                    TP.Multiply(us, GeluCubic, ts);
                    TP.Add(ts, T.One, ts);
                    TP.Multiply(ts, xs, ts);
                    TP.Multiply(ts, SqrtTwoOverPi, ts);
                    TP.Tanh(ts, ts);
                    for (int i = 0; i < n; i++)
                    {
                        T th = ts[i], du = SqrtTwoOverPi * (T.One + T.CreateTruncating(3) * GeluCubic * us[i]);
                        ys[i] = gs[i] * (Half * (T.One + th) + Half * xs[i] * (T.One - th * th) * du);
                    }
                    break;
                case ActivationDerivative.Softplus:
                    TP.Sigmoid(xs, ts);
                    TP.Multiply(gs, ts, ys);
                    break;
                case ActivationDerivative.Softsign:
                    TP.Abs(xs, ts);
                    TP.Add(ts, T.One, ts);
                    TP.Multiply(ts, ts, ts);
                    TP.Divide(gs, ts, ys);
                    break;
                case ActivationDerivative.Silu:
                    // σ(x)(1 + x(1 − σ(x)))
                    TP.Sigmoid(xs, ts);
                    for (int i = 0; i < n; i++) ys[i] = gs[i] * ts[i] * (T.One + xs[i] * (T.One - ts[i]));
                    break;
                case ActivationDerivative.Mish:
                    // d/dx x·tanh(sp(x)) = tanh(sp) + x·(1 − tanh²(sp))·σ(x)
                    Softplus(xs, ts);
                    TP.Tanh(ts, ts);
                    TP.Sigmoid(xs, us);
                    for (int i = 0; i < n; i++) ys[i] = gs[i] * (ts[i] + xs[i] * (T.One - ts[i] * ts[i]) * us[i]);
                    break;
                case ActivationDerivative.HardSigmoid:
                    for (int i = 0; i < n; i++)
                    {
                        T z = a * xs[i] + b;
                        ys[i] = z > T.Zero && z < T.One ? gs[i] * a : T.Zero;
                    }
                    break;
                default:
                    throw new NotSupportedException($"Activation derivative {op} has no floating kernel.");
            }
        }
    }

    /// <summary>y = x op s for a scalar right operand, using the primitives' scalar overloads where they exist.</summary>
    public static bool TryBinaryScalarRight(BinaryOp op, ReadOnlySpan<T> x, T s, Span<T> y)
    {
        switch (op)
        {
            case BinaryOp.Add: TP.Add(x, s, y); return true;
            case BinaryOp.Sub: TP.Subtract(x, s, y); return true;
            case BinaryOp.Mul: TP.Multiply(x, s, y); return true;
            case BinaryOp.Div: TP.Divide(x, s, y); return true;
            case BinaryOp.Pow: TP.Pow(x, s, y); return true;
            default: return false;
        }
    }

    /// <summary>y = s op x for a scalar left operand, where a primitive exists.</summary>
    public static bool TryBinaryScalarLeft(BinaryOp op, T s, ReadOnlySpan<T> x, Span<T> y)
    {
        switch (op)
        {
            case BinaryOp.Add: TP.Add(x, s, y); return true;
            case BinaryOp.Sub: TP.Subtract(s, x, y); return true;
            case BinaryOp.Mul: TP.Multiply(x, s, y); return true;
            case BinaryOp.Div: TP.Divide(s, x, y); return true;
            default: return false;
        }
    }
}
