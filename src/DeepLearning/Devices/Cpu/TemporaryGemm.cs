namespace DeepLearning.Devices.Cpu;

// Placeholder with the contract of the tuned kernel; replaced when Gemm*.cs lands.
internal static unsafe class Gemm
{
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate) =>
        SgemmBatched(1, transA, transB, m, n, k, a, lda, 0, b, ldb, 0, c, ldc, 0, accumulate);

    public static void Dgemm(bool transA, bool transB, int m, int n, int k, double* a, int lda, double* b, int ldb, double* c, int ldc, bool accumulate) =>
        DgemmBatched(1, transA, transB, m, n, k, a, lda, 0, b, ldb, 0, c, ldc, 0, accumulate);

    public static void SgemmBatched(int batch, bool transA, bool transB, int m, int n, int k,
        float* a, int lda, long strideA, float* b, int ldb, long strideB, float* c, int ldc, long strideC, bool accumulate)
    {
        for (int t = 0; t < batch; t++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    float s = 0;
                    for (int p = 0; p < k; p++)
                        s += a[t * strideA + (transA ? (long)p * lda + i : (long)i * lda + p)] * b[t * strideB + (transB ? (long)j * ldb + p : (long)p * ldb + j)];
                    float* dst = c + t * strideC + (long)i * ldc + j;
                    *dst = accumulate ? *dst + s : s;
                }
    }

    public static void DgemmBatched(int batch, bool transA, bool transB, int m, int n, int k,
        double* a, int lda, long strideA, double* b, int ldb, long strideB, double* c, int ldc, long strideC, bool accumulate)
    {
        for (int t = 0; t < batch; t++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    for (int p = 0; p < k; p++)
                        s += a[t * strideA + (transA ? (long)p * lda + i : (long)i * lda + p)] * b[t * strideB + (transB ? (long)j * ldb + p : (long)p * ldb + j)];
                    double* dst = c + t * strideC + (long)i * ldc + j;
                    *dst = accumulate ? *dst + s : s;
                }
    }
}
