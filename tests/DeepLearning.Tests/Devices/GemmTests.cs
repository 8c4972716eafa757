using DeepLearning.Devices.Cpu;

namespace DeepLearning.Tests.Devices;

/// <summary>Tests that change <see cref="KernelPool.ThreadCount"/> run alone.</summary>
[CollectionDefinition(nameof(GemmThreadCountCollection), DisableParallelization = true)]
public sealed class GemmThreadCountCollection;

public unsafe class GemmTests
{
    /// <summary>Row-major matrices with padded leading dimensions, a batch of them, and a double-precision reference.</summary>
    private sealed class Case
    {
        public required int M, N, K, Batch;
        public required bool TransA, TransB;
        public int Pad;
        public bool BroadcastA, BroadcastB;

        public int Lda => (TransA ? M : K) + Pad;
        public int Ldb => (TransB ? K : N) + Pad;
        public int Ldc => N + Pad;
        public long SizeA => (long)(TransA ? K : M) * Lda;
        public long SizeB => (long)(TransB ? N : K) * Ldb;
        public long SizeC => (long)M * Ldc;
        public long StrideA => BroadcastA ? 0 : SizeA;
        public long StrideB => BroadcastB ? 0 : SizeB;

        public T[] NewA<T>(Random rnd, Func<double, T> of) => Fill(BroadcastA ? SizeA : SizeA * Batch, rnd, of);
        public T[] NewB<T>(Random rnd, Func<double, T> of) => Fill(BroadcastB ? SizeB : SizeB * Batch, rnd, of);

        /// <summary>op(A_t) (m × k) and op(B_t) (k × n) of product t as dense row-major doubles.</summary>
        public (double[] A, double[] B) Operands<T>(T[] a, T[] b, int t, Func<T, double> toDouble)
        {
            var opA = new double[M * K];
            var opB = new double[K * N];
            for (int i = 0; i < M; i++)
                for (int p = 0; p < K; p++)
                    opA[i * K + p] = toDouble(a[t * StrideA + (TransA ? (long)p * Lda + i : (long)i * Lda + p)]);
            for (int p = 0; p < K; p++)
                for (int j = 0; j < N; j++)
                    opB[p * N + j] = toDouble(b[t * StrideB + (TransB ? (long)j * Ldb + p : (long)p * Ldb + j)]);
            return (opA, opB);
        }

        private static T[] Fill<T>(long length, Random rnd, Func<double, T> of)
        {
            var x = new T[Math.Max(1, length)];
            for (int i = 0; i < x.Length; i++) x[i] = of(rnd.NextDouble() * 2 - 1);
            return x;
        }
    }

    private static void Sgemm(Case s, float[] a, float[] b, float[] c, bool accumulate)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (s.Batch == 1 && !s.BroadcastA && !s.BroadcastB)
                Gemm.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, pa, s.Lda, pb, s.Ldb, pc, s.Ldc, accumulate);
            else
                Gemm.SgemmBatched(s.Batch, s.TransA, s.TransB, s.M, s.N, s.K, pa, s.Lda, s.StrideA, pb, s.Ldb, s.StrideB,
                    pc, s.Ldc, s.SizeC, accumulate);
        }
    }

    /// <summary>Runs the single-precision GEMM and checks every element of C against a double reference, and that
    /// the padding of C is untouched.</summary>
    private static void CheckSingle(Case s, bool accumulate, int seed = 1)
    {
        var rnd = new Random(seed);
        var a = s.NewA(rnd, v => (float)v);
        var b = s.NewB(rnd, v => (float)v);
        var c = new float[Math.Max(1, s.SizeC * s.Batch)];
        for (int i = 0; i < c.Length; i++) c[i] = accumulate ? (float)(rnd.NextDouble() * 2 - 1) : float.NaN;
        var before = (float[])c.Clone();
        Sgemm(s, a, b, c, accumulate);

        for (int t = 0; t < s.Batch; t++)
        {
            var (opA, opB) = s.Operands(a, b, t, v => v);
            for (int i = 0; i < s.M; i++)
                for (int j = 0; j < s.Ldc; j++)
                {
                    long at = t * s.SizeC + (long)i * s.Ldc + j;
                    if (j >= s.N)
                    {
                        Assert.Equal(BitConverter.SingleToInt32Bits(before[at]), BitConverter.SingleToInt32Bits(c[at]));
                        continue;
                    }
                    var (expected, scale) = Reference(opA, opB, s.K, s.N, i, j, accumulate ? before[at] : 0);
                    if (!(Math.Abs(c[at] - expected) <= 1e-5 * scale + 1e-6))
                        Assert.Fail($"C[{t},{i},{j}] = {c[at]}, expected {expected}");
                }
        }
    }

    /// <summary>Σ_p opA[i, p]·opB[p, j] + c0 in double, and the sum of magnitudes that bounds its rounding error.</summary>
    private static (double Value, double Scale) Reference(double[] opA, double[] opB, int k, int n, int i, int j, double c0)
    {
        double sum = c0, scale = Math.Abs(c0);
        for (int p = 0; p < k; p++)
        {
            double term = opA[i * k + p] * opB[p * n + j];
            sum += term;
            scale += Math.Abs(term);
        }
        return (sum, scale);
    }

    public static TheoryData<int, int, int, int> Shapes => new()
    {
        // m, n, k, padding of every leading dimension
        { 1, 1, 1, 0 },
        { 1, 1, 1, 3 },
        { 2, 3, 1, 0 },
        { 8, 32, 8, 0 },
        { 9, 33, 17, 1 },
        { 65, 33, 17, 0 },
        { 65, 33, 17, 5 },
        { 7, 70, 40, 2 },
        { 1, 1000, 1, 0 },
        { 1000, 1, 1000, 0 },
        { 3, 17, 600, 1 },
        { 130, 75, 90, 3 },
        // Whole 6 × 16 (AVX2) and 8 × 32 (AVX-512) tiles with no edge, and a depth cut into two k blocks by either.
        { 6, 16, 8, 0 },
        { 24, 64, 16, 0 },
        { 13, 47, 1030, 1 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sgemm_MatchesReference_ForEveryTransposeAndMode(int m, int n, int k, int pad)
    {
        foreach (bool transA in new[] { false, true })
            foreach (bool transB in new[] { false, true })
                foreach (bool accumulate in new[] { false, true })
                    CheckSingle(new Case { M = m, N = n, K = k, Batch = 1, TransA = transA, TransB = transB, Pad = pad }, accumulate);
    }

    [Theory]
    [InlineData(0, 5, 3)]
    [InlineData(5, 0, 3)]
    [InlineData(0, 0, 0)]
    public void Sgemm_EmptyOutput_WritesNothing(int m, int n, int k)
    {
        var c = new[] { 42f, 43f };
        fixed (float* pc = c)
            Gemm.Sgemm(false, false, m, n, k, null, Math.Max(k, 1), null, Math.Max(n, 1), pc, Math.Max(n, 1), false);
        Assert.Equal(new[] { 42f, 43f }, c);
    }

    [Fact]
    public void Sgemm_ZeroDepth_WritesZerosOrKeepsC()
    {
        var c = new[] { float.NaN, 5f, 6f, float.NaN, 7f, 8f };
        fixed (float* pc = c)
            Gemm.Sgemm(false, false, 2, 2, 0, null, 1, null, 2, pc, 3, accumulate: false);
        Assert.Equal(new[] { 0f, 0f, 6f, 0f, 0f, 8f }, c);

        c = [1f, 2f, 3f, 4f];
        fixed (float* pc = c)
            Gemm.Sgemm(true, true, 2, 2, 0, null, 2, null, 1, pc, 2, accumulate: true);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, c);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void SgemmBatched_MatchesReference_WithBroadcastOperands(bool broadcastA, bool broadcastB)
    {
        foreach (bool transA in new[] { false, true })
            foreach (bool transB in new[] { false, true })
            {
                CheckSingle(new Case { M = 20, N = 40, K = 30, Batch = 3, TransA = transA, TransB = transB, Pad = 1,
                    BroadcastA = broadcastA, BroadcastB = broadcastB }, accumulate: transA);
                // Large enough to be split over the pool.
                CheckSingle(new Case { M = 70, N = 90, K = 100, Batch = 3, TransA = transA, TransB = transB,
                    BroadcastA = broadcastA, BroadcastB = broadcastB }, accumulate: !transB);
            }
    }

    [Fact]
    public void Sgemm_PropagatesNaNAndInfinity_LikeIeeeArithmetic()
    {
        const int m = 20, n = 40, k = 70;
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        for (int i = 0; i < b.Length; i++) b[i] = 1;
        a[3 * k + 5] = float.NaN;                 // row 3 of C becomes NaN
        a[7 * k + 2] = float.PositiveInfinity;    // row 7 of C becomes +Inf...
        b[2 * n + 11] = 0;                        // ...except column 11, where Inf × 0 = NaN
        b[60 * n + 30] = float.PositiveInfinity;  // column 30 of C: 0 × Inf = NaN in every row (A is mostly 0)
        fixed (float* pa = a, pb = b, pc = c)
            Gemm.Sgemm(false, false, m, n, k, pa, k, pb, n, pc, n, false);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float v = c[i * n + j];
                if (i == 3 || j == 30 || (i == 7 && j == 11)) Assert.True(float.IsNaN(v), $"C[{i},{j}] = {v}");
                else if (i == 7) Assert.Equal(float.PositiveInfinity, v);
                else Assert.Equal(0f, v);
            }
    }

    [Fact]
    public void Dgemm_MatchesReference()
    {
        foreach (var (m, n, k) in new[] { (1, 1, 1), (9, 17, 33), (70, 45, 300) })
            foreach (bool transA in new[] { false, true })
                foreach (bool transB in new[] { false, true })
                    foreach (bool accumulate in new[] { false, true })
                    {
                        var s = new Case { M = m, N = n, K = k, Batch = 2, TransA = transA, TransB = transB, Pad = 2, BroadcastB = true };
                        var rnd = new Random(m + n + k);
                        var a = s.NewA(rnd, v => v);
                        var b = s.NewB(rnd, v => v);
                        var c = new double[s.SizeC * s.Batch];
                        for (int i = 0; i < c.Length; i++) c[i] = accumulate ? rnd.NextDouble() : double.NaN;
                        var before = (double[])c.Clone();
                        fixed (double* pa = a, pb = b, pc = c)
                            Gemm.DgemmBatched(s.Batch, transA, transB, m, n, k, pa, s.Lda, s.StrideA, pb, s.Ldb, s.StrideB,
                                pc, s.Ldc, s.SizeC, accumulate);
                        for (int t = 0; t < s.Batch; t++)
                        {
                            var (opA, opB) = s.Operands(a, b, t, v => v);
                            for (int i = 0; i < m; i++)
                                for (int j = 0; j < n; j++)
                                {
                                    long at = t * s.SizeC + (long)i * s.Ldc + j;
                                    var (expected, scale) = Reference(opA, opB, k, n, i, j, accumulate ? before[at] : 0);
                                    if (!(Math.Abs(c[at] - expected) <= 1e-13 * scale + 1e-15))
                                        Assert.Fail($"C[{t},{i},{j}] = {c[at]}, expected {expected}");
                                }
                        }
                    }

        var single = new[] { double.NaN };
        fixed (double* pc = single)
        {
            double one = 3;
            Gemm.Dgemm(false, false, 1, 1, 1, &one, 1, &one, 1, pc, 1, false);
        }
        Assert.Equal(9.0, single[0]);
    }
}

[Collection(nameof(GemmThreadCountCollection))]
public unsafe class GemmThreadingTests
{
    public static TheoryData<int, int, int> ParallelShapes => new()
    {
        { 200, 150, 300 },  // square-ish: split over rows
        { 9, 33, 6000 },    // short and long k: split over columns
        { 3000, 9, 40 },    // tall and narrow
        { 37, 530, 600 },   // wide, ragged edges
    };

    [Theory]
    [MemberData(nameof(ParallelShapes))]
    public void Sgemm_IsBitIdentical_AcrossThreadCounts(int m, int n, int k)
    {
        int saved = KernelPool.ThreadCount;
        try
        {
            var rnd = new Random(m * n + k);
            var a = new float[m * k];
            var b = new float[k * n];
            var c0 = new float[m * n];
            for (int i = 0; i < a.Length; i++) a[i] = (float)(rnd.NextDouble() * 2 - 1);
            for (int i = 0; i < b.Length; i++) b[i] = (float)(rnd.NextDouble() * 2 - 1);
            for (int i = 0; i < c0.Length; i++) c0[i] = (float)(rnd.NextDouble() * 2 - 1);
            foreach (bool transA in new[] { false, true })
                foreach (bool transB in new[] { false, true })
                {
                    bool accumulate = transA != transB;
                    int[]? reference = null;
                    foreach (int threads in new[] { 1, 2, 3, 2 })
                    {
                        KernelPool.ThreadCount = threads;
                        var c = (float[])c0.Clone();
                        fixed (float* pa = a, pb = b, pc = c)
                            Gemm.Sgemm(transA, transB, m, n, k, pa, transA ? m : k, pb, transB ? k : n, pc, n, accumulate);
                        var bits = Array.ConvertAll(c, BitConverter.SingleToInt32Bits);
                        if (reference is null) reference = bits;
                        else Assert.Equal(reference, bits);
                    }
                }
        }
        finally
        {
            KernelPool.ThreadCount = saved;
        }
    }

    [Fact]
    public void Sgemm_AllocatesNothing_AfterWarmUp()
    {
        int saved = KernelPool.ThreadCount;
        try
        {
            KernelPool.ThreadCount = 2;
            const int m = 128, n = 96, k = 200;
            var a = GC.AllocateUninitializedArray<float>(m * k, pinned: true);
            var b = GC.AllocateUninitializedArray<float>(k * n, pinned: true);
            var c = GC.AllocateUninitializedArray<float>(m * n, pinned: true);
            a.AsSpan().Fill(0.5f);
            b.AsSpan().Fill(0.25f);
            fixed (float* pa = a, pb = b, pc = c)
            {
                for (int i = 0; i < 3; i++)
                {
                    Gemm.Sgemm(false, true, m, n, k, pa, k, pb, k, pc, n, false);
                    Gemm.SgemmBatched(2, true, false, m / 2, n, k, pa, m / 2, 0, pb, n, 0, pc, n, (m / 2) * n, true);
                }
                long before = GC.GetAllocatedBytesForCurrentThread();
                Gemm.Sgemm(false, true, m, n, k, pa, k, pb, k, pc, n, false);
                Gemm.SgemmBatched(2, true, false, m / 2, n, k, pa, m / 2, 0, pb, n, 0, pc, n, (m / 2) * n, true);
                Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }
        finally
        {
            KernelPool.ThreadCount = saved;
        }
    }
}
