using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepLearning.Devices.Cpu;

/// <summary>
/// The register-tiled inner kernel: a rows × cols tile of C (rows ≤ MR = <c>TS.Rows</c>, cols ≤ NR = lanes ·
/// TileVectors) from a packed A micro-panel (kc steps of MR values, of which the first <c>rows</c> are read) and a
/// B micro-panel of kc steps <c>ldb</c> apart: packed (ldb = NR) or, for a row-major op(B), the source rows themselves.
/// </summary>
/// <remarks>
/// Every element is one chain of fused multiply-adds over p in order, started from zero, then stored
/// (<c>overwrite</c>) or added to C by a vector addition, masked at the right edge. Edge tiles run the same
/// arithmetic with fewer rows or vectors, so an element's bits never depend on which tile holds it.
/// </remarks>
internal static unsafe class GemmMicroKernel<T, TS, TV>
    where T : unmanaged, INumberBase<T> where TS : struct, IGemmVector<TV, T> where TV : struct
{
    /// <summary>C[0..rows, 0..cols] (=|+=) A-panel · B-panel over kc steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(int rows, int cols, int kc, T* a, T* b, nint ldb, T* c, nint ldc, bool overwrite)
    {
        if (rows == TS.Rows && cols == TS.Lanes * TS.TileVectors)
        {
            if (TS.Rows == 6) Tile<Rows6, Wide>(kc, a, b, ldb, c, ldc, cols, overwrite);
            else Tile<Rows8, Wide>(kc, a, b, ldb, c, ldc, cols, overwrite);
        }
        else if (TS.TileVectors == 2 && cols > TS.Lanes)
            Edge<Wide>(rows, kc, a, b, ldb, c, ldc, cols, overwrite);
        else
            Edge<Narrow>(rows, kc, a, b, ldb, c, ldc, cols, overwrite);
    }

    private static void Edge<TW>(int rows, int kc, T* a, T* b, nint ldb, T* c, nint ldc, int cols, bool overwrite)
        where TW : struct, IGemmConstant
    {
        switch (rows)
        {
            case 1: Tile<Rows1, TW>(kc, a, b, ldb, c, ldc, cols, overwrite); break;
            case 2: Tile<Rows2, TW>(kc, a, b, ldb, c, ldc, cols, overwrite); break;
            case 3: Tile<Rows3, TW>(kc, a, b, ldb, c, ldc, cols, overwrite); break;
            case 4: Tile<Rows4, TW>(kc, a, b, ldb, c, ldc, cols, overwrite); break;
            case 5: Tile<Rows5, TW>(kc, a, b, ldb, c, ldc, cols, overwrite); break;
            case 6: Tile<Rows6, TW>(kc, a, b, ldb, c, ldc, cols, overwrite); break;
            case 7: Tile<Rows7, TW>(kc, a, b, ldb, c, ldc, cols, overwrite); break;
            default: Tile<Rows8, TW>(kc, a, b, ldb, c, ldc, cols, overwrite); break;
        }
    }

    // TR.Value rows and, when TW is Wide and the vector type allows it, two vectors per row; the JIT drops the
    // unused accumulators, so each instantiation keeps only what it needs in registers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TR, TW>(int kc, T* a, T* b, nint ldb, T* c, nint ldc, int cols, bool overwrite)
        where TR : struct, IGemmConstant where TW : struct, IGemmConstant
    {
        bool two = TS.TileVectors == 2 && TW.Value == 2;
        int rows = TR.Value, w = TS.Lanes;
        TV c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        TV c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TS.Load(b), b1 = two ? TS.Load(b + w) : default, x;
            x = TS.Broadcast(a[0]); c00 = TS.MultiplyAdd(x, b0, c00); if (two) c01 = TS.MultiplyAdd(x, b1, c01);
            if (rows > 1) { x = TS.Broadcast(a[1]); c10 = TS.MultiplyAdd(x, b0, c10); if (two) c11 = TS.MultiplyAdd(x, b1, c11); }
            if (rows > 2) { x = TS.Broadcast(a[2]); c20 = TS.MultiplyAdd(x, b0, c20); if (two) c21 = TS.MultiplyAdd(x, b1, c21); }
            if (rows > 3) { x = TS.Broadcast(a[3]); c30 = TS.MultiplyAdd(x, b0, c30); if (two) c31 = TS.MultiplyAdd(x, b1, c31); }
            if (rows > 4) { x = TS.Broadcast(a[4]); c40 = TS.MultiplyAdd(x, b0, c40); if (two) c41 = TS.MultiplyAdd(x, b1, c41); }
            if (rows > 5) { x = TS.Broadcast(a[5]); c50 = TS.MultiplyAdd(x, b0, c50); if (two) c51 = TS.MultiplyAdd(x, b1, c51); }
            if (rows > 6) { x = TS.Broadcast(a[6]); c60 = TS.MultiplyAdd(x, b0, c60); if (two) c61 = TS.MultiplyAdd(x, b1, c61); }
            if (rows > 7) { x = TS.Broadcast(a[7]); c70 = TS.MultiplyAdd(x, b0, c70); if (two) c71 = TS.MultiplyAdd(x, b1, c71); }
            a += TS.Rows;
            b += ldb;
        }
        bool full = cols == w * (two ? 2 : 1);
        Write(c, c00, c01, two, full, cols, overwrite);
        if (rows > 1) Write(c += ldc, c10, c11, two, full, cols, overwrite);
        if (rows > 2) Write(c += ldc, c20, c21, two, full, cols, overwrite);
        if (rows > 3) Write(c += ldc, c30, c31, two, full, cols, overwrite);
        if (rows > 4) Write(c += ldc, c40, c41, two, full, cols, overwrite);
        if (rows > 5) Write(c += ldc, c50, c51, two, full, cols, overwrite);
        if (rows > 6) Write(c += ldc, c60, c61, two, full, cols, overwrite);
        if (rows > 7) Write(c += ldc, c70, c71, two, full, cols, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write(T* c, TV v0, TV v1, bool two, bool full, int cols, bool overwrite)
    {
        int w = TS.Lanes;
        if (full)
        {
            TS.Store(c, overwrite ? v0 : TS.Add(TS.Load(c), v0));
            if (two) TS.Store(c + w, overwrite ? v1 : TS.Add(TS.Load(c + w), v1));
            return;
        }
        if (two)
        {
            // cols > w here: the first vector is whole.
            TS.Store(c, overwrite ? v0 : TS.Add(TS.Load(c), v0));
            TS.StorePartial(c + w, overwrite ? v1 : TS.Add(TS.LoadPartial(c + w, cols - w), v1), cols - w);
        }
        else
        {
            TS.StorePartial(c, overwrite ? v0 : TS.Add(TS.LoadPartial(c, cols), v0), cols);
        }
    }

    private struct Rows1 : IGemmConstant { public static int Value => 1; }
    private struct Rows2 : IGemmConstant { public static int Value => 2; }
    private struct Rows3 : IGemmConstant { public static int Value => 3; }
    private struct Rows4 : IGemmConstant { public static int Value => 4; }
    private struct Rows5 : IGemmConstant { public static int Value => 5; }
    private struct Rows6 : IGemmConstant { public static int Value => 6; }
    private struct Rows7 : IGemmConstant { public static int Value => 7; }
    private struct Rows8 : IGemmConstant { public static int Value => 8; }
    private struct Narrow : IGemmConstant { public static int Value => 1; }
    private struct Wide : IGemmConstant { public static int Value => 2; }
}

/// <summary>A compile-time integer carried by a type argument, so that each instantiation is specialised.</summary>
internal interface IGemmConstant
{
    static abstract int Value { get; }
}
