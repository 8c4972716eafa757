using DeepLearning.Devices;
using DeepLearning.Devices.Reference;
using ILGPU;

namespace DeepLearning.Ilgpu.Kernels;

/// <summary>Element-wise kernels, one thread per output element in row-major order. The op formulas are those of
/// <see cref="ReferenceMath"/> (the specification every device follows), called from the kernel and so compiled
/// to device code; the op code is a uniform switch inside the kernel.</summary>
internal static class ElementwiseKernels
{
    public static void Fill(Index1D i, ArrayView<byte> y, ViewLayout ly, double value) => Element.Store(y, ly, i, value);

    public static void Copy(Index1D i, ArrayView<byte> x, ViewLayout lx, ArrayView<byte> y, ViewLayout ly) =>
        Element.Store(y, ly, i, Element.Load(x, lx, i));

    public static void Unary(Index1D i, ArrayView<byte> x, ViewLayout lx, ArrayView<byte> y, ViewLayout ly, int op, double alpha, double beta) =>
        Element.Store(y, ly, i, ReferenceMath.Unary((UnaryOp)op, Element.Load(x, lx, i), alpha, beta));

    public static void Binary(Index1D i, ArrayView<byte> a, ViewLayout la, ArrayView<byte> b, ViewLayout lb,
        ArrayView<byte> y, ViewLayout ly, int op, double alpha, double beta, ArrayView<int> errors)
    {
        double p = Element.Load(a, la, i), q = Element.Load(b, lb, i), r;
        if (ly.DType == (int)DType.Int32 && op == (int)BinaryOp.Div)
        {
            if (q == 0)
            {
                ErrorCodes.Raise(errors, ErrorCodes.IntegerDivideByZero, (int)p, 0, i);
                r = 0;
            }
            else r = p / q;
        }
        else r = ReferenceMath.Binary((BinaryOp)op, p, q, alpha, beta);
        Element.Store(y, ly, i, r);
    }

    public static void Select(Index1D i, ArrayView<byte> c, ViewLayout lc, ArrayView<byte> a, ViewLayout la,
        ArrayView<byte> b, ViewLayout lb, ArrayView<byte> y, ViewLayout ly) =>
        Element.Store(y, ly, i, Element.Load(c, lc, i) != 0 ? Element.Load(a, la, i) : Element.Load(b, lb, i));

    public static void Random(Index1D i, ArrayView<byte> y, ViewLayout ly, int distribution, ulong seed, ulong offset, double alpha, double beta) =>
        Element.Store(y, ly, i, Philox.Sample((RandomDistribution)distribution, (DType)ly.DType, seed, offset + (ulong)i.X, alpha, beta));
}
