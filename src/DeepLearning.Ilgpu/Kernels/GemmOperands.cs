using DeepLearning.Devices;
using ILGPU;

namespace DeepLearning.Ilgpu.Kernels;

/// <summary>
/// How <see cref="Sgemm"/> reads one operand: a batch of float32 matrices, each element computed from its (row,
/// column). A strided matrix reads memory in place (a transposed view is only other strides); the convolution
/// operands compute the image patch (im2col) or the gradient tap an element stands for, so an implicit GEMM never
/// materialises the patch matrix. The kernel is generic over this interface, so ILGPU compiles one specialised
/// kernel per operand pair with every call inlined.
/// </summary>
internal interface IGemmOperand
{
    /// <summary>The storage index that <see cref="Load"/> is relative to for matrix <paramref name="batch"/>.</summary>
    long Origin(long batch);

    /// <summary>Element (<paramref name="row"/>, <paramref name="col"/>) of the matrix at <paramref name="origin"/>;
    /// the caller keeps both inside the matrix.</summary>
    float Load(long origin, int row, int col);
}

/// <summary>A row-major index split over three axes (outer, middle, inner) of sizes (…, middle, inner).</summary>
internal struct Index3
{
    public int Outer, Middle, Inner;

    public static Index3 Split(int index, int middle, int inner)
    {
        int rest = index / inner;
        return new Index3 { Outer = rest / middle, Middle = rest % middle, Inner = index % inner };
    }
}

/// <summary>A batch of strided matrices: element (r, c) of batch b at Batch.OffsetOf(b) + r·RowStride + c·ColStride
/// (a batch stride of 0 broadcasts). Also the output of <see cref="Sgemm"/>.</summary>
internal struct StridedMatrix : IGemmOperand
{
    public ArrayView<float> Data;
    public ViewLayout Batch;
    public int RowStride, ColStride;

    public readonly long Origin(long batch) => Batch.OffsetOf(batch);

    public readonly float Load(long origin, int row, int col) => Data[origin + (long)row * RowStride + (long)col * ColStride];

    /// <summary>The storage index of element (row, col) of the matrix at <paramref name="origin"/>.</summary>
    public readonly long At(long origin, int row, int col) => origin + (long)row * RowStride + (long)col * ColStride;
}

/// <summary>
/// The patch matrix of a convolution's input x (N, H, W, C), never stored: row (n, oh, ow) of N·OH·OW, column
/// (kh, kw, c) of KH·KW·C/groups holds x[n, oh·sh − pt + kh·dh, ow·sw − pl + kw·dw, g·C/groups + c] (0 in the
/// padding); batch g is the group. <see cref="Transposed"/> ≠ 0 swaps rows and columns (the A of ∂kernel = patchesᵀ·∂y).
/// </summary>
internal struct Im2ColOperand : IGemmOperand
{
    public ArrayView<float> X;
    public int Offset, Transposed;
    public Conv2DGeometry G;

    public readonly long Origin(long batch) => Offset + batch * (G.InChannels / G.Groups);

    public readonly float Load(long origin, int row, int col)
    {
        int patch = Transposed != 0 ? col : row, tap = Transposed != 0 ? row : col;
        var k = Index3.Split(tap, G.KernelWidth, G.InChannels / G.Groups);            // (kh, kw, c)
        var p = Index3.Split(patch, G.OutHeight, G.OutWidth);                          // (n, oh, ow)
        int ih = p.Middle * G.StrideHeight - G.PadTop + k.Outer * G.DilationHeight;
        int iw = p.Inner * G.StrideWidth - G.PadLeft + k.Middle * G.DilationWidth;
        if ((uint)ih >= (uint)G.InHeight || (uint)iw >= (uint)G.InWidth) return 0;
        return X[origin + (((long)p.Outer * G.InHeight + ih) * G.InWidth + iw) * G.InChannels + k.Inner];
    }
}

/// <summary>
/// The A of ∂x = A·Wᵀ for a convolution, never stored: row (n, ih, iw) of N·H·W, column (kh, kw, o) of
/// KH·KW·OC/groups holds ∂y[n, oh, ow, g·OC/groups + o] where ih = oh·sh − pt + kh·dh and iw likewise has a whole
/// solution inside the output, else 0. Batch g is the group.
/// </summary>
internal struct OutputGradientTaps : IGemmOperand
{
    public ArrayView<float> Dy;
    public int Offset;
    public Conv2DGeometry G;

    public readonly long Origin(long batch) => Offset + batch * (G.OutChannels / G.Groups);

    public readonly float Load(long origin, int row, int col)
    {
        var k = Index3.Split(col, G.KernelWidth, G.OutChannels / G.Groups);           // (kh, kw, o)
        var p = Index3.Split(row, G.InHeight, G.InWidth);                              // (n, ih, iw)
        int th = p.Middle + G.PadTop - k.Outer * G.DilationHeight, tw = p.Inner + G.PadLeft - k.Middle * G.DilationWidth;
        if (th < 0 || tw < 0 || th % G.StrideHeight != 0 || tw % G.StrideWidth != 0) return 0;
        int oh = th / G.StrideHeight, ow = tw / G.StrideWidth;
        if (oh >= G.OutHeight || ow >= G.OutWidth) return 0;
        return Dy[origin + (((long)p.Outer * G.OutHeight + oh) * G.OutWidth + ow) * G.OutChannels + k.Inner];
    }
}

/// <summary>
/// The B of ∂x = A·B for a convolution: the kernel (KH, KW, C/groups, OC) read as row (kh, kw, o) of
/// KH·KW·OC/groups, column c of C/groups, i.e. kernel[kh, kw, c, g·OC/groups + o]. Batch g is the group.
/// </summary>
internal struct KernelTaps : IGemmOperand
{
    public ArrayView<float> K;
    public int Offset;
    public Conv2DGeometry G;

    public readonly long Origin(long batch) => Offset + batch * (G.OutChannels / G.Groups);

    public readonly float Load(long origin, int row, int col)
    {
        int goc = G.OutChannels / G.Groups, gic = G.InChannels / G.Groups;
        int o = row % goc, kk = row / goc;
        return K[origin + ((long)kk * gic + col) * G.OutChannels + o];
    }
}
