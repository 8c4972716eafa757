using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepLearning.Devices.Cpu;

/// <summary>An element-wise function of one operand with its scalar and 256-bit vector forms.</summary>
internal interface IVectorUnary<T> where T : unmanaged, INumber<T>
{
    static abstract T Scalar(T x, T a, T b);
    static abstract Vector256<T> Vector(Vector256<T> x, Vector256<T> a, Vector256<T> b);
}

/// <summary>An element-wise function of two operands with its scalar and 256-bit vector forms.</summary>
internal interface IVectorBinary<T> where T : unmanaged, INumber<T>
{
    static abstract T Scalar(T x, T y, T a, T b);
    static abstract Vector256<T> Vector(Vector256<T> x, Vector256<T> y, Vector256<T> a, Vector256<T> b);
}

/// <summary>Drivers that map an <see cref="IVectorUnary{T}"/> or <see cref="IVectorBinary{T}"/> over spans.
/// Each element is computed independently, so the result never depends on alignment or tiling.</summary>
internal static class VectorMap
{
    public static void Unary<T, TOp>(ReadOnlySpan<T> x, Span<T> y, T a, T b)
        where T : unmanaged, INumber<T> where TOp : IVectorUnary<T>
    {
        int i = 0, n = x.Length;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            var va = Vector256.Create(a);
            var vb = Vector256.Create(b);
            ref T rx = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
            ref T ry = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
                TOp.Vector(Vector256.LoadUnsafe(ref rx, (nuint)i), va, vb).StoreUnsafe(ref ry, (nuint)i);
        }
        for (; i < n; i++) y[i] = TOp.Scalar(x[i], a, b);
    }

    public static void Binary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z, T a, T b)
        where T : unmanaged, INumber<T> where TOp : IVectorBinary<T>
    {
        int i = 0, n = x.Length;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            var va = Vector256.Create(a);
            var vb = Vector256.Create(b);
            ref T rx = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
            ref T ry = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
            ref T rz = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(z);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
                TOp.Vector(Vector256.LoadUnsafe(ref rx, (nuint)i), Vector256.LoadUnsafe(ref ry, (nuint)i), va, vb)
                    .StoreUnsafe(ref rz, (nuint)i);
        }
        for (; i < n; i++) z[i] = TOp.Scalar(x[i], y[i], a, b);
    }
}

/// <summary>The vectorised element functions (generic over float, double and, where meaningful, int).</summary>
internal static class Ops
{
    private static T Bool<T>(bool c) where T : INumber<T> => c ? T.One : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Mask<T>(Vector256<T> m) where T : unmanaged, INumber<T> => m & Vector256<T>.One;

    public struct LeakyRelu<T> : IVectorUnary<T> where T : unmanaged, INumber<T>
    {
        public static T Scalar(T x, T a, T b) => x > T.Zero ? x : a * x;
        public static Vector256<T> Vector(Vector256<T> x, Vector256<T> a, Vector256<T> b) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), x, a * x);
    }

    public struct Sign<T> : IVectorUnary<T> where T : unmanaged, INumber<T>
    {
        public static T Scalar(T x, T a, T b) => x > T.Zero ? T.One : x < T.Zero ? -T.One : x;
        public static Vector256<T> Vector(Vector256<T> x, Vector256<T> a, Vector256<T> b) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), Vector256<T>.One,
                Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<T>.Zero), -Vector256<T>.One, x));
    }

    public struct Equal<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
    {
        public static T Scalar(T x, T y, T a, T b) => Bool<T>(x == y);
        public static Vector256<T> Vector(Vector256<T> x, Vector256<T> y, Vector256<T> a, Vector256<T> b) => Mask(Vector256.Equals(x, y));
    }

    public struct NotEqual<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
    {
        public static T Scalar(T x, T y, T a, T b) => Bool<T>(x != y);
        public static Vector256<T> Vector(Vector256<T> x, Vector256<T> y, Vector256<T> a, Vector256<T> b) => Mask(~Vector256.Equals(x, y));
    }

    public struct Less<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
    {
        public static T Scalar(T x, T y, T a, T b) => Bool<T>(x < y);
        public static Vector256<T> Vector(Vector256<T> x, Vector256<T> y, Vector256<T> a, Vector256<T> b) => Mask(Vector256.LessThan(x, y));
    }

    public struct LessEqual<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
    {
        public static T Scalar(T x, T y, T a, T b) => Bool<T>(x <= y);
        public static Vector256<T> Vector(Vector256<T> x, Vector256<T> y, Vector256<T> a, Vector256<T> b) => Mask(Vector256.LessThanOrEqual(x, y));
    }

    public struct Greater<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
    {
        public static T Scalar(T x, T y, T a, T b) => Bool<T>(x > y);
        public static Vector256<T> Vector(Vector256<T> x, Vector256<T> y, Vector256<T> a, Vector256<T> b) => Mask(Vector256.GreaterThan(x, y));
    }

    public struct GreaterEqual<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
    {
        public static T Scalar(T x, T y, T a, T b) => Bool<T>(x >= y);
        public static Vector256<T> Vector(Vector256<T> x, Vector256<T> y, Vector256<T> a, Vector256<T> b) => Mask(Vector256.GreaterThanOrEqual(x, y));
    }

    /// <summary>g·[x &gt; 0]: x is the forward input, y the upstream gradient.</summary>
    public struct ReluBackward<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
    {
        public static T Scalar(T x, T g, T a, T b) => x > T.Zero ? g : T.Zero;
        public static Vector256<T> Vector(Vector256<T> x, Vector256<T> g, Vector256<T> a, Vector256<T> b) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), g, Vector256<T>.Zero);
    }

    public struct LeakyReluBackward<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
    {
        public static T Scalar(T x, T g, T a, T b) => x > T.Zero ? g : a * g;
        public static Vector256<T> Vector(Vector256<T> x, Vector256<T> g, Vector256<T> a, Vector256<T> b) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), g, a * g);
    }

    public struct ClipBackward<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
    {
        public static T Scalar(T x, T g, T a, T b) => x >= a && x <= b ? g : T.Zero;
        public static Vector256<T> Vector(Vector256<T> x, Vector256<T> g, Vector256<T> a, Vector256<T> b) =>
            Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, a) & Vector256.LessThanOrEqual(x, b), g, Vector256<T>.Zero);
    }

    /// <summary>g·y(1 − y) from the output y of the sigmoid.</summary>
    public struct SigmoidBackward<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
    {
        public static T Scalar(T y, T g, T a, T b) => g * y * (T.One - y);
        public static Vector256<T> Vector(Vector256<T> y, Vector256<T> g, Vector256<T> a, Vector256<T> b) => g * y * (Vector256<T>.One - y);
    }

    /// <summary>g·(1 − y²) from the output y of tanh.</summary>
    public struct TanhBackward<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
    {
        public static T Scalar(T y, T g, T a, T b) => g * (T.One - y * y);
        public static Vector256<T> Vector(Vector256<T> y, Vector256<T> g, Vector256<T> a, Vector256<T> b) => g * (Vector256<T>.One - y * y);
    }

    /// <summary>max(a, b) with NaN propagation (IEEE 754-2019 maximum), for integers plain max.</summary>
    public struct Maximum<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
    {
        public static T Scalar(T x, T y, T a, T b) => T.IsNaN(x) ? x : T.IsNaN(y) ? y : x >= y ? x : y;
        public static Vector256<T> Vector(Vector256<T> x, Vector256<T> y, Vector256<T> a, Vector256<T> b)
        {
            if (typeof(T) == typeof(int)) return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, y), x, y);
            // x where x ≥ y or x is NaN; else y, which is then the larger or a NaN (x ≥ NaN is false): the scalar rule.
            return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, y) | ~Vector256.Equals(x, x), x, y);
        }

        /// <summary>The same rule on 512-bit vectors of a floating type.</summary>
        public static Vector512<T> Vector(Vector512<T> x, Vector512<T> y) =>
            Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, y) | ~Vector512.Equals(x, x), x, y);
    }

    /// <summary>min(a, b) with NaN propagation, for integers plain min.</summary>
    public struct Minimum<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
    {
        public static T Scalar(T x, T y, T a, T b) => T.IsNaN(x) ? x : T.IsNaN(y) ? y : x <= y ? x : y;
        public static Vector256<T> Vector(Vector256<T> x, Vector256<T> y, Vector256<T> a, Vector256<T> b)
        {
            if (typeof(T) == typeof(int)) return Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, y), x, y);
            // x where x ≤ y or x is NaN; else y, which is then the smaller or a NaN: the scalar rule.
            return Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, y) | ~Vector256.Equals(x, x), x, y);
        }
    }
}
