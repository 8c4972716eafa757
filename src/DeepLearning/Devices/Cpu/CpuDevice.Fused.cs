namespace DeepLearning.Devices.Cpu;

public sealed partial class CpuDevice : IFusedKernels
{
    void IFusedKernels.ActivationBackward(ActivationDerivative op, in StridedView p, in StridedView g, in StridedView y, double alpha, double beta)
    {
        FusedKernelChecks.ActivationBackward(this, op, p, g, y);
        CpuElementwise.Derivative(op, p, g, y, alpha, beta);
    }

    void IFusedKernels.LstmCellForward(in StridedView gates, in StridedView cPrev, in StridedView c, in StridedView h, in StridedView phiC,
        FusedActivation activation, FusedActivation recurrentActivation)
    {
        FusedKernelChecks.LstmCellForward(this, gates, cPrev, c, h, phiC);
        if (gates.DType == DType.Float32) CpuFused<float>.LstmCellForward(gates, cPrev, c, h, phiC, activation, recurrentActivation);
        else CpuFused<double>.LstmCellForward(gates, cPrev, c, h, phiC, activation, recurrentActivation);
    }

    void IFusedKernels.LstmCellBackward(in StridedView gates, in StridedView phiC, in StridedView cPrev, in StridedView dh, in StridedView dc,
        in StridedView dGates, in StridedView dcPrev, FusedActivation activation, FusedActivation recurrentActivation)
    {
        FusedKernelChecks.LstmCellBackward(this, gates, phiC, cPrev, dh, dc, dGates, dcPrev);
        if (gates.DType == DType.Float32) CpuFused<float>.LstmCellBackward(gates, phiC, cPrev, dh, dc, dGates, dcPrev, activation, recurrentActivation);
        else CpuFused<double>.LstmCellBackward(gates, phiC, cPrev, dh, dc, dGates, dcPrev, activation, recurrentActivation);
    }

    void IFusedKernels.GruCellForward(in StridedView gates, in StridedView m, in StridedView hPrev, in StridedView h,
        FusedActivation activation, FusedActivation recurrentActivation)
    {
        FusedKernelChecks.GruCellForward(this, gates, m, hPrev, h);
        if (gates.DType == DType.Float32) CpuFused<float>.GruCellForward(gates, m, hPrev, h, activation, recurrentActivation);
        else CpuFused<double>.GruCellForward(gates, m, hPrev, h, activation, recurrentActivation);
    }

    void IFusedKernels.GruCellBackward(in StridedView gates, in StridedView m, in StridedView hPrev, in StridedView dh,
        in StridedView dGates, in StridedView dm, in StridedView direct, FusedActivation activation, FusedActivation recurrentActivation)
    {
        FusedKernelChecks.GruCellBackward(this, gates, m, hPrev, dh, dGates, dm, direct);
        if (gates.DType == DType.Float32) CpuFused<float>.GruCellBackward(gates, m, hPrev, dh, dGates, dm, direct, activation, recurrentActivation);
        else CpuFused<double>.GruCellBackward(gates, m, hPrev, dh, dGates, dm, direct, activation, recurrentActivation);
    }

    void IFusedKernels.Conv2DBiasActivation(in StridedView x, in StridedView kernel, in StridedView bias, in StridedView y, in Conv2DGeometry g,
        FusedActivation activation)
    {
        FusedKernelChecks.Conv2DBiasActivation(this, x, kernel, bias, y, g, null);
        if (CpuDirectConv.Supports(g)) CpuDirectConv.Run(x, kernel, bias, y, g, activation, null, default);
        else Autograd.Ops.ConvKernels.ComposeBiasActivation(this, x, kernel, bias, y, g, activation);
    }

    void IFusedKernels.Conv2DBiasActivationPool(in StridedView x, in StridedView kernel, in StridedView bias, in StridedView y, in Conv2DGeometry g,
        FusedActivation activation, PoolKind kind, in Pool2DGeometry pool)
    {
        FusedKernelChecks.Conv2DBiasActivation(this, x, kernel, bias, y, g, pool);
        if (CpuDirectConv.Supports(g)) CpuDirectConv.Run(x, kernel, bias, y, g, activation, kind, pool);
        else Autograd.Ops.ConvKernels.ComposeBiasActivationPool(this, x, kernel, bias, y, g, activation, kind, pool);
    }

    void IFusedKernels.AdamUpdate(in StridedView parameter, in StridedView gradient, in StridedView m, in StridedView v,
        double alpha, double beta1, double beta2, double epsilon)
    {
        FusedKernelChecks.Update("AdamUpdate", this, parameter, [gradient, m, v], ["gradient", "m", "v"]);
        if (parameter.DType == DType.Float32) CpuFused<float>.AdamUpdate(parameter, gradient, m, v, alpha, beta1, beta2, epsilon);
        else CpuFused<double>.AdamUpdate(parameter, gradient, m, v, alpha, beta1, beta2, epsilon);
    }

    void IFusedKernels.SgdMomentumUpdate(in StridedView parameter, in StridedView gradient, in StridedView m, double learningRate,
        double momentum, bool nesterov)
    {
        FusedKernelChecks.Update("SgdMomentumUpdate", this, parameter, [gradient, m], ["gradient", "m"]);
        if (parameter.DType == DType.Float32) CpuFused<float>.SgdMomentumUpdate(parameter, gradient, m, learningRate, momentum, nesterov);
        else CpuFused<double>.SgdMomentumUpdate(parameter, gradient, m, learningRate, momentum, nesterov);
    }
}
