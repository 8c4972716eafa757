using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepLearning.Devices.Cpu;

/// <summary>
/// General matrix multiply on row-major storage, blocked GotoBLAS-style (packed panels of A and B, a register-tiled
/// FMA micro-kernel) and spread over <see cref="KernelPool"/>.
/// </summary>
/// <remarks>
/// Results are bit-identical whatever <see cref="KernelPool.ThreadCount"/> is: k is cut into blocks that depend
/// on k alone, each element of C is one fused multiply-add chain per block added to C in block order, and threads
/// only ever split the rows or columns of C.
/// </remarks>
internal static unsafe class Gemm
{
    /// <summary>
    /// C = op(A)·op(B), or C += op(A)·op(B) when <paramref name="accumulate"/>, in single precision.
    /// op(A) is m × k: element (i, p) is <c>a[i·lda + p]</c>, or <c>a[p·lda + i]</c> when <paramref name="transA"/>.
    /// op(B) is k × n: element (p, j) is <c>b[p·ldb + j]</c>, or <c>b[j·ldb + p]</c> when <paramref name="transB"/>.
    /// C is m × n with element (i, j) at <c>c[i·ldc + j]</c>.
    /// </summary>
    /// <remarks>Any of m, n, k may be 0; k = 0 without <paramref name="accumulate"/> writes zeros. Without
    /// <paramref name="accumulate"/>, C is only written, never read, so it may hold anything beforehand.</remarks>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k,
        float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate) =>
        Run(1, transA, transB, m, n, k, a, lda, 0, b, ldb, 0, c, ldc, 0, accumulate);

    /// <summary>
    /// <paramref name="batch"/> independent single-precision products as in <see cref="Sgemm"/>: product t uses
    /// <c>a + t·strideA</c>, <c>b + t·strideB</c> and <c>c + t·strideC</c>. A stride of 0 for A or B broadcasts that
    /// operand to every product; strideC must not be 0 when batch &gt; 1.
    /// </summary>
    /// <remarks>With <paramref name="bias"/> (n values) each product's C rows get it added after the product, and with
    /// <paramref name="relu"/> C = max(0, C) after that (<see cref="GemmEpilogue"/>).</remarks>
    public static void SgemmBatched(int batch, bool transA, bool transB, int m, int n, int k,
        float* a, int lda, long strideA, float* b, int ldb, long strideB, float* c, int ldc, long strideC, bool accumulate,
        float* bias = null, bool relu = false) =>
        Run(batch, transA, transB, m, n, k, a, lda, strideA, b, ldb, strideB, c, ldc, strideC, accumulate, bias, relu);

    /// <summary>C = op(A)·op(B), or C += op(A)·op(B), in double precision; shapes and layout as in
    /// <see cref="Sgemm"/>.</summary>
    public static void Dgemm(bool transA, bool transB, int m, int n, int k,
        double* a, int lda, double* b, int ldb, double* c, int ldc, bool accumulate) =>
        Run(1, transA, transB, m, n, k, a, lda, 0, b, ldb, 0, c, ldc, 0, accumulate);

    /// <summary>Batched double-precision products; strides and broadcasting as in <see cref="SgemmBatched"/>.</summary>
    public static void DgemmBatched(int batch, bool transA, bool transB, int m, int n, int k,
        double* a, int lda, long strideA, double* b, int ldb, long strideB, double* c, int ldc, long strideC, bool accumulate,
        double* bias = null, bool relu = false) =>
        Run(batch, transA, transB, m, n, k, a, lda, strideA, b, ldb, strideB, c, ldc, strideC, accumulate, bias, relu);

    private static void Run<T>(int batch, bool transA, bool transB, int m, int n, int k,
        T* a, int lda, long strideA, T* b, int ldb, long strideB, T* c, int ldc, long strideC, bool accumulate,
        T* bias = null, bool relu = false)
        where T : unmanaged, INumberBase<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (batch == 0 || m == 0 || n == 0) return;
        if (k == 0)
        {
            for (int t = 0; t < batch; t++)
            {
                if (!accumulate)
                    for (int i = 0; i < m; i++)
                        new Span<T>(c + t * strideC + (nint)i * ldc, n).Clear();
                GemmEpilogueKernel<T>.Apply(bias, relu, c + t * strideC, ldc, 0, m, 0, n);
            }
            return;
        }
        var problem = new GemmProblem<T>
        {
            A = a, B = b, C = c, StrideA = strideA, StrideB = strideB, StrideC = strideC,
            Batch = batch, M = m, N = n, K = k, Lda = lda, Ldb = ldb, Ldc = ldc,
            TransA = transA, TransB = transB, Accumulate = accumulate, Bias = bias, Relu = relu,
        };
        switch (Width)
        {
            case VectorWidth.Bits512: GemmDriver<T, GemmVector512<T>, Vector512<T>>.Run(problem); break;
            case VectorWidth.Bits256: GemmDriver<T, GemmVector256<T>, Vector256<T>>.Run(problem); break;
            default: GemmDriver<T, GemmVector128<T>, Vector128<T>>.Run(problem); break;
        }
    }

    /// <summary>The height of the micro-kernel's row panel on this machine (MR: 8 with AVX-512 and the 128-bit
    /// fallback, 6 with AVX2): callers that cut rows into chunks cut on whole panels.</summary>
    public static int PanelRows<T>() where T : unmanaged, INumberBase<T> => Width switch
    {
        VectorWidth.Bits512 => GemmVector512<T>.Rows,
        VectorWidth.Bits256 => GemmVector256<T>.Rows,
        _ => GemmVector128<T>.Rows,
    };

    private enum VectorWidth { Bits128, Bits256, Bits512 }

    /// <summary>The micro-kernel's vector width on this machine: AVX-512, else AVX2 with FMA, else 128 bits.</summary>
    private static VectorWidth Width => Avx512F.IsSupported ? VectorWidth.Bits512
        : Avx2.IsSupported && Fma.IsSupported ? VectorWidth.Bits256 : VectorWidth.Bits128;
}
