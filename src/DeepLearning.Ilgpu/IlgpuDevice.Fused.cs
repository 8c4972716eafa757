using DeepLearning.Devices;
using DeepLearning.Ilgpu.Kernels;

namespace DeepLearning.Ilgpu;

// The optional fused kernels: an activation's derivative, the element-wise LSTM step and its backward pass, and the
// Adam and SGD-momentum updates, each one kernel launch instead of the several core kernels the core composes.
public sealed partial class IlgpuDevice : IFusedKernels
{
    private static KernelView View(in StridedView v) => new() { Data = Data(v), Layout = Layout(v) };

    /// <summary>The (batch, units) states with the gate axis folded into the row-major index: gates (4, batch,
    /// units) read as one view whose element k·batch·units + i is gate k of element i.</summary>
    private static int StateCount(in StridedView gates) => gates.Shape[1] * gates.Shape[2];

    void IFusedKernels.ActivationBackward(ActivationDerivative op, in StridedView p, in StridedView g, in StridedView y, double alpha, double beta)
    {
        FusedKernelChecks.ActivationBackward(this, op, p, g, y);
        if (y.ElementCount > 0) _kernels.ActivationBackward(y.ElementCount, View(p), View(g), View(y), (int)op, alpha, beta);
    }

    void IFusedKernels.LstmCellForward(in StridedView gates, in StridedView cPrev, in StridedView c, in StridedView h, in StridedView phiC,
        FusedActivation activation, FusedActivation recurrentActivation)
    {
        FusedKernelChecks.LstmCellForward(this, gates, cPrev, c, h, phiC);
        int count = StateCount(gates);
        if (count > 0)
            _kernels.LstmCellForward(count, View(gates), View(cPrev), View(c), View(h), View(phiC), count, (int)activation, (int)recurrentActivation);
    }

    void IFusedKernels.LstmCellBackward(in StridedView gates, in StridedView phiC, in StridedView cPrev, in StridedView dh, in StridedView dc,
        in StridedView dGates, in StridedView dcPrev, FusedActivation activation, FusedActivation recurrentActivation)
    {
        FusedKernelChecks.LstmCellBackward(this, gates, phiC, cPrev, dh, dc, dGates, dcPrev);
        int count = StateCount(gates);
        if (count > 0)
            _kernels.LstmCellBackward(count, View(gates), View(phiC), View(cPrev), View(dh), View(dc), View(dGates), View(dcPrev),
                count, (int)activation | (int)recurrentActivation << 8);
    }

    void IFusedKernels.AdamUpdate(in StridedView parameter, in StridedView gradient, in StridedView m, in StridedView v,
        double alpha, double beta1, double beta2, double epsilon)
    {
        FusedKernelChecks.Update("AdamUpdate", this, parameter, [gradient, m, v], ["gradient", "m", "v"]);
        if (parameter.ElementCount > 0)
            _kernels.AdamUpdate(parameter.ElementCount, View(parameter), View(gradient), View(m), View(v), alpha, beta1, beta2, epsilon);
    }

    void IFusedKernels.SgdMomentumUpdate(in StridedView parameter, in StridedView gradient, in StridedView m, double learningRate,
        double momentum, bool nesterov)
    {
        FusedKernelChecks.Update("SgdMomentumUpdate", this, parameter, [gradient, m], ["gradient", "m"]);
        if (parameter.ElementCount > 0)
            _kernels.SgdMomentumUpdate(parameter.ElementCount, View(parameter), View(gradient), View(m), learningRate, momentum, nesterov ? 1 : 0);
    }
}
