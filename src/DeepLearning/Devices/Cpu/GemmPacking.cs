using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepLearning.Devices.Cpu;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous layouts the micro-kernel streams: an A micro-panel holds
/// MR rows as <c>kc</c> steps of MR values (<c>dst[p·MR + r]</c>), a B micro-panel NR columns as <c>kc</c> steps of
/// NR values (<c>dst[p·NR + j]</c>). MR and NR are the vector kind's (<see cref="IGemmVector{TV, T}.Rows"/>, lanes ·
/// TileVectors). B columns past the matrix edge are zero-filled: the micro-kernel computes whole vectors and masks
/// only the store.
/// </summary>
internal static unsafe class GemmPacking<T> where T : unmanaged, INumberBase<T>
{
    /// <summary>Packs rows <c>[i0, i0 + mr)</c> and steps <c>[p0, p0 + kc)</c> of op(A) into one MR-row micro-panel.
    /// Rows from mr to MR are left as they are: the micro-kernel of an mr-row tile does not read them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<TS, TV>(T* dst, T* a, int lda, bool transA, int i0, int mr, int p0, int kc)
        where TS : struct, IGemmVector<TV, T> where TV : struct
    {
        int panelRows = TS.Rows;
        if (transA)
        {
            // op(A)(i, p) = a[p·lda + i]: the MR values of one step are contiguous.
            T* src = a + (nint)p0 * lda + i0;
            if (mr == panelRows)
            {
                for (int p = 0; p < kc; p++, src += lda, dst += panelRows)
                {
                    if (panelRows == 8) Copy8(src, dst);
                    else Unsafe.CopyBlockUnaligned(dst, src, (uint)(panelRows * sizeof(T)));
                }
                return;
            }
            for (int p = 0; p < kc; p++, src += lda, dst += panelRows)
                for (int r = 0; r < mr; r++) dst[r] = src[r];
            return;
        }

        // op(A)(i, p) = a[i·lda + p]: each row is contiguous along p, so this is a transpose.
        T* row = a + (nint)i0 * lda + p0;
        int q = 0;
        if (mr == panelRows && Avx.IsSupported)
        {
            for (; q + 8 <= kc; q += 8)
            {
                if (panelRows == 8) Transpose8x8(row + q, lda, dst + q * panelRows, panelRows);
                else Transpose6x8(row + q, lda, dst + q * panelRows, panelRows);
            }
        }
        for (int r = 0; r < mr; r++)
        {
            T* s = row + (nint)r * lda;
            for (int p = q; p < kc; p++) dst[p * panelRows + r] = s[p];
        }
    }

    /// <summary>Packs steps <c>[p0, p0 + kc)</c> and columns <c>[j0, j0 + nc)</c> of op(B) into consecutive NR-column
    /// micro-panels, each <c>kc · NR</c> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<TS, TV>(T* dst, T* b, int ldb, bool transB, int p0, int kc, int j0, int nc)
        where TS : struct, IGemmVector<TV, T> where TV : struct
    {
        int nr = TS.Lanes * TS.TileVectors;
        if (!transB)
        {
            PackBRows<TS, TV>(dst, b + (nint)p0 * ldb + j0, ldb, kc, nc);
            return;
        }
        for (int jp = 0; jp < nc; jp += nr, dst += (nint)kc * nr)
            PackBTransposed(dst, b + (nint)(j0 + jp) * ldb + p0, ldb, kc, Math.Min(nr, nc - jp), nr);
    }

    // op(B)(p, j) = b[p·ldb + j]: step p of every panel comes from row p of the source, read in order (walking
    // down one panel at a time would stride through memory instead).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackBRows<TS, TV>(T* dst, T* src, int ldb, int kc, int nc)
        where TS : struct, IGemmVector<TV, T> where TV : struct
    {
        int w = TS.Lanes, nr = w * TS.TileVectors;
        nint panelSize = (nint)kc * nr;
        int fullPanels = nc / nr, edge = nc - fullPanels * nr;
        int whole = edge / w, rest = edge - whole * w;
        T* edgeDst = dst + fullPanels * panelSize;
        for (int p = 0; p < kc; p++, src += ldb, dst += nr, edgeDst += nr)
        {
            T* s = src, d = dst;
            for (int jp = 0; jp < fullPanels; jp++, s += nr, d += panelSize)
            {
                TS.Store(d, TS.Load(s));
                if (TS.TileVectors == 2) TS.Store(d + w, TS.Load(s + w));
            }
            if (edge == 0) continue;
            // Right edge: whole vectors, one partial vector (masked: nothing past the row is read), then zeros.
            int v = 0;
            for (; v < whole; v++) TS.Store(edgeDst + v * w, TS.Load(s + v * w));
            if (rest > 0) TS.Store(edgeDst + v++ * w, TS.LoadPartial(s + whole * w, rest));
            for (; v < TS.TileVectors; v++) TS.Store(edgeDst + v * w, default);
        }
    }

    // op(B)(p, j) = b[j·ldb + p]: each column of the panel is contiguous along p, so this is a transpose.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackBTransposed(T* dst, T* src, int ldb, int kc, int width, int nr)
    {
        int j = 0;
        if (Avx.IsSupported)
        {
            for (; j + 8 <= width; j += 8)
            {
                T* s = src + (nint)j * ldb;
                int p = 0;
                for (; p + 8 <= kc; p += 8)
                    Transpose8x8(s + p, ldb, dst + p * nr + j, nr);
                for (; p < kc; p++)
                    for (int jj = 0; jj < 8; jj++) dst[p * nr + j + jj] = s[(nint)jj * ldb + p];
            }
        }
        for (; j < width; j++)
        {
            T* s = src + (nint)j * ldb;
            for (int p = 0; p < kc; p++) dst[p * nr + j] = s[p];
        }
        for (; j < nr; j++)
            for (int p = 0; p < kc; p++) dst[p * nr + j] = T.Zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy8(T* src, T* dst)
    {
        Vector256.Store(Vector256.Load(src), dst);
        if (Vector256<T>.Count == 4) Vector256.Store(Vector256.Load(src + 4), dst + 4);
    }

    /// <summary>dst[q·ldd + r] = src[r·lds + q] for an 8 × 8 block (AVX).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(T* src, int lds, T* dst, int ldd)
    {
        if (typeof(T) == typeof(float))
        {
            Transpose8x8((float*)src, lds, (float*)dst, ldd);
            return;
        }
        double* s = (double*)src, d = (double*)dst;
        Transpose4x4(s, lds, d, ldd);
        Transpose4x4(s + 4 * (nint)lds, lds, d + 4, ldd);
        Transpose4x4(s + 4, lds, d + 4 * (nint)ldd, ldd);
        Transpose4x4(s + 4 * (nint)lds + 4, lds, d + 4 * (nint)ldd + 4, ldd);
    }

    /// <summary>dst[q·ldd + r] = src[r·lds + q] for 6 rows r of 8 columns q (AVX): as 4 rows and 2 rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose6x8(T* src, int lds, T* dst, int ldd)
    {
        if (typeof(T) == typeof(float))
        {
            float* f = (float*)src, g = (float*)dst;
            Transpose4x8(f, lds, g, ldd);
            Transpose2x8(f + 4 * (nint)lds, lds, g + 4, ldd);
            return;
        }
        double* s = (double*)src, d = (double*)dst;
        Transpose4x4(s, lds, d, ldd);
        Transpose4x4(s + 4, lds, d + 4 * (nint)ldd, ldd);
        Transpose2x4(s + 4 * (nint)lds, lds, d + 4, ldd);
        Transpose2x4(s + 4 * (nint)lds + 4, lds, d + 4 * (nint)ldd + 4, ldd);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose2x4(double* src, int lds, double* dst, int ldd)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + lds);
        var t0 = Avx.UnpackLow(r0, r1);   // columns 0 | 2
        var t1 = Avx.UnpackHigh(r0, r1);  // columns 1 | 3
        t0.GetLower().Store(dst);
        t1.GetLower().Store(dst + ldd);
        t0.GetUpper().Store(dst + 2 * (nint)ldd);
        t1.GetUpper().Store(dst + 3 * (nint)ldd);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x8(float* src, int lds, float* dst, int ldd)
    {
        Interleave4(src, lds, out var s0, out var s1, out var s2, out var s3);
        s0.GetLower().Store(dst);
        s1.GetLower().Store(dst + ldd);
        s2.GetLower().Store(dst + 2 * (nint)ldd);
        s3.GetLower().Store(dst + 3 * (nint)ldd);
        s0.GetUpper().Store(dst + 4 * (nint)ldd);
        s1.GetUpper().Store(dst + 5 * (nint)ldd);
        s2.GetUpper().Store(dst + 6 * (nint)ldd);
        s3.GetUpper().Store(dst + 7 * (nint)ldd);
    }

    /// <summary>Four rows of 8 at <paramref name="src"/> as four vectors: <c>s_q</c> holds column q of the four rows in
    /// its lower half and column q + 4 in its upper half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave4(float* src, int lds, out Vector256<float> s0, out Vector256<float> s1,
        out Vector256<float> s2, out Vector256<float> s3)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + lds);
        var r2 = Avx.LoadVector256(src + 2 * (nint)lds);
        var r3 = Avx.LoadVector256(src + 3 * (nint)lds);
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        s0 = Avx.Shuffle(t0, t2, 0x44);
        s1 = Avx.Shuffle(t0, t2, 0xEE);
        s2 = Avx.Shuffle(t1, t3, 0x44);
        s3 = Avx.Shuffle(t1, t3, 0xEE);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose2x8(float* src, int lds, float* dst, int ldd)
    {
        // Each pair (src[q], src[lds + q]) is one 64-bit lane of the interleaved rows.
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + lds);
        var t0 = Avx.UnpackLow(r0, r1).AsDouble();   // columns 0, 1 | 4, 5
        var t1 = Avx.UnpackHigh(r0, r1).AsDouble();  // columns 2, 3 | 6, 7
        Vector128<double> lo0 = t0.GetLower(), hi0 = t0.GetUpper(), lo1 = t1.GetLower(), hi1 = t1.GetUpper();
        Sse2.StoreScalar((double*)dst, lo0);
        Sse2.StoreHigh((double*)(dst + ldd), lo0);
        Sse2.StoreScalar((double*)(dst + 2 * (nint)ldd), lo1);
        Sse2.StoreHigh((double*)(dst + 3 * (nint)ldd), lo1);
        Sse2.StoreScalar((double*)(dst + 4 * (nint)ldd), hi0);
        Sse2.StoreHigh((double*)(dst + 5 * (nint)ldd), hi0);
        Sse2.StoreScalar((double*)(dst + 6 * (nint)ldd), hi1);
        Sse2.StoreHigh((double*)(dst + 7 * (nint)ldd), hi1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(double* src, int lds, double* dst, int ldd)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + lds);
        var r2 = Avx.LoadVector256(src + 2 * (nint)lds);
        var r3 = Avx.LoadVector256(src + 3 * (nint)lds);
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        Avx.Store(dst, Avx.Permute2x128(t0, t2, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(t1, t3, 0x20));
        Avx.Store(dst + 2 * (nint)ldd, Avx.Permute2x128(t0, t2, 0x31));
        Avx.Store(dst + 3 * (nint)ldd, Avx.Permute2x128(t1, t3, 0x31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, int lds, float* dst, int ldd)
    {
        Interleave4(src, lds, out var s0, out var s1, out var s2, out var s3);
        Interleave4(src + 4 * (nint)lds, lds, out var s4, out var s5, out var s6, out var s7);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + 3 * ldd, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * ldd, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + 5 * ldd, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * ldd, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + 7 * ldd, Avx.Permute2x128(s3, s7, 0x31));
    }
}
