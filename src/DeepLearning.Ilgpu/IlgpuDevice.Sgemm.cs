using DeepLearning.Devices;
using DeepLearning.Ilgpu.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Ilgpu;

// The float32 hot paths: matrix products and the three convolution passes run the register-blocked SGEMM
// (Kernels/Sgemm.cs), the convolutions as implicit GEMMs over their patch matrices. Float64 keeps the generic
// double-precision kernels.
public sealed partial class IlgpuDevice
{
    /// <summary>
    /// Whether float32 matrix products (<see cref="DeepLearning.Devices.Device.MatMul"/> and <see cref="MatMulBiasActivation"/>) may use the
    /// TF32 tensor cores: operands rounded to TF32 (10 mantissa bits, relative precision about 2⁻¹¹), products
    /// accumulated in float32, several times the FP32 throughput on sm_80 and later. False by default, as PyTorch's
    /// <c>torch.backends.cuda.matmul.allow_tf32</c> (off since PyTorch 1.12); results then differ from float32 by
    /// about 1e-3 relative, beyond the conformance suite's float32 tolerance. Needs groups of 128 threads; on ILGPU's
    /// CPU accelerator (created with such groups) the same kernel runs with the tensor-core step emulated, for tests.
    /// Convolutions keep the float32 path.
    /// </summary>
    public bool AllowTf32 { get; set; }

    private bool UseTf32 => AllowTf32 && Accelerator.MaxNumThreadsPerGroup >= Tf32Gemm.Threads;

    /// <summary>
    /// c = act(a·b + bias) in one kernel: the float32 GEMM with Dense's bias and activation fused into its epilogue
    /// (PyTorch's addmm followed by the activation, without the two extra passes over c).
    /// </summary>
    /// <param name="a">(m, k) float32, any strides (a transposed view is read in place).</param>
    /// <param name="b">(k, n) float32, any strides.</param>
    /// <param name="bias">(n) float32.</param>
    /// <param name="c">(m, n) float32, overwritten; must not overlap the inputs.</param>
    /// <param name="activation">Applied last, in float32: relu max(0, x), σ(x) = 1/(1 + e⁻ˣ), tanh, or linear.</param>
    /// <exception cref="ArgumentException">A view is not a float32 view of this device, the shapes do not chain,
    /// or a view addresses memory outside its storage.</exception>
    public void MatMulBiasActivation(in StridedView a, in StridedView b, in StridedView bias, in StridedView c, FusedActivation activation)
    {
        const string kernel = nameof(MatMulBiasActivation);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (a.Shape.Rank != 2 || b.Shape.Rank != 2 || a.Shape[1] != b.Shape[0])
            throw new ArgumentException($"{kernel}: needs a (m, k) and b (k, n); got a {a.Shape} and b {b.Shape}.", nameof(b));
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        FusedKernelChecks.View(kernel, nameof(a), this, a, DType.Float32, a.Shape);
        FusedKernelChecks.View(kernel, nameof(b), this, b, DType.Float32, b.Shape);
        FusedKernelChecks.View(kernel, nameof(bias), this, bias, DType.Float32, new Shape(n));
        FusedKernelChecks.View(kernel, nameof(c), this, c, DType.Float32, new Shape(m, n));
        if (!Enum.IsDefined(activation))
            throw new ArgumentOutOfRangeException(nameof(activation), activation, $"{kernel}: unknown activation.");
        if ((long)m * n == 0) return;
        var args = new SgemmArgs
        {
            M = m, N = n, K = k, HasBias = 1, BiasOffset = bias.Offset, BiasStride = bias.Strides[0], Activation = (int)activation,
            AAlongK = a.Strides[1] == 1 ? 1 : 0, BAlongN = b.Strides[1] == 1 ? 1 : 0,
        };
        LaunchStridedGemm(Matrix(a, 0), Matrix(b, 0), Matrix(c, 0), Floats(bias), args, 1);
    }

    private static ArrayView<float> Floats(in StridedView v) => Data(v).Cast<float>();

    /// <summary>The last two axes of a rank-(2 + batch) view as a strided matrix, its batch axes laid out as c's
    /// (<paramref name="batchShape"/>) with its own strides (0 where it broadcasts).</summary>
    private static StridedMatrix Matrix(in StridedView v, int batchRank, Shape batchShape = default)
    {
        int r = v.Shape.Rank;
        var batch = new ViewLayout { DType = (int)DType.Float32, Offset = v.Offset, Rank = batchRank };
        for (int d = 0; d < batchRank; d++)
        {
            batch.Shape.Set(d, batchShape[d]);
            batch.Strides.Set(d, v.Strides[d]);
        }
        return new StridedMatrix { Data = Floats(v), Batch = batch, RowStride = v.Strides[r - 2], ColStride = v.Strides[r - 1] };
    }

    /// <summary>A strided matrix whose batch b (a convolution group) starts at offset + b·<paramref name="groupStride"/>.</summary>
    private static StridedMatrix GroupMatrix(in StridedView v, int groups, int groupStride, int rowStride, int colStride)
    {
        var batch = new ViewLayout { DType = (int)DType.Float32, Offset = v.Offset, Rank = 1 };
        batch.Shape.Set(0, groups);
        batch.Strides.Set(0, groupStride);
        return new StridedMatrix { Data = Floats(v), Batch = batch, RowStride = rowStride, ColStride = colStride };
    }

    /// <summary>c = a·b (or +=) for float32 views of any strides and broadcast batch axes, read in place.</summary>
    private void MatMulFloat32(in StridedView a, in StridedView b, in StridedView c, bool accumulate)
    {
        int r = c.Shape.Rank, m = c.Shape[r - 2], n = c.Shape[r - 1], k = a.Shape[r - 1];
        var args = new SgemmArgs
        {
            M = m, N = n, K = k, Accumulate = accumulate ? 1 : 0,
            AAlongK = a.Strides[r - 1] == 1 ? 1 : 0, BAlongN = b.Strides[r - 1] == 1 ? 1 : 0,
        };
        LaunchStridedGemm(Matrix(a, r - 2, c.Shape), Matrix(b, r - 2, c.Shape), Matrix(c, r - 2, c.Shape),
            Floats(c), args, c.ElementCount / (m * n));
    }

    /// <summary>The GEMM of strided matrices: TF32 tensor cores when <see cref="AllowTf32"/>, else the float32 SGEMM.</summary>
    private void LaunchStridedGemm(StridedMatrix a, StridedMatrix b, StridedMatrix c, ArrayView<float> bias, SgemmArgs args, int batches)
    {
        if (UseTf32) LaunchGemm(_kernels.Tf32Strided, a, b, c, bias, args, batches, Tf32Gemm.Threads, 1, Tf32Gemm.Tile, Tf32Gemm.SharedFloats);
        else LaunchSgemm(_kernels.SgemmStrided, a, b, c, bias, args, batches);
    }

    /// <summary>y = patches(x)·kernel per group: M = N·OH·OW, K = KH·KW·C/groups, N = OC/groups.</summary>
    private void Conv2DFloat32(in StridedView x, in StridedView kernel, in StridedView y, in Conv2DGeometry g)
    {
        int gic = g.GroupInChannels, goc = g.GroupOutChannels;
        var patches = new Im2ColOperand { X = Floats(x), Offset = x.Offset, G = g };
        var args = new SgemmArgs
        {
            M = g.Batch * g.OutHeight * g.OutWidth, N = goc, K = g.KernelHeight * g.KernelWidth * gic,
            AAlongK = gic > 1 ? 1 : 0, BAlongN = 1,
        };
        LaunchSgemm(_kernels.SgemmPatches, patches, GroupMatrix(kernel, g.Groups, goc, g.OutChannels, 1),
            GroupMatrix(y, g.Groups, goc, g.OutChannels, 1), Floats(y), args, g.Groups);
    }

    /// <summary>∂x = taps(∂y)·kernel-taps per group: M = N·H·W, K = KH·KW·OC/groups, N = C/groups.</summary>
    private void Conv2DBackwardInputFloat32(in StridedView dy, in StridedView kernel, in StridedView dx, in Conv2DGeometry g)
    {
        int gic = g.GroupInChannels, goc = g.GroupOutChannels;
        var taps = new OutputGradientTaps { Dy = Floats(dy), Offset = dy.Offset, G = g };
        var weights = new KernelTaps { K = Floats(kernel), Offset = kernel.Offset, G = g };
        var args = new SgemmArgs
        {
            M = g.Batch * g.InHeight * g.InWidth, N = gic, K = g.KernelHeight * g.KernelWidth * goc,
            AAlongK = goc > 1 ? 1 : 0, BAlongN = 0,
        };
        LaunchSgemm(_kernels.SgemmInputGradient, taps, weights, GroupMatrix(dx, g.Groups, gic, g.InChannels, 1), Floats(dx), args, g.Groups);
    }

    /// <summary>∂kernel = patches(x)ᵀ·∂y per group: M = KH·KW·C/groups, K = N·OH·OW, N = OC/groups.</summary>
    private void Conv2DBackwardKernelFloat32(in StridedView x, in StridedView dy, in StridedView dkernel, in Conv2DGeometry g)
    {
        int gic = g.GroupInChannels, goc = g.GroupOutChannels;
        var patches = new Im2ColOperand { X = Floats(x), Offset = x.Offset, Transposed = 1, G = g };
        var args = new SgemmArgs
        {
            M = g.KernelHeight * g.KernelWidth * gic, N = goc, K = g.Batch * g.OutHeight * g.OutWidth,
            AAlongK = 0, BAlongN = 1,
        };
        LaunchSgemm(_kernels.SgemmPatches, patches, GroupMatrix(dy, g.Groups, goc, g.OutChannels, 1),
            GroupMatrix(dkernel, g.Groups, goc, g.OutChannels, 1), Floats(dkernel), args, g.Groups);
    }

    /// <summary>Launches the SGEMM over <paramref name="batches"/> products, splitting at the grid's z limit. Grid x
    /// walks row tiles, y column tiles.</summary>
    private void LaunchSgemm<TA, TB>(Action<KernelConfig, TA, TB, StridedMatrix, ArrayView<float>, SgemmArgs> kernel,
        TA a, TB b, StridedMatrix c, ArrayView<float> bias, SgemmArgs args, int batches)
        where TA : struct, IGemmOperand
        where TB : struct, IGemmOperand
    {
        int side = SgemmGroupSide(args.M, args.N, batches);
        LaunchGemm(kernel, a, b, c, bias, args, batches, side, side, side * Sgemm.Block, Sgemm.SharedFloats(side, side));
    }

    /// <summary>Launches a GEMM kernel with groups of <paramref name="groupX"/> × <paramref name="groupY"/> threads each
    /// computing a <paramref name="tile"/>² tile of C.</summary>
    private static void LaunchGemm<TA, TB>(Action<KernelConfig, TA, TB, StridedMatrix, ArrayView<float>, SgemmArgs> kernel,
        TA a, TB b, StridedMatrix c, ArrayView<float> bias, SgemmArgs args, int batches, int groupX, int groupY, int tile, int sharedFloats)
        where TA : struct, IGemmOperand
        where TB : struct, IGemmOperand
    {
        if ((long)args.M * args.N == 0 || batches == 0) return;
        int rowTiles = (args.M + tile - 1) / tile, colTiles = (args.N + tile - 1) / tile;
        const int maxGridYz = 65535;
        if (colTiles > maxGridYz)
            throw new NotSupportedException($"MatMul: {args.N} columns exceed the {maxGridYz} column tiles of {tile} one launch supports.");
        var group = new Index3D(groupX, groupY, 1);
        var shared = SharedMemoryConfig.RequestDynamic<float>(sharedFloats);
        for (int start = 0; start < batches; start += maxGridYz)
        {
            args.BatchStart = start;
            kernel(new KernelConfig(new Index3D(rowTiles, colTiles, Math.Min(maxGridYz, batches - start)), group, shared), a, b, c, bias, args);
        }
    }

    /// <summary>The group side: 16 (a 128×128 tile of C, 256 threads) where groups may be that large, halved until
    /// side² threads fit a group (ILGPU's CPU accelerator); on a GPU, 8 (64×64 tiles) when 128×128 tiles would leave
    /// multiprocessors idle.</summary>
    private int SgemmGroupSide(int m, int n, int batches)
    {
        int side = 16;
        while (side * side > Accelerator.MaxNumThreadsPerGroup) side /= 2;
        long bigTiles = (long)((m + 127) / 128) * ((n + 127) / 128) * batches;
        if (!IsCpuAccelerator && side == 16 && bigTiles < 2L * Accelerator.NumMultiprocessors) side = 8;
        return side;
    }
}
