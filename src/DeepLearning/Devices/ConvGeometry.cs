namespace DeepLearning.Devices;

/// <summary>
/// The geometry of a 2-D convolution on NHWC tensors, computed and validated by the op. Input
/// (N, H, W, C); kernel (KH, KW, C/groups, OC) in Keras's layout; output (N, OH, OW, OC) with
/// OH = ⌊(H + padTop + padBottom − dilationH·(KH − 1) − 1)/strideH⌋ + 1 (likewise OW). Output channel o belongs
/// to group o / (OC/groups) and sees input channels of that group only. Padding cells are zeros.
/// </summary>
public readonly record struct Conv2DGeometry(
    int Batch, int InHeight, int InWidth, int InChannels,
    int KernelHeight, int KernelWidth, int OutChannels,
    int StrideHeight, int StrideWidth, int DilationHeight, int DilationWidth,
    int PadTop, int PadLeft, int OutHeight, int OutWidth, int Groups)
{
    /// <summary>Input channels per group.</summary>
    public int GroupInChannels => InChannels / Groups;

    /// <summary>Output channels per group.</summary>
    public int GroupOutChannels => OutChannels / Groups;

    /// <summary>Multiply-accumulates of the forward pass: N·OH·OW·OC·KH·KW·C/groups.</summary>
    public long MacCount => (long)Batch * OutHeight * OutWidth * OutChannels * KernelHeight * KernelWidth * GroupInChannels;
}

/// <summary>Pooling kinds.</summary>
public enum PoolKind
{
    /// <summary>Maximum over the window; the gradient goes to the first maximal cell.</summary>
    Max,
    /// <summary>Mean over the window's cells inside the input (padding cells are not counted, as in Keras "same").</summary>
    Average,
}

/// <summary>
/// The geometry of 2-D pooling on NHWC tensors: input (N, H, W, C), window (PH, PW), output (N, OH, OW, C).
/// Window (i, j) covers rows i·strideH − padTop … + PH − 1 and the matching columns, clipped to the input.
/// </summary>
public readonly record struct Pool2DGeometry(
    int Batch, int InHeight, int InWidth, int Channels,
    int PoolHeight, int PoolWidth, int StrideHeight, int StrideWidth,
    int PadTop, int PadLeft, int OutHeight, int OutWidth);
