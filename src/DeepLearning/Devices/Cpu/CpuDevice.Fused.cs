namespace DeepLearning.Devices.Cpu;

public sealed partial class CpuDevice : IFusedKernels
{
    void IFusedKernels.ActivationBackward(ActivationDerivative op, in StridedView p, in StridedView g, in StridedView y, double alpha, double beta)
    {
        const string kernel = "ActivationBackward";
        if (!y.DType.IsFloating() && !op.SupportsInteger())
            throw new ArgumentException($"{kernel}: {op} is not defined for {y.DType}.");
        FusedKernelChecks.View(kernel, nameof(p), this, p, y.DType, y.Shape);
        FusedKernelChecks.View(kernel, nameof(g), this, g, y.DType, y.Shape);
        FusedKernelChecks.View(kernel, nameof(y), this, y, y.DType, y.Shape);
        CpuElementwise.Derivative(op, p, g, y, alpha, beta);
    }

    void IFusedKernels.LstmCellForward(in StridedView gates, in StridedView cPrev, in StridedView c, in StridedView h, in StridedView phiC,
        FusedActivation activation, FusedActivation recurrentActivation)
    {
        CheckRecurrent("LstmCellForward", 4, gates, c, [cPrev, c, h, phiC], ["cPrev", "c", "h", "phiC"]);
        if (gates.DType == DType.Float32) CpuFused<float>.LstmCellForward(gates, cPrev, c, h, phiC, activation, recurrentActivation);
        else CpuFused<double>.LstmCellForward(gates, cPrev, c, h, phiC, activation, recurrentActivation);
    }

    void IFusedKernels.LstmCellBackward(in StridedView gates, in StridedView phiC, in StridedView cPrev, in StridedView dh, in StridedView dc,
        in StridedView dGates, in StridedView dcPrev, FusedActivation activation, FusedActivation recurrentActivation)
    {
        const string kernel = "LstmCellBackward";
        CheckRecurrent(kernel, 4, gates, dh, [phiC, cPrev, dh, dc, dcPrev], ["phiC", "cPrev", "dh", "dc", "dcPrev"]);
        CheckGates(kernel, nameof(dGates), gates, dGates);
        if (gates.DType == DType.Float32) CpuFused<float>.LstmCellBackward(gates, phiC, cPrev, dh, dc, dGates, dcPrev, activation, recurrentActivation);
        else CpuFused<double>.LstmCellBackward(gates, phiC, cPrev, dh, dc, dGates, dcPrev, activation, recurrentActivation);
    }

    void IFusedKernels.GruCellForward(in StridedView gates, in StridedView m, in StridedView hPrev, in StridedView h,
        FusedActivation activation, FusedActivation recurrentActivation)
    {
        const string kernel = "GruCellForward";
        CheckRecurrent(kernel, 3, gates, h, [hPrev, h], ["hPrev", "h"]);
        CheckGates(kernel, nameof(m), gates, m);
        if (gates.DType == DType.Float32) CpuFused<float>.GruCellForward(gates, m, hPrev, h, activation, recurrentActivation);
        else CpuFused<double>.GruCellForward(gates, m, hPrev, h, activation, recurrentActivation);
    }

    void IFusedKernels.GruCellBackward(in StridedView gates, in StridedView m, in StridedView hPrev, in StridedView dh,
        in StridedView dGates, in StridedView dm, in StridedView direct, FusedActivation activation, FusedActivation recurrentActivation)
    {
        const string kernel = "GruCellBackward";
        CheckRecurrent(kernel, 3, gates, dh, [hPrev, dh, direct], ["hPrev", "dh", "direct"]);
        CheckGates(kernel, nameof(m), gates, m);
        CheckGates(kernel, nameof(dGates), gates, dGates);
        CheckGates(kernel, nameof(dm), gates, dm);
        if (gates.DType == DType.Float32) CpuFused<float>.GruCellBackward(gates, m, hPrev, dh, dGates, dm, direct, activation, recurrentActivation);
        else CpuFused<double>.GruCellBackward(gates, m, hPrev, dh, dGates, dm, direct, activation, recurrentActivation);
    }

    /// <summary>Another gate-major view with the gates' shape and dtype, on this device, with dense rows.</summary>
    private void CheckGates(string kernel, string name, in StridedView gates, in StridedView other)
    {
        FusedKernelChecks.View(kernel, name, this, other, gates.DType, gates.Shape);
        FusedKernelChecks.DenseRows(kernel, name, other);
    }

    /// <summary>gates (count, batch, units) and every state (batch, units), of one floating dtype, on this device, with
    /// dense rows.</summary>
    private void CheckRecurrent(string kernel, int count, in StridedView gates, in StridedView like, ReadOnlySpan<StridedView> states, ReadOnlySpan<string> names)
    {
        FusedKernelChecks.Floating(kernel, gates.DType);
        if (like.Shape.Rank != 2)
            throw new ArgumentException($"{kernel}: states must have shape (batch, units); got {like.Shape}.");
        var state = like.Shape;
        FusedKernelChecks.View(kernel, nameof(gates), this, gates, gates.DType, new Shape(count, state[0], state[1]));
        FusedKernelChecks.DenseRows(kernel, nameof(gates), gates);
        for (int k = 0; k < states.Length; k++)
        {
            FusedKernelChecks.View(kernel, names[k], this, states[k], gates.DType, state);
            FusedKernelChecks.DenseRows(kernel, names[k], states[k]);
        }
    }

    void IFusedKernels.AdamUpdate(in StridedView parameter, in StridedView gradient, in StridedView m, in StridedView v,
        double alpha, double beta1, double beta2, double epsilon)
    {
        CheckUpdate("AdamUpdate", parameter, [gradient, m, v], ["gradient", "m", "v"]);
        if (parameter.DType == DType.Float32) CpuFused<float>.AdamUpdate(parameter, gradient, m, v, alpha, beta1, beta2, epsilon);
        else CpuFused<double>.AdamUpdate(parameter, gradient, m, v, alpha, beta1, beta2, epsilon);
    }

    void IFusedKernels.SgdMomentumUpdate(in StridedView parameter, in StridedView gradient, in StridedView m, double learningRate,
        double momentum, bool nesterov)
    {
        CheckUpdate("SgdMomentumUpdate", parameter, [gradient, m], ["gradient", "m"]);
        if (parameter.DType == DType.Float32) CpuFused<float>.SgdMomentumUpdate(parameter, gradient, m, learningRate, momentum, nesterov);
        else CpuFused<double>.SgdMomentumUpdate(parameter, gradient, m, learningRate, momentum, nesterov);
    }

    /// <summary>The parameter and its companions: one floating dtype and shape, on this device, contiguous.</summary>
    private void CheckUpdate(string kernel, in StridedView parameter, ReadOnlySpan<StridedView> others, ReadOnlySpan<string> names)
    {
        FusedKernelChecks.Floating(kernel, parameter.DType);
        FusedKernelChecks.View(kernel, nameof(parameter), this, parameter, parameter.DType, parameter.Shape);
        FusedKernelChecks.Contiguous(kernel, nameof(parameter), parameter);
        for (int k = 0; k < others.Length; k++)
        {
            FusedKernelChecks.View(kernel, names[k], this, others[k], parameter.DType, parameter.Shape);
            FusedKernelChecks.Contiguous(kernel, names[k], others[k]);
        }
    }
}
