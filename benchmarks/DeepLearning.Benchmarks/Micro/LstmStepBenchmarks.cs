using BenchmarkDotNet.Attributes;
using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;
using static DeepLearning.Autograd.Ops.RecurrentKernels;

namespace DeepLearning.Benchmarks.Micro;

/// <summary>The lstm workload's layer (batch 64, 128 units, gates i, f, c, o, 28 steps): one time step as the
/// step-by-step composition runs it (forward = the step's input projection copied into the gates, h_{k−1}·U added by
/// one GEMM, the element-wise cell; backward = the cell's gradient and ∂h_{k−1} = ∂z·Uᵀ, one GEMM), and the whole
/// 28-step recurrence through the device's fused sequence kernels, forward and backward.</summary>
public class LstmStepBenchmarks
{
    private const int Batch = 64, Units = 128, Steps = 28;
    private Tensor _xz = null!, _gates = null!, _u = null!, _uT = null!, _hPrev = null!, _cPrev = null!, _c = null!, _h = null!, _phiC = null!;
    private Tensor _dh = null!, _dc = null!, _dGates = null!, _dcPrev = null!, _dhPrev = null!, _scratch = null!;
    private Tensor _seqXz = null!, _seqGates = null!, _states = null!, _seqPhiC = null!, _grad = null!, _seqDGates = null!, _hPrevAll = null!;
    private Tensor _dh0 = null!, _dc0 = null!;

    /// <summary>Random states, recurrent kernel (128, 4·128) and its transpose, step and sequence input projections;
    /// one forward step and one forward sequence run so that the backward benchmarks read activated gates.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _xz = Tensor.RandomNormal([Batch, 4 * Units]);
        _gates = Tensor.Zeros(_xz.Shape);
        _u = Tensor.RandomNormal([Units, 4 * Units], std: 0.1);
        _uT = _u.Transpose(0, 1).Contiguous();
        _hPrev = Tensor.RandomNormal([Batch, Units], std: 0.5);
        _cPrev = Tensor.RandomNormal([Batch, Units], std: 0.5);
        _c = Tensor.Zeros([Batch, Units]);
        _h = Tensor.Zeros([Batch, Units]);
        _phiC = Tensor.Zeros([Batch, Units]);
        _dh = Tensor.RandomNormal([Batch, Units]);
        _dc = Tensor.RandomNormal([Batch, Units]);
        _dGates = Tensor.Zeros(_xz.Shape);
        _dcPrev = Tensor.Zeros([Batch, Units]);
        _dhPrev = Tensor.Zeros([Batch, Units]);
        _scratch = Tensor.Zeros([Batch, Units]);
        _seqXz = Tensor.RandomNormal([Batch, Steps, 4 * Units]);
        _seqGates = Tensor.Zeros(_seqXz.Shape);
        _states = Tensor.Zeros([Steps, 2, Batch, Units]);
        _seqPhiC = Tensor.Zeros([Steps, Batch, Units]);
        _grad = Tensor.RandomNormal([Steps, 2, Batch, Units], std: 0.1);
        _seqDGates = Tensor.Zeros(_seqXz.Shape);
        _hPrevAll = Tensor.Zeros([Batch, Steps, Units]);
        _dh0 = Tensor.Zeros([Batch, Units]);
        _dc0 = Tensor.Zeros([Batch, Units]);
        Forward();
        SequenceForward();
    }

    /// <summary>z = x_k·W + b (copied) + h_{k−1}·U; the gates activated; c, h and tanh(c) written.</summary>
    [Benchmark]
    public void Forward()
    {
        var d = _gates.Device;
        var z = _gates.View;
        d.Copy(_xz.View, z);
        d.MatMul(_hPrev.View, _u.View, z, accumulate: true);
        LstmCell.Forward(d, GateBlocks(z, 4), _cPrev.View, _c.View, _h.View, _phiC.View, _scratch.View, FusedActivation.Tanh, FusedActivation.Sigmoid);
    }

    /// <summary>∂z (64, 4·128) and ∂c_{k−1} from ∂h_k, ∂c_k; then ∂h_{k−1} = ∂z·Uᵀ.</summary>
    [Benchmark]
    public void Backward()
    {
        var d = _gates.Device;
        var dz = _dGates.View;
        LstmCell.Backward(d, GateBlocks(_gates.View, 4), _phiC.View, _cPrev.View, _dh.View, _dc.View, GateBlocks(dz, 4), _dcPrev.View,
            _scratch.View, FusedActivation.Tanh, FusedActivation.Sigmoid);
        d.MatMul(dz, _uT.View, _dhPrev.View);
    }

    /// <summary>The 28-step forward recurrence (gates refilled from the projection first), as the layer runs it.</summary>
    [Benchmark]
    public void SequenceForward()
    {
        var d = _seqGates.Device;
        d.Copy(_seqXz.View, _seqGates.View);
        var fused = d.FusedKernels ?? throw new InvalidOperationException("the CPU device has fused kernels");
        fused.LstmSequenceForward(_seqGates.View, _u.View, _hPrev.View, _cPrev.View, default, _states.View, _seqPhiC.View, false,
            FusedActivation.Tanh, FusedActivation.Sigmoid);
    }

    /// <summary>The 28-step backward recurrence: ∂z of every step, the h_{k−1} kept for ∂U, ∂h₀ and ∂c₀.</summary>
    [Benchmark]
    public void SequenceBackward()
    {
        var fused = _seqGates.Device.FusedKernels ?? throw new InvalidOperationException("the CPU device has fused kernels");
        fused.LstmSequenceBackward(_seqGates.View, _seqPhiC.View, _uT.View, _hPrev.View, _cPrev.View, default, _states.View, _grad.View,
            _seqDGates.View, _hPrevAll.View, _dh0.View, _dc0.View, false, FusedActivation.Tanh, FusedActivation.Sigmoid);
    }
}
