namespace DeepLearning.Devices.Cpu;

/// <summary>Random fills on the CPU: element i of a contiguous view gets <see cref="Philox.Sample"/> at counter
/// offset + i, computed in parallel tiles (the values do not depend on the tiling). Float32 uniform and Bernoulli
/// draws reuse each Philox block for its four lanes.</summary>
internal static unsafe class CpuRandom
{
    public static void Fill(RandomDistribution dist, in StridedView y, ulong seed, ulong offset, double alpha, double beta)
    {
        var job = new Job { Dist = dist, DType = y.DType, Seed = seed, Offset = offset, Alpha = alpha, Beta = beta, Count = y.ElementCount, Y = y };
        int tiles = (job.Count + StridedLoop.TileElements - 1) / StridedLoop.TileElements;
        if (job.Count < StridedLoop.ParallelThreshold) for (int t = 0; t < tiles; t++) job.Execute(t);
        else KernelPool.For(tiles, ref job);
    }

    private struct Job : IParallelJob
    {
        public RandomDistribution Dist;
        public DType DType;
        public ulong Seed, Offset;
        public double Alpha, Beta;
        public int Count;
        public StridedView Y;

        public void Execute(int tile)
        {
            int start = tile * StridedLoop.TileElements, end = Math.Min(Count, start + StridedLoop.TileElements);
            switch (DType)
            {
                case DType.Float32:
                {
                    float* y = CpuElementwise.Ptr<float>(Y);
                    if (Dist is RandomDistribution.Uniform or RandomDistribution.Bernoulli) FastFloat(y, start, end);
                    else for (int i = start; i < end; i++) y[i] = (float)Philox.Sample(Dist, DType, Seed, Offset + (ulong)i, Alpha, Beta);
                    break;
                }
                case DType.Float64:
                {
                    double* y = CpuElementwise.Ptr<double>(Y);
                    for (int i = start; i < end; i++) y[i] = Philox.Sample(Dist, DType, Seed, Offset + (ulong)i, Alpha, Beta);
                    break;
                }
                default:
                {
                    int* y = CpuElementwise.Ptr<int>(Y);
                    for (int i = start; i < end; i++) y[i] = (int)Philox.Sample(Dist, DType, Seed, Offset + (ulong)i, Alpha, Beta);
                    break;
                }
            }
        }

        // Same values as Philox.Sample: lane n mod 4 of block n/4 as a 24-bit float, with the blocks drawn
        // several at a time by PhiloxSimd.
        private readonly void FastFloat(float* y, int start, int end)
        {
            bool bernoulli = Dist == RandomDistribution.Bernoulli;
            double p = Alpha, span = Beta - Alpha;
            int width = PhiloxSimd.Width;
            Span<uint> words = stackalloc uint[4 * width];
            int i = start;
            while (i < end)
            {
                ulong n = Offset + (ulong)i;
                PhiloxSimd.Blocks(Seed, n >> 2, 0, words);
                // Element n is word n mod 4 of block n/4; words are stored word-major (word·width + block).
                for (int e = (int)(n & 3); e < 4 * width && i < end; e++, i++)
                {
                    float u = Philox.ToUnitFloat(words[(e & 3) * width + (e >> 2)]);
                    y[i] = bernoulli ? (u < p ? 1f : 0f) : (float)(Alpha + span * u);
                }
            }
        }
    }
}
