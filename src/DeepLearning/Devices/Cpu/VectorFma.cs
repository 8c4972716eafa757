using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
#if !NET9_0_OR_GREATER
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
#endif

namespace DeepLearning.Devices.Cpu;

/// <summary><c>a·b + c</c> with a single rounding, lane by lane, for <see cref="float"/> and <see cref="double"/>
/// vectors. .NET 9's <c>Vector128/256/512.FusedMultiplyAdd</c> where it exists; on .NET 8 the FMA instruction
/// (x86 FMA, AVX-512F, Arm64 AdvSimd) when the processor has it, else <see cref="MathF.FusedMultiplyAdd"/> per lane,
/// so every target framework and every instruction set rounds once and gives the same bits.</summary>
internal static class VectorFma
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd<T>(Vector128<T> a, Vector128<T> b, Vector128<T> c) where T : unmanaged
    {
#if NET9_0_OR_GREATER
        return typeof(T) == typeof(float)
            ? Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
#else
        if (Fma.IsSupported)
            return typeof(T) == typeof(float)
                ? Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
                : Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        if (typeof(T) == typeof(float) && AdvSimd.IsSupported)
            return AdvSimd.FusedMultiplyAdd(c.AsSingle(), a.AsSingle(), b.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double) && AdvSimd.Arm64.IsSupported)
            return AdvSimd.Arm64.FusedMultiplyAdd(c.AsDouble(), a.AsDouble(), b.AsDouble()).As<double, T>();
        var r = c;
        for (int i = 0; i < Vector128<T>.Count; i++) r = r.WithElement(i, Scalar(a.GetElement(i), b.GetElement(i), c.GetElement(i)));
        return r;
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged
    {
#if NET9_0_OR_GREATER
        return typeof(T) == typeof(float)
            ? Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
#else
        if (Fma.IsSupported)
            return typeof(T) == typeof(float)
                ? Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
                : Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        var r = c;
        for (int i = 0; i < Vector256<T>.Count; i++) r = r.WithElement(i, Scalar(a.GetElement(i), b.GetElement(i), c.GetElement(i)));
        return r;
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged
    {
#if NET9_0_OR_GREATER
        return typeof(T) == typeof(float)
            ? Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
#else
        if (Avx512F.IsSupported)
            return typeof(T) == typeof(float)
                ? Avx512F.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
                : Avx512F.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        var r = c;
        for (int i = 0; i < Vector512<T>.Count; i++) r = r.WithElement(i, Scalar(a.GetElement(i), b.GetElement(i), c.GetElement(i)));
        return r;
#endif
    }

#if !NET9_0_OR_GREATER
    private static T Scalar<T>(T a, T b, T c) => typeof(T) == typeof(float)
        ? (T)(object)MathF.FusedMultiplyAdd((float)(object)a!, (float)(object)b!, (float)(object)c!)
        : (T)(object)Math.FusedMultiplyAdd((double)(object)a!, (double)(object)b!, (double)(object)c!);
#endif
}
