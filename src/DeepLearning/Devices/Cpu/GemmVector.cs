using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace DeepLearning.Devices.Cpu;

/// <summary>The few vector operations the GEMM micro-kernel needs, over one vector type <typeparamref name="TV"/>
/// of <typeparamref name="T"/> lanes. Implemented by empty structs so that every call specialises and inlines.</summary>
internal unsafe interface IGemmVector<TV, T> where TV : struct where T : unmanaged
{
    /// <summary>Lanes of <typeparamref name="TV"/>.</summary>
    static abstract int Lanes { get; }

    /// <summary>Vectors across one row of the micro-tile: NR = <see cref="Lanes"/> · <see cref="TileVectors"/>.</summary>
    static abstract int TileVectors { get; }

    /// <summary>Rows of the micro-tile, MR (6 or 8): the height of a packed A micro-panel. MR · TileVectors
    /// accumulators, TileVectors B vectors and one broadcast must fit the vector register file.</summary>
    static abstract int Rows { get; }

    /// <summary>Vector registers of <typeparamref name="TV"/>'s kind: 32 with AVX-512 and on Arm64, 16 with AVX2 and
    /// SSE. A register tile larger than the file is spilled to the stack by the JIT.</summary>
    static abstract int Registers { get; }

    static abstract TV Load(T* p);
    static abstract void Store(T* p, TV v);
    static abstract TV Broadcast(T value);

    /// <summary><c>a·b + c</c> with a single rounding.</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);
    static abstract TV Add(TV a, TV b);
    static abstract TV Subtract(TV a, TV b);
    static abstract TV Multiply(TV a, TV b);

    /// <summary>max(a, b) lane by lane with the pooling rule: a where a ≥ b or a is NaN, else b (NaN when either is;
    /// a on ties).</summary>
    static abstract TV Maximum(TV a, TV b);

    /// <summary>Whether every lane is finite (neither infinite nor NaN).</summary>
    static abstract bool AllFinite(TV v);

    /// <summary>ReLU, max(0, v) lane by lane as <c>TensorPrimitives.Max(x, 0)</c>: NaN stays NaN, −0 becomes +0.</summary>
    static abstract TV Relu(TV v);

    /// <summary>The first <paramref name="count"/> (1 ≤ count ≤ Lanes) elements at <paramref name="p"/>, zeros
    /// after; nothing past them is touched.</summary>
    static abstract TV LoadPartial(T* p, int count);

    /// <summary>Stores the first <paramref name="count"/> lanes of <paramref name="v"/>; nothing past them is touched.</summary>
    static abstract void StorePartial(T* p, TV v, int count);
}

// AVX-512: 8 rows × 2 zmm = 16 accumulators + 2 B vectors + 1 broadcast, well inside the 32 registers.
internal readonly unsafe struct GemmVector512<T> : IGemmVector<Vector512<T>, T> where T : unmanaged, INumberBase<T>
{
    public static int Lanes => Vector512<T>.Count;
    public static int TileVectors => 2;
    public static int Rows => 8;
    public static int Registers => 32;
    public static Vector512<T> Load(T* p) => Vector512.Load(p);
    public static void Store(T* p, Vector512<T> v) => v.Store(p);
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;
    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;
    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;
    public static Vector512<T> Maximum(Vector512<T> a, Vector512<T> b) =>
        Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(a, b) | ~Vector512.Equals(a, a), a, b);
    public static bool AllFinite(Vector512<T> v) => Vector512.EqualsAll(v - v, Vector512<T>.Zero);

    // The processor's max returns its second operand when either is NaN or both are zeros; adding +0 then turns −0 into
    // +0 (and keeps NaN): two instructions where the IEEE maximum takes three and two copies.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Relu(Vector512<T> v) =>
        typeof(T) == typeof(float) ? (Avx512F.Max(Vector512<float>.Zero, v.AsSingle()) + Vector512<float>.Zero).As<float, T>()
        : typeof(T) == typeof(double) ? (Avx512F.Max(Vector512<double>.Zero, v.AsDouble()) + Vector512<double>.Zero).As<double, T>()
        : Vector512.Max(Vector512<T>.Zero, v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c) => VectorFma.MultiplyAdd(a, b, c);

#if NET9_0_OR_GREATER
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LoadPartial(T* p, int count)
    {
        var mask = Mask(count);
        return typeof(T) == typeof(float)
            ? Avx512F.MaskLoad((float*)p, mask.AsSingle(), Vector512<float>.Zero).As<float, T>()
            : Avx512F.MaskLoad((double*)p, mask.AsDouble(), Vector512<double>.Zero).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StorePartial(T* p, Vector512<T> v, int count)
    {
        var mask = Mask(count);
        if (typeof(T) == typeof(float)) Avx512F.MaskStore((float*)p, mask.AsSingle(), v.AsSingle());
        else Avx512F.MaskStore((double*)p, mask.AsDouble(), v.AsDouble());
    }

    private static Vector512<T> Mask(int count) =>
        Vector512.LessThan(Vector512<T>.Indices, Vector512.Create(T.CreateTruncating(count)));
#else
    // .NET 8 has no masked AVX-512 loads and stores: the partial row goes through a zeroed buffer on the stack.
    public static Vector512<T> LoadPartial(T* p, int count)
    {
        T* buffer = stackalloc T[Vector512<T>.Count];
        new Span<T>(buffer, Vector512<T>.Count).Clear();
        new ReadOnlySpan<T>(p, count).CopyTo(new Span<T>(buffer, count));
        return Vector512.Load(buffer);
    }

    public static void StorePartial(T* p, Vector512<T> v, int count)
    {
        T* buffer = stackalloc T[Vector512<T>.Count];
        v.Store(buffer);
        new ReadOnlySpan<T>(buffer, count).CopyTo(new Span<T>(p, count));
    }
#endif
}

// AVX2: 16 ymm registers hold 6 rows × 2 ymm = 12 accumulators + 2 B vectors + 1 broadcast (the 6 × 16 float and
// 6 × 8 double tiles of the BLIS and OpenBLAS Haswell kernels): each step of k does 12 FMAs for 2 loads of B and 6
// broadcasts, and 12 independent FMA chains cover the FMA latency × throughput (4 × 2 on most cores) with room.
// One vector per row (8 × 1) managed 8 FMAs for 9 loads and left the FMA pipes about half idle.
internal readonly unsafe struct GemmVector256<T> : IGemmVector<Vector256<T>, T> where T : unmanaged, INumberBase<T>
{
    public static int Lanes => Vector256<T>.Count;
    public static int TileVectors => 2;
    public static int Rows => 6;
    public static int Registers => 16;
    public static Vector256<T> Load(T* p) => Vector256.Load(p);
    public static void Store(T* p, Vector256<T> v) => v.Store(p);
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;
    public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;
    public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;
    public static Vector256<T> Maximum(Vector256<T> a, Vector256<T> b) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(a, b) | ~Vector256.Equals(a, a), a, b);
    public static bool AllFinite(Vector256<T> v) => Vector256.EqualsAll(v - v, Vector256<T>.Zero);

    /// <summary>As <see cref="GemmVector512{T}.Relu"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Relu(Vector256<T> v) =>
        typeof(T) == typeof(float) ? (Avx.Max(Vector256<float>.Zero, v.AsSingle()) + Vector256<float>.Zero).As<float, T>()
        : typeof(T) == typeof(double) ? (Avx.Max(Vector256<double>.Zero, v.AsDouble()) + Vector256<double>.Zero).As<double, T>()
        : Vector256.Max(Vector256<T>.Zero, v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c) => VectorFma.MultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LoadPartial(T* p, int count)
    {
        var mask = Mask(count);
        return typeof(T) == typeof(float)
            ? Avx.MaskLoad((float*)p, mask.AsSingle()).As<float, T>()
            : Avx.MaskLoad((double*)p, mask.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StorePartial(T* p, Vector256<T> v, int count)
    {
        var mask = Mask(count);
        if (typeof(T) == typeof(float)) Avx.MaskStore((float*)p, mask.AsSingle(), v.AsSingle());
        else Avx.MaskStore((double*)p, mask.AsDouble(), v.AsDouble());
    }

    private static Vector256<T> Mask(int count) =>
        Vector256.LessThan(Indices, Vector256.Create(T.CreateTruncating(count)));

#if NET9_0_OR_GREATER
    private static Vector256<T> Indices => Vector256<T>.Indices;
#else
    private static Vector256<T> Indices => typeof(T) == typeof(float)
        ? Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f).As<float, T>()
        : Vector256.Create(0d, 1d, 2d, 3d).As<double, T>();
#endif
}

// Portable fallback (Arm64 NEON has 32 registers and takes two vectors per row; x86 SSE only 16).
internal readonly unsafe struct GemmVector128<T> : IGemmVector<Vector128<T>, T> where T : unmanaged, INumberBase<T>
{
    public static int Lanes => Vector128<T>.Count;
    public static int TileVectors => AdvSimd.Arm64.IsSupported ? 2 : 1;
    public static int Rows => 8;
    public static int Registers => AdvSimd.Arm64.IsSupported ? 32 : 16;
    public static Vector128<T> Load(T* p) => Vector128.Load(p);
    public static void Store(T* p, Vector128<T> v) => v.Store(p);
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);
    public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;
    public static Vector128<T> Subtract(Vector128<T> a, Vector128<T> b) => a - b;
    public static Vector128<T> Multiply(Vector128<T> a, Vector128<T> b) => a * b;
    public static Vector128<T> Maximum(Vector128<T> a, Vector128<T> b) =>
        Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(a, b) | ~Vector128.Equals(a, a), a, b);
    public static bool AllFinite(Vector128<T> v) => Vector128.EqualsAll(v - v, Vector128<T>.Zero);
    public static Vector128<T> Relu(Vector128<T> v) => Vector128.Max(Vector128<T>.Zero, v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c) => VectorFma.MultiplyAdd(a, b, c);

    public static Vector128<T> LoadPartial(T* p, int count)
    {
        var v = Vector128<T>.Zero;
        for (int i = 0; i < count; i++) v = v.WithElement(i, p[i]);
        return v;
    }

    public static void StorePartial(T* p, Vector128<T> v, int count)
    {
        for (int i = 0; i < count; i++) p[i] = v.GetElement(i);
    }
}
