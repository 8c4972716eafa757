using TP = System.Numerics.Tensors.TensorPrimitives;

namespace DeepLearning.Devices.Cpu;

/// <summary>Element-wise kernels on contiguous int32 spans (the ops that <see cref="UnaryOpInfo.SupportsInteger"/>
/// and <see cref="BinaryOpInfo.SupportsInteger"/> allow; the op layer rejects the others first).</summary>
internal static class IntKernels
{
    public static void Unary(UnaryOp op, ReadOnlySpan<int> x, Span<int> y, int a, int b)
    {
        switch (op)
        {
            case UnaryOp.Neg: TP.Negate(x, y); return;
            case UnaryOp.Abs:
                for (int i = 0; i < x.Length; i++) y[i] = x[i] < 0 ? -x[i] : x[i];
                return;
            case UnaryOp.Sign: VectorMap.Unary<int, Ops.Sign<int>>(x, y, a, b); return;
            case UnaryOp.Square: TP.Multiply(x, x, y); return;
            case UnaryOp.Relu: TP.Max(x, 0, y); return;
            case UnaryOp.Clip: TP.Clamp(x, a, b, y); return;
            case UnaryOp.AddScalar: TP.Add(x, a, y); return;
            case UnaryOp.MulScalar: TP.Multiply(x, a, y); return;
            case UnaryOp.RSubScalar: TP.Subtract(a, x, y); return;
            default: throw new NotSupportedException($"Unary op {op} is not defined for int32.");
        }
    }

    public static void Binary(BinaryOp op, ReadOnlySpan<int> x, ReadOnlySpan<int> g, Span<int> y, int a, int b)
    {
        switch (op)
        {
            case BinaryOp.Add: TP.Add(x, g, y); return;
            case BinaryOp.Sub: TP.Subtract(x, g, y); return;
            case BinaryOp.Mul: TP.Multiply(x, g, y); return;
            case BinaryOp.Div:
                for (int i = 0; i < x.Length; i++)
                {
                    if (g[i] == 0) throw new DivideByZeroException("Div: integer division by zero.");
                    y[i] = x[i] / g[i];
                }
                return;
            case BinaryOp.Maximum: VectorMap.Binary<int, Ops.Maximum<int>>(x, g, y, a, b); return;
            case BinaryOp.Minimum: VectorMap.Binary<int, Ops.Minimum<int>>(x, g, y, a, b); return;
            case BinaryOp.Equal: VectorMap.Binary<int, Ops.Equal<int>>(x, g, y, a, b); return;
            case BinaryOp.NotEqual: VectorMap.Binary<int, Ops.NotEqual<int>>(x, g, y, a, b); return;
            case BinaryOp.Less: VectorMap.Binary<int, Ops.Less<int>>(x, g, y, a, b); return;
            case BinaryOp.LessEqual: VectorMap.Binary<int, Ops.LessEqual<int>>(x, g, y, a, b); return;
            case BinaryOp.Greater: VectorMap.Binary<int, Ops.Greater<int>>(x, g, y, a, b); return;
            case BinaryOp.GreaterEqual: VectorMap.Binary<int, Ops.GreaterEqual<int>>(x, g, y, a, b); return;
            default: throw new NotSupportedException($"Binary op {op} is not defined for int32.");
        }
    }

    /// <summary>y = g·f′(x) for the <see cref="ActivationDerivative"/>s defined on integers.</summary>
    public static void Derivative(ActivationDerivative op, ReadOnlySpan<int> x, ReadOnlySpan<int> g, Span<int> y, int a, int b)
    {
        switch (op)
        {
            case ActivationDerivative.Relu: VectorMap.Binary<int, Ops.ReluBackward<int>>(x, g, y, a, b); return;
            case ActivationDerivative.Clip: VectorMap.Binary<int, Ops.ClipBackward<int>>(x, g, y, a, b); return;
            default: throw new NotSupportedException($"Activation derivative {op} is not defined for int32.");
        }
    }
}
