using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace DeepLearning.Devices.Cpu;

/// <summary>Max and average pooling on NHWC tensors, vectorised across channels, one image per parallel task
/// (so overlapping windows in the backward pass add up in a fixed order).</summary>
internal static unsafe class CpuPool
{
    public static void Forward(PoolKind kind, in StridedView x, in StridedView y, in Pool2DGeometry g)
    {
        if (x.DType == DType.Float32) Run(new ForwardJob<float> { G = g, Kind = kind, X = CpuElementwise.Ptr<float>(x), Y = CpuElementwise.Ptr<float>(y) }, g.Batch);
        else Run(new ForwardJob<double> { G = g, Kind = kind, X = CpuElementwise.Ptr<double>(x), Y = CpuElementwise.Ptr<double>(y) }, g.Batch);
    }

    public static void Backward(PoolKind kind, in StridedView x, in StridedView dy, in StridedView dx, in Pool2DGeometry g)
    {
        if (x.DType == DType.Float32) Run(new BackwardJob<float> { G = g, Kind = kind, X = CpuElementwise.Ptr<float>(x), DY = CpuElementwise.Ptr<float>(dy), DX = CpuElementwise.Ptr<float>(dx) }, g.Batch);
        else Run(new BackwardJob<double> { G = g, Kind = kind, X = CpuElementwise.Ptr<double>(x), DY = CpuElementwise.Ptr<double>(dy), DX = CpuElementwise.Ptr<double>(dx) }, g.Batch);
    }

    private static void Run<TJob>(TJob job, int count) where TJob : struct, IParallelJob => KernelPool.For(count, ref job);

    /// <summary>The rows and columns of window (oh, ow) that lie inside the input.</summary>
    private static void Window(in Pool2DGeometry g, int oh, int ow, out int h0, out int h1, out int w0, out int w1)
    {
        int hs = oh * g.StrideHeight - g.PadTop, ws = ow * g.StrideWidth - g.PadLeft;
        h0 = Math.Max(hs, 0); h1 = Math.Min(hs + g.PoolHeight, g.InHeight);
        w0 = Math.Max(ws, 0); w1 = Math.Min(ws + g.PoolWidth, g.InWidth);
    }

    private struct ForwardJob<T> : IParallelJob where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Pool2DGeometry G;
        public PoolKind Kind;
        public T* X, Y;

        public void Execute(int image)
        {
            var g = G;
            int c = g.Channels;
            T* x = X + (long)image * g.InHeight * g.InWidth * c;
            T* y = Y + (long)image * g.OutHeight * g.OutWidth * c;
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    Window(g, oh, ow, out int h0, out int h1, out int w0, out int w1);
                    var dst = new Span<T>(y + ((long)oh * g.OutWidth + ow) * c, c);
                    bool first = true;
                    for (int h = h0; h < h1; h++)
                    {
                        for (int w = w0; w < w1; w++)
                        {
                            var src = new ReadOnlySpan<T>(x + ((long)h * g.InWidth + w) * c, c);
                            if (first) src.CopyTo(dst);
                            else if (Kind == PoolKind.Max) VectorMap.Binary<T, Ops.Maximum<T>>(dst, src, dst, T.Zero, T.Zero);
                            else TP.Add(dst, src, dst);
                            first = false;
                        }
                    }
                    if (first) dst.Clear();
                    else if (Kind == PoolKind.Average) TP.Multiply(dst, T.One / T.CreateTruncating((h1 - h0) * (w1 - w0)), dst);
                }
            }
        }
    }

    private struct BackwardJob<T> : IParallelJob where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Pool2DGeometry G;
        public PoolKind Kind;
        public T* X, DY, DX;

        public void Execute(int image)
        {
            var g = G;
            int c = g.Channels;
            long inImage = (long)g.InHeight * g.InWidth * c;
            T* x = X + image * inImage;
            T* dx = DX + image * inImage;
            T* dy = DY + (long)image * g.OutHeight * g.OutWidth * c;
            new Span<T>(dx, (int)inImage).Clear();
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    Window(g, oh, ow, out int h0, out int h1, out int w0, out int w1);
                    if (h1 <= h0 || w1 <= w0) continue;
                    T* grad = dy + ((long)oh * g.OutWidth + ow) * c;
                    if (Kind == PoolKind.Average)
                    {
                        T scale = T.One / T.CreateTruncating((h1 - h0) * (w1 - w0));
                        for (int h = h0; h < h1; h++)
                            for (int w = w0; w < w1; w++)
                            {
                                T* d = dx + ((long)h * g.InWidth + w) * c;
                                for (int ch = 0; ch < c; ch++) d[ch] += grad[ch] * scale;
                            }
                        continue;
                    }
                    for (int ch = 0; ch < c; ch++)
                    {
                        long best = ((long)h0 * g.InWidth + w0) * c + ch;
                        T bestValue = x[best];
                        for (int h = h0; h < h1; h++)
                            for (int w = w0; w < w1; w++)
                            {
                                long at = ((long)h * g.InWidth + w) * c + ch;
                                T v = x[at];
                                if (!T.IsNaN(bestValue) && (v > bestValue || T.IsNaN(v)))
                                {
                                    best = at;
                                    bestValue = v;
                                }
                            }
                        dx[best] += grad[ch];
                    }
                }
            }
        }
    }
}
