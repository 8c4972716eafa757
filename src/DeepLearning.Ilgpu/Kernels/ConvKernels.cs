using DeepLearning.Devices;
using ILGPU;

namespace DeepLearning.Ilgpu.Kernels;

/// <summary>
/// Direct 2-D convolution on contiguous NHWC tensors (kernel (KH, KW, C/groups, OC)), one thread per output element
/// of each kernel, so the backward kernels gather instead of scattering: no atomics, deterministic sums in double.
/// The offsets of the views are passed separately; dtypes come from the layouts.
/// </summary>
internal static class ConvKernels
{
    /// <summary>y[n, oh, ow, oc] = Σ x[n, oh·sh − pt + kh·dh, ow·sw − pl + kw·dw, g·C/groups + c]·k[kh, kw, c, oc].</summary>
    public static void Forward(Index1D i, ArrayView<byte> x, ViewLayout lx, ArrayView<byte> k, ViewLayout lk,
        ArrayView<byte> y, ViewLayout ly, Conv2DGeometry g)
    {
        int oc = i % g.OutChannels, rest = i / g.OutChannels;
        int ow = rest % g.OutWidth; rest /= g.OutWidth;
        int oh = rest % g.OutHeight, n = rest / g.OutHeight;
        int gic = g.InChannels / g.Groups, group = oc / (g.OutChannels / g.Groups);
        double acc = 0;
        for (int kh = 0; kh < g.KernelHeight; kh++)
        {
            int ih = oh * g.StrideHeight - g.PadTop + kh * g.DilationHeight;
            if ((uint)ih >= (uint)g.InHeight) continue;
            for (int kw = 0; kw < g.KernelWidth; kw++)
            {
                int iw = ow * g.StrideWidth - g.PadLeft + kw * g.DilationWidth;
                if ((uint)iw >= (uint)g.InWidth) continue;
                long xs = lx.Offset + (((long)n * g.InHeight + ih) * g.InWidth + iw) * g.InChannels + group * gic;
                long ks = lk.Offset + ((long)kh * g.KernelWidth + kw) * gic * g.OutChannels + oc;
                for (int c = 0; c < gic; c++)
                    acc += Element.LoadAt(x, lx.DType, xs + c) * Element.LoadAt(k, lk.DType, ks + (long)c * g.OutChannels);
            }
        }
        Element.StoreAt(y, ly.DType, ly.Offset + (long)i.X, acc);
    }

    /// <summary>dx[n, ih, iw, ci] = Σ over the taps that read it of dy[n, oh, ow, oc]·k[kh, kw, ci mod C/groups, oc].</summary>
    public static void BackwardInput(Index1D i, ArrayView<byte> dy, ViewLayout ldy, ArrayView<byte> k, ViewLayout lk,
        ArrayView<byte> dx, ViewLayout ldx, Conv2DGeometry g)
    {
        int ci = i % g.InChannels, rest = i / g.InChannels;
        int iw = rest % g.InWidth; rest /= g.InWidth;
        int ih = rest % g.InHeight, n = rest / g.InHeight;
        int gic = g.InChannels / g.Groups, goc = g.OutChannels / g.Groups, group = ci / gic, c = ci % gic;
        double acc = 0;
        for (int kh = 0; kh < g.KernelHeight; kh++)
        {
            int th = ih + g.PadTop - kh * g.DilationHeight;
            if (th < 0 || th % g.StrideHeight != 0) continue;
            int oh = th / g.StrideHeight;
            if (oh >= g.OutHeight) continue;
            for (int kw = 0; kw < g.KernelWidth; kw++)
            {
                int tw = iw + g.PadLeft - kw * g.DilationWidth;
                if (tw < 0 || tw % g.StrideWidth != 0) continue;
                int ow = tw / g.StrideWidth;
                if (ow >= g.OutWidth) continue;
                long ys = ldy.Offset + (((long)n * g.OutHeight + oh) * g.OutWidth + ow) * g.OutChannels + group * goc;
                long ks = lk.Offset + (((long)kh * g.KernelWidth + kw) * gic + c) * g.OutChannels + group * goc;
                for (int o = 0; o < goc; o++)
                    acc += Element.LoadAt(dy, ldy.DType, ys + o) * Element.LoadAt(k, lk.DType, ks + o);
            }
        }
        Element.StoreAt(dx, ldx.DType, ldx.Offset + (long)i.X, acc);
    }

    /// <summary>dk[kh, kw, c, oc] = Σ over n, oh, ow of x[n, ih, iw, g·C/groups + c]·dy[n, oh, ow, oc].</summary>
    public static void BackwardKernel(Index1D i, ArrayView<byte> x, ViewLayout lx, ArrayView<byte> dy, ViewLayout ldy,
        ArrayView<byte> dk, ViewLayout ldk, Conv2DGeometry g)
    {
        int gic = g.InChannels / g.Groups;
        int oc = i % g.OutChannels, rest = i / g.OutChannels;
        int c = rest % gic; rest /= gic;
        int kw = rest % g.KernelWidth, kh = rest / g.KernelWidth;
        int ci = oc / (g.OutChannels / g.Groups) * gic + c;
        double acc = 0;
        for (int n = 0; n < g.Batch; n++)
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                int ih = oh * g.StrideHeight - g.PadTop + kh * g.DilationHeight;
                if ((uint)ih >= (uint)g.InHeight) continue;
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    int iw = ow * g.StrideWidth - g.PadLeft + kw * g.DilationWidth;
                    if ((uint)iw >= (uint)g.InWidth) continue;
                    acc += Element.LoadAt(x, lx.DType, lx.Offset + (((long)n * g.InHeight + ih) * g.InWidth + iw) * g.InChannels + ci)
                        * Element.LoadAt(dy, ldy.DType, ldy.Offset + (((long)n * g.OutHeight + oh) * g.OutWidth + ow) * g.OutChannels + oc);
                }
            }
        Element.StoreAt(dk, ldk.DType, ldk.Offset + (long)i.X, acc);
    }
}
