using DeepLearning.Devices;
using ILGPU;

namespace DeepLearning.Ilgpu.Kernels;

/// <summary>2-D max and average pooling on contiguous NHWC tensors. The backward kernel runs one thread per input
/// cell, which sums the gradients of the windows routing to it (no atomics, deterministic).</summary>
internal static class PoolKernels
{
    public static void Forward(Index1D i, ArrayView<byte> x, ViewLayout lx, ArrayView<byte> y, ViewLayout ly, int kind, Pool2DGeometry g)
    {
        int c = i % g.Channels, rest = i / g.Channels;
        int ow = rest % g.OutWidth; rest /= g.OutWidth;
        int oh = rest % g.OutHeight, n = rest / g.OutHeight;
        Window(x, lx, g, n, oh, ow, c, out _, out double max, out double sum, out int cells);
        double v = cells == 0 ? 0 : kind == (int)PoolKind.Max ? max : sum / cells;
        Element.StoreAt(y, ly.DType, ly.Offset + (long)i.X, v);
    }

    public static void Backward(Index1D i, ArrayView<byte> x, ViewLayout lx, ArrayView<byte> dy, ViewLayout ldy,
        ArrayView<byte> dx, ViewLayout ldx, int kind, Pool2DGeometry g)
    {
        int c = i % g.Channels, rest = i / g.Channels;
        int iw = rest % g.InWidth; rest /= g.InWidth;
        int ih = rest % g.InHeight, n = rest / g.InHeight;
        double acc = 0;
        // Windows oh with oh·sh − pt ≤ ih ≤ oh·sh − pt + PH − 1 (likewise ow).
        int ohFirst = FirstWindow(ih + g.PadTop, g.PoolHeight, g.StrideHeight), ohLast = Math.Min((ih + g.PadTop) / g.StrideHeight, g.OutHeight - 1);
        int owFirst = FirstWindow(iw + g.PadLeft, g.PoolWidth, g.StrideWidth), owLast = Math.Min((iw + g.PadLeft) / g.StrideWidth, g.OutWidth - 1);
        for (int oh = ohFirst; oh <= ohLast; oh++)
            for (int ow = owFirst; ow <= owLast; ow++)
            {
                double grad = Element.LoadAt(dy, ldy.DType, ldy.Offset + (((long)n * g.OutHeight + oh) * g.OutWidth + ow) * g.Channels + c);
                Window(x, lx, g, n, oh, ow, c, out int best, out _, out _, out int cells);
                if (kind == (int)PoolKind.Average) acc += grad / cells;
                else if (best == ih * g.InWidth + iw) acc += grad;
            }
        Element.StoreAt(dx, ldx.DType, ldx.Offset + (long)i.X, acc);
    }

    /// <summary>The first window index whose span reaches position <paramref name="p"/> (already shifted by the padding).</summary>
    private static int FirstWindow(int p, int size, int stride)
    {
        int t = p - size + 1;
        return t <= 0 ? 0 : (t + stride - 1) / stride;
    }

    /// <summary>One window's cells inside the input: its first maximal cell in row-major order (ih·W + iw; a NaN
    /// cell wins, as in the reference) and that maximum, the sum of its cells and their count.</summary>
    private static void Window(ArrayView<byte> x, in ViewLayout lx, in Pool2DGeometry g, int n, int oh, int ow, int c,
        out int best, out double max, out double sum, out int cells)
    {
        best = -1;
        max = 0;
        sum = 0;
        cells = 0;
        for (int ph = 0; ph < g.PoolHeight; ph++)
        {
            int ih = oh * g.StrideHeight - g.PadTop + ph;
            if ((uint)ih >= (uint)g.InHeight) continue;
            for (int pw = 0; pw < g.PoolWidth; pw++)
            {
                int iw = ow * g.StrideWidth - g.PadLeft + pw;
                if ((uint)iw >= (uint)g.InWidth) continue;
                double v = Element.LoadAt(x, lx.DType, lx.Offset + (((long)n * g.InHeight + ih) * g.InWidth + iw) * g.Channels + c);
                if (best < 0 || (!double.IsNaN(max) && (v > max || double.IsNaN(v))))
                {
                    best = ih * g.InWidth + iw;
                    max = v;
                }
                sum += v;
                cells++;
            }
        }
    }
}
