namespace DeepLearning.Devices.Cpu;

/// <summary>
/// Batched matmul on strided views: each operand whose last two axes are row-major or column-major (a transposed
/// view) goes to GEMM as is, with the transpose flag; any other layout is first copied to a dense buffer. Batch
/// axes are walked with an odometer, the innermost one handed to the batched GEMM with its stride (0 when broadcast).
/// </summary>
internal static unsafe class CpuMatMul
{
    /// <summary>c = a·b (or c += a·b), then the epilogue on each tile of c: + bias along the rows, then max(0, ·)
    /// (<see cref="GemmEpilogue"/>; the bias view must be dense when it is used).</summary>
    public static void MatMul(Device device, in StridedView a, in StridedView b, in StridedView c, bool accumulate, in GemmEpilogue epilogue = default)
    {
        int r = c.Shape.Rank;
        int m = c.Shape[r - 2], n = c.Shape[r - 1], k = a.Shape[r - 1];
        Storage? tempA = null, tempB = null, tempC = null;
        try
        {
            var av = Prepare(device, a, m, k, out bool ta, out int lda, ref tempA);
            var bv = Prepare(device, b, k, n, out bool tb, out int ldb, ref tempB);
            var cv = c;
            bool cDense = Layout(c, m, n, out bool tc, out int ldc) && !tc;
            if (!cDense)
            {
                if (epilogue.Active) throw new InvalidOperationException("MatMul: a GEMM epilogue needs a dense output.");
                tempC = device.Allocate(c.DType, c.ElementCount);
                cv = StridedView.Contiguous(tempC, c.Shape);
                ldc = n;
                if (accumulate) CpuElementwise.Copy(c, cv);
            }
            int batchRank = r - 2;
            int inner = batchRank > 0 ? c.Shape[batchRank - 1] : 1;
            long outerCount = 1;
            for (int i = 0; i < batchRank - 1; i++) outerCount *= c.Shape[i];
            long sa = batchRank > 0 ? av.Strides[batchRank - 1] : 0, sb = batchRank > 0 ? bv.Strides[batchRank - 1] : 0, sc = batchRank > 0 ? cv.Strides[batchRank - 1] : 0;
            for (long o = 0; o < outerCount; o++)
            {
                long oa = 0, ob = 0, oc = 0, rem = o;
                for (int i = batchRank - 2; i >= 0; i--)
                {
                    long idx = rem % c.Shape[i];
                    rem /= c.Shape[i];
                    oa += idx * av.Strides[i]; ob += idx * bv.Strides[i]; oc += idx * cv.Strides[i];
                }
                if (c.DType == DType.Float32)
                    Gemm.SgemmBatched(inner, ta, tb, m, n, k, CpuElementwise.Ptr<float>(av) + oa, lda, sa,
                        CpuElementwise.Ptr<float>(bv) + ob, ldb, sb, CpuElementwise.Ptr<float>(cv) + oc, ldc, sc, accumulate,
                        epilogue.HasBias ? CpuElementwise.Ptr<float>(epilogue.Bias) : null, epilogue.Relu);
                else
                    Gemm.DgemmBatched(inner, ta, tb, m, n, k, CpuElementwise.Ptr<double>(av) + oa, lda, sa,
                        CpuElementwise.Ptr<double>(bv) + ob, ldb, sb, CpuElementwise.Ptr<double>(cv) + oc, ldc, sc, accumulate,
                        epilogue.HasBias ? CpuElementwise.Ptr<double>(epilogue.Bias) : null, epilogue.Relu);
            }
            if (tempC is not null) CpuElementwise.Copy(cv, c);
        }
        finally
        {
            if (tempA is not null) device.Release(tempA);
            if (tempB is not null) device.Release(tempB);
            if (tempC is not null) device.Release(tempC);
        }
    }

    /// <summary>The GEMM form of a (rows × cols) matrix view: row-major (ld = row stride) or transposed
    /// (ld = column stride). False when neither axis has unit stride.</summary>
    private static bool Layout(in StridedView v, int rows, int cols, out bool transposed, out int ld)
    {
        int r = v.Shape.Rank;
        int sr = v.Strides[r - 2], sc = v.Strides[r - 1];
        if ((sc == 1 || cols == 1) && (sr >= cols || rows == 1))
        {
            transposed = false;
            ld = rows == 1 ? Math.Max(cols, 1) : sr;
            return true;
        }
        if ((sr == 1 || rows == 1) && (sc >= rows || cols == 1))
        {
            transposed = true;
            ld = cols == 1 ? Math.Max(rows, 1) : sc;
            return true;
        }
        transposed = false;
        ld = 0;
        return false;
    }

    private static StridedView Prepare(Device device, in StridedView v, int rows, int cols, out bool transposed, out int ld, ref Storage? temp)
    {
        if (Layout(v, rows, cols, out transposed, out ld)) return v;
        temp = device.Allocate(v.DType, v.ElementCount);
        var dense = StridedView.Contiguous(temp, v.Shape);
        CpuElementwise.Copy(v, dense);
        transposed = false;
        ld = Math.Max(cols, 1);
        return dense;
    }
}

/// <summary>What a GEMM applies to each tile of C after its last block of k, while the tile is in cache: C += bias
/// (one value per column, the same for every row) when <see cref="HasBias"/>, then C = max(0, C) when
/// <see cref="Relu"/>. Each is the IEEE operation of the composed add and ReLU kernels, so the result is bit-identical
/// to running them afterwards.</summary>
internal readonly struct GemmEpilogue
{
    /// <summary>An epilogue adding <paramref name="bias"/> (a view with storage) and, when <paramref name="relu"/>,
    /// taking max(0, ·) after it.</summary>
    public GemmEpilogue(in StridedView bias, bool relu)
    {
        Bias = bias;
        HasBias = bias.Storage is not null;
        Relu = relu;
    }

    /// <summary>The bias, (n) and dense; meaningful only when <see cref="HasBias"/>.</summary>
    public readonly StridedView Bias;

    /// <summary>Whether a bias is added.</summary>
    public readonly bool HasBias;

    /// <summary>Whether max(0, ·) follows.</summary>
    public readonly bool Relu;

    /// <summary>Whether there is anything to apply.</summary>
    public bool Active => HasBias || Relu;
}
