using System.Reflection;
using DeepLearning.Devices;
using ILGPU;
using ILGPU.Runtime;
using V = ILGPU.ArrayView<byte>;
using L = DeepLearning.Ilgpu.Kernels.ViewLayout;

namespace DeepLearning.Ilgpu.Kernels;

/// <summary>
/// The kernels of one accelerator, each compiled on first use and kept for the accelerator's lifetime (ILGPU
/// compiles a kernel once per load; loading once is ours to ensure). All launch on the accelerator's default
/// stream, so they run in order.
/// </summary>
internal sealed class KernelCache(Accelerator accelerator)
{
    private readonly Lazy<Action<Index1D, V, L, double>> _fill = new(() => accelerator.LoadAutoGroupedStreamKernel<Index1D, V, L, double>(ElementwiseKernels.Fill));
    private readonly Lazy<Action<Index1D, V, L, V, L>> _copy = new(() => accelerator.LoadAutoGroupedStreamKernel<Index1D, V, L, V, L>(ElementwiseKernels.Copy));
    private readonly Lazy<Action<Index1D, V, L, V, L, int, double, double>> _unary = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, V, L, V, L, int, double, double>(ElementwiseKernels.Unary));
    private readonly Lazy<Action<Index1D, V, L, V, L, V, L, int, double, double, ArrayView<int>>> _binary = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, V, L, V, L, V, L, int, double, double, ArrayView<int>>(ElementwiseKernels.Binary));
    private readonly Lazy<Action<Index1D, V, L, V, L, V, L, V, L>> _select = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, V, L, V, L, V, L, V, L>(ElementwiseKernels.Select));
    private readonly Lazy<Action<Index1D, V, L, int, ulong, ulong, double, double>> _random = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, V, L, int, ulong, ulong, double, double>(ElementwiseKernels.Random));
    private readonly Lazy<Action<Index1D, V, L, L, int, V, L, int>> _reduce = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, V, L, L, int, V, L, int>(ReduceKernels.Reduce));
    private readonly Lazy<Action<Index1D, V, L, int, int, V, L, int>> _argReduce = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, V, L, int, int, V, L, int>(ReduceKernels.ArgReduce));
    private readonly Lazy<Action<Index1D, V, L, int, int, int, V, L, V, L>> _topK = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, V, L, int, int, int, V, L, V, L>(ReduceKernels.TopK));
    private readonly Lazy<Action<Index1D, V, L, int, int, int, V, L, V, L, ArrayView<int>>> _gather = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, V, L, int, int, int, V, L, V, L, ArrayView<int>>(IndexKernels.Gather));
    private readonly Lazy<Action<Index1D, V, L, int, ArrayView<int>>> _checkIndices = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, V, L, int, ArrayView<int>>(IndexKernels.CheckIndices));
    private readonly Lazy<Action<Index1D, V, L, int, int, int, V, L, V, L>> _scatterAdd = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, V, L, int, int, int, V, L, V, L>(IndexKernels.ScatterAdd));
    private readonly Lazy<Action<KernelConfig, V, L, V, L, V, L, GemmArgs>> _gemm = new(() =>
        accelerator.LoadStreamKernel<V, L, V, L, V, L, GemmArgs>(MatMulKernels.Gemm));
    private readonly Lazy<Action<Index1D, KernelView, KernelView, KernelView, int, double, double>> _activationBackward = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, KernelView, KernelView, KernelView, int, double, double>(FusedKernels.ActivationBackward));
    private readonly Lazy<Action<Index1D, KernelView, KernelView, KernelView, KernelView, KernelView, int, int, int>> _lstmCellForward = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, KernelView, KernelView, KernelView, KernelView, KernelView, int, int, int>(FusedKernels.LstmCellForward));
    private readonly Lazy<Action<Index1D, KernelView, KernelView, KernelView, KernelView, KernelView, KernelView, KernelView, int, int>> _lstmCellBackward = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, KernelView, KernelView, KernelView, KernelView, KernelView, KernelView, KernelView, int, int>(FusedKernels.LstmCellBackward));
    private readonly Lazy<Action<Index1D, KernelView, KernelView, KernelView, KernelView, double, double, double, double>> _adamUpdate = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, KernelView, KernelView, KernelView, KernelView, double, double, double, double>(FusedKernels.AdamUpdate));
    private readonly Lazy<Action<Index1D, KernelView, KernelView, KernelView, double, double, int>> _sgdMomentumUpdate = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, KernelView, KernelView, KernelView, double, double, int>(FusedKernels.SgdMomentumUpdate));
    private readonly Lazy<Action<KernelConfig, StridedMatrix, StridedMatrix, StridedMatrix, ArrayView<float>, SgemmArgs>> _sgemm = new(() =>
        accelerator.LoadStreamKernel<StridedMatrix, StridedMatrix, StridedMatrix, ArrayView<float>, SgemmArgs>(Kernels.Sgemm.Kernel));
    private readonly Lazy<Action<KernelConfig, StridedMatrix, StridedMatrix, StridedMatrix, ArrayView<float>, SgemmArgs>> _tf32 = new(() =>
        accelerator.LoadStreamKernel<StridedMatrix, StridedMatrix, StridedMatrix, ArrayView<float>, SgemmArgs>(Tf32Gemm.Kernel));
    private readonly Lazy<Action<KernelConfig, Im2ColOperand, StridedMatrix, StridedMatrix, ArrayView<float>, SgemmArgs>> _sgemmPatches = new(() =>
        accelerator.LoadStreamKernel<Im2ColOperand, StridedMatrix, StridedMatrix, ArrayView<float>, SgemmArgs>(Kernels.Sgemm.Kernel));
    private readonly Lazy<Action<KernelConfig, OutputGradientTaps, KernelTaps, StridedMatrix, ArrayView<float>, SgemmArgs>> _sgemmInputGradient = new(() =>
        accelerator.LoadStreamKernel<OutputGradientTaps, KernelTaps, StridedMatrix, ArrayView<float>, SgemmArgs>(Kernels.Sgemm.Kernel));
    private readonly Lazy<Action<Index1D, V, L, V, L, V, L, Conv2DGeometry>> _convForward = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, V, L, V, L, V, L, Conv2DGeometry>(ConvKernels.Forward));
    private readonly Lazy<Action<Index1D, V, L, V, L, V, L, Conv2DGeometry>> _convBackwardInput = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, V, L, V, L, V, L, Conv2DGeometry>(ConvKernels.BackwardInput));
    private readonly Lazy<Action<Index1D, V, L, V, L, V, L, Conv2DGeometry>> _convBackwardKernel = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, V, L, V, L, V, L, Conv2DGeometry>(ConvKernels.BackwardKernel));
    private readonly Lazy<Action<Index1D, V, L, V, L, int, Pool2DGeometry>> _poolForward = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, V, L, V, L, int, Pool2DGeometry>(PoolKernels.Forward));
    private readonly Lazy<Action<Index1D, V, L, V, L, V, L, int, Pool2DGeometry>> _poolBackward = new(() =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, V, L, V, L, V, L, int, Pool2DGeometry>(PoolKernels.Backward));

    public Action<Index1D, V, L, double> Fill => _fill.Value;
    public Action<Index1D, V, L, V, L> Copy => _copy.Value;
    public Action<Index1D, V, L, V, L, int, double, double> Unary => _unary.Value;
    public Action<Index1D, V, L, V, L, V, L, int, double, double, ArrayView<int>> Binary => _binary.Value;
    public Action<Index1D, V, L, V, L, V, L, V, L> Select => _select.Value;
    public Action<Index1D, V, L, int, ulong, ulong, double, double> Random => _random.Value;
    public Action<Index1D, V, L, L, int, V, L, int> Reduce => _reduce.Value;
    public Action<Index1D, V, L, int, int, V, L, int> ArgReduce => _argReduce.Value;
    public Action<Index1D, V, L, int, int, int, V, L, V, L> TopK => _topK.Value;
    public Action<Index1D, V, L, int, int, int, V, L, V, L, ArrayView<int>> Gather => _gather.Value;
    public Action<Index1D, V, L, int, ArrayView<int>> CheckIndices => _checkIndices.Value;
    public Action<Index1D, V, L, int, int, int, V, L, V, L> ScatterAdd => _scatterAdd.Value;
    public Action<KernelConfig, V, L, V, L, V, L, GemmArgs> Gemm => _gemm.Value;
    public Action<Index1D, KernelView, KernelView, KernelView, int, double, double> ActivationBackward => _activationBackward.Value;
    public Action<Index1D, KernelView, KernelView, KernelView, KernelView, KernelView, int, int, int> LstmCellForward => _lstmCellForward.Value;
    public Action<Index1D, KernelView, KernelView, KernelView, KernelView, KernelView, KernelView, KernelView, int, int> LstmCellBackward => _lstmCellBackward.Value;
    public Action<Index1D, KernelView, KernelView, KernelView, KernelView, double, double, double, double> AdamUpdate => _adamUpdate.Value;
    public Action<Index1D, KernelView, KernelView, KernelView, double, double, int> SgdMomentumUpdate => _sgdMomentumUpdate.Value;
    /// <summary>The float32 GEMM on strided matrices.</summary>
    public Action<KernelConfig, StridedMatrix, StridedMatrix, StridedMatrix, ArrayView<float>, SgemmArgs> SgemmStrided => _sgemm.Value;
    /// <summary>The opt-in TF32 tensor-core GEMM on strided matrices.</summary>
    public Action<KernelConfig, StridedMatrix, StridedMatrix, StridedMatrix, ArrayView<float>, SgemmArgs> Tf32Strided => _tf32.Value;
    /// <summary>The float32 GEMM with an implicit patch matrix as A: convolution forward and ∂kernel.</summary>
    public Action<KernelConfig, Im2ColOperand, StridedMatrix, StridedMatrix, ArrayView<float>, SgemmArgs> SgemmPatches => _sgemmPatches.Value;
    /// <summary>The float32 GEMM of a convolution's ∂x.</summary>
    public Action<KernelConfig, OutputGradientTaps, KernelTaps, StridedMatrix, ArrayView<float>, SgemmArgs> SgemmInputGradient => _sgemmInputGradient.Value;
    public Action<Index1D, V, L, V, L, V, L, Conv2DGeometry> ConvForward => _convForward.Value;
    public Action<Index1D, V, L, V, L, V, L, Conv2DGeometry> ConvBackwardInput => _convBackwardInput.Value;
    public Action<Index1D, V, L, V, L, V, L, Conv2DGeometry> ConvBackwardKernel => _convBackwardKernel.Value;
    public Action<Index1D, V, L, V, L, int, Pool2DGeometry> PoolForward => _poolForward.Value;
    public Action<Index1D, V, L, V, L, V, L, int, Pool2DGeometry> PoolBackward => _poolBackward.Value;

    /// <summary>Every kernel method, with whether it is implicitly grouped (an <see cref="Index1D"/> first
    /// parameter) or explicitly grouped (the GEMMs; the generic SGEMM once per operand pair the device loads): the
    /// list the PTX compile tests walk.</summary>
    public static IReadOnlyList<(MethodInfo Method, bool ImplicitlyGrouped)> EntryPoints { get; } =
    [
        .. new[] { typeof(ElementwiseKernels), typeof(ReduceKernels), typeof(IndexKernels), typeof(MatMulKernels), typeof(ConvKernels), typeof(PoolKernels), typeof(FusedKernels) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType == typeof(void))
            .Select(m => (m, m.GetParameters() is [{ ParameterType: var p }, ..] && p == typeof(Index1D))),
        .. new[] { (typeof(StridedMatrix), typeof(StridedMatrix)), (typeof(Im2ColOperand), typeof(StridedMatrix)), (typeof(OutputGradientTaps), typeof(KernelTaps)) }
            .Select(pair => (typeof(Kernels.Sgemm).GetMethod(nameof(Kernels.Sgemm.Kernel))!.MakeGenericMethod(pair.Item1, pair.Item2), false)),
        (typeof(Tf32Gemm).GetMethod(nameof(Tf32Gemm.Kernel))!.MakeGenericMethod(typeof(StridedMatrix), typeof(StridedMatrix)), false),
    ];
}
