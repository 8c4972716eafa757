using BenchmarkDotNet.Attributes;
using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;
using static DeepLearning.Autograd.Ops.RecurrentKernels;

namespace DeepLearning.Benchmarks.Micro;

/// <summary>One time step of the lstm workload's layer (batch 64, 128 units, gates i, f, c, o), as the fused
/// sequence op runs it: forward = the input projection of the step copied into the gates, the recurrent product
/// h_{k−1}·U added (one GEMM over the four gate blocks) and the element-wise cell; backward = the cell's gradient
/// and ∂h_{k−1} = Σ_j ∂z_j·U_jᵀ.</summary>
public class LstmStepBenchmarks
{
    private const int Batch = 64, Units = 128;
    private Tensor _xz = null!, _gates = null!, _u = null!, _hPrev = null!, _cPrev = null!, _c = null!, _h = null!, _phiC = null!;
    private Tensor _dh = null!, _dc = null!, _dGates = null!, _dcPrev = null!, _dhPrev = null!, _scratch = null!;

    /// <summary>Random states, recurrent kernel (128, 4·128) and step input projection; one forward step run so that
    /// the backward benchmark reads activated gates.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _xz = Tensor.RandomNormal([4, Batch, Units]);
        _gates = Tensor.Zeros(_xz.Shape);
        _u = Tensor.RandomNormal([Units, 4 * Units], std: 0.1);
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
        Forward();
    }

    /// <summary>z = x_k·W + b (copied) + h_{k−1}·U; the gates activated; c, h and tanh(c) written.</summary>
    [Benchmark]
    public void Forward()
    {
        var d = _gates.Device;
        var z = _gates.View;
        d.Copy(_xz.View, z);
        d.MatMul(Repeated(_hPrev.View, 4), GateBlocks(_u.View, 4), z, accumulate: true);
        LstmCell.Forward(d, z, _cPrev.View, _c.View, _h.View, _phiC.View, _scratch.View, FusedActivation.Tanh, FusedActivation.Sigmoid);
    }

    /// <summary>∂z (4, 64, 128) and ∂c_{k−1} from ∂h_k, ∂c_k; then ∂h_{k−1} through the four gate blocks of U.</summary>
    [Benchmark]
    public void Backward()
    {
        var d = _gates.Device;
        var dz = _dGates.View;
        LstmCell.Backward(d, _gates.View, _phiC.View, _cPrev.View, _dh.View, _dc.View, dz, _dcPrev.View, _scratch.View,
            FusedActivation.Tanh, FusedActivation.Sigmoid);
        var blocks = GateBlocks(_u.View, 4);
        for (int j = 0; j < 4; j++)
            d.MatMul(At(dz, 0, j), Transposed(At(blocks, 0, j)), _dhPrev.View, accumulate: j > 0);
    }
}
