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

    void IFusedKernels.LstmSequenceForward(in StridedView gates, in StridedView recurrentKernel, in StridedView h0, in StridedView c0,
        in StridedView mask, in StridedView states, in StridedView phiC, bool goBackwards, FusedActivation activation,
        FusedActivation recurrentActivation)
    {
        FusedKernelChecks.LstmSequenceForward(this, gates, recurrentKernel, h0, c0, mask, states, phiC);
        int units = h0.Shape[1];
        if (gates.DType == DType.Float32 && CpuLstmSequence<float>.Suits(units))
            CpuLstmSequence<float>.Forward(gates, recurrentKernel, h0, c0, mask, states, phiC, goBackwards, activation, recurrentActivation);
        else if (gates.DType == DType.Float64 && CpuLstmSequence<double>.Suits(units))
            CpuLstmSequence<double>.Forward(gates, recurrentKernel, h0, c0, mask, states, phiC, goBackwards, activation, recurrentActivation);
        else
            Autograd.Ops.LstmSequence.ComposeForward(this, gates, recurrentKernel, h0, c0, mask, states, phiC, goBackwards, activation,
                recurrentActivation);
    }

    void IFusedKernels.LstmSequenceBackward(in StridedView gates, in StridedView phiC, in StridedView recurrentKernelT, in StridedView h0,
        in StridedView c0, in StridedView mask, in StridedView states, in StridedView grad, in StridedView dGates, in StridedView hPrev,
        in StridedView dh0, in StridedView dc0, bool goBackwards, FusedActivation activation, FusedActivation recurrentActivation)
    {
        FusedKernelChecks.LstmSequenceBackward(this, gates, phiC, recurrentKernelT, h0, c0, mask, states, grad, dGates, hPrev, dh0, dc0);
        int units = h0.Shape[1];
        if (gates.DType == DType.Float32 && CpuLstmSequence<float>.Suits(units))
            CpuLstmSequence<float>.Backward(this, gates, phiC, recurrentKernelT, h0, c0, mask, states, grad, dGates, hPrev, dh0, dc0,
                goBackwards, activation, recurrentActivation);
        else if (gates.DType == DType.Float64 && CpuLstmSequence<double>.Suits(units))
            CpuLstmSequence<double>.Backward(this, gates, phiC, recurrentKernelT, h0, c0, mask, states, grad, dGates, hPrev, dh0, dc0,
                goBackwards, activation, recurrentActivation);
        else
            Autograd.Ops.LstmSequence.ComposeBackward(this, gates, phiC, recurrentKernelT, h0, c0, mask, states, grad, dGates, hPrev, dh0,
                dc0, goBackwards, activation, recurrentActivation);
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

    void IFusedKernels.DenseForward(in StridedView x, in StridedView kernel, in StridedView bias, in StridedView y, FusedActivation activation)
    {
        FusedKernelChecks.DenseForward(this, x, kernel, bias, y);
        if (y.Shape[1] > 1 && bias.Strides[0] != 1)
        {
            Autograd.Ops.DenseNode.ComposeForward(this, x, kernel, bias, y, activation);
            return;
        }
        // The bias and a ReLU ride in the GEMM's epilogue, on each tile of y while it is in cache; tanh and sigmoid
        // are applied afterwards in one pass over the whole of y, exactly as the composed kernel does.
        CpuMatMul.MatMul(this, x, kernel, y, accumulate: false, new GemmEpilogue(bias, activation == FusedActivation.Relu));
        if (activation == FusedActivation.Tanh) CpuElementwise.Unary(UnaryOp.Tanh, y, y, 0, 0);
        else if (activation == FusedActivation.Sigmoid) CpuElementwise.Unary(UnaryOp.Sigmoid, y, y, 0, 0);
    }

    void IFusedKernels.DenseBackward(in StridedView y, in StridedView g, in StridedView dz, in StridedView dbias, FusedActivation activation)
    {
        FusedKernelChecks.DenseBackward(this, y, g, dz, dbias);
        if (!y.IsContiguous || !g.IsContiguous)
        {
            Autograd.Ops.DenseNode.ComposeBackward(this, y, g, dz, dbias, activation);
            return;
        }
        if (y.DType == DType.Float32) CpuFused<float>.DenseBackward(y, g, dz, dbias, activation);
        else CpuFused<double>.DenseBackward(y, g, dz, dbias, activation);
    }

    void IFusedKernels.Conv2DBiasActivation(in StridedView x, in StridedView kernel, in StridedView bias, in StridedView y, in Conv2DGeometry g,
        FusedActivation activation)
    {
        FusedKernelChecks.Conv2DBiasActivation(this, x, kernel, bias, y, g, null);
        if (WinogradEnabled && CpuWinogradConv.Supports(g, x.DType, activation, null, default)) CpuWinogradConv.Run(x, kernel, bias, y, g, activation, null, default);
        else if (CpuDirectConv.Supports(g)) CpuDirectConv.Run(x, kernel, bias, y, g, activation, null, default);
        else Autograd.Ops.ConvKernels.ComposeBiasActivation(this, x, kernel, bias, y, g, activation);
    }

    void IFusedKernels.Conv2DBiasActivationPool(in StridedView x, in StridedView kernel, in StridedView bias, in StridedView y, in Conv2DGeometry g,
        FusedActivation activation, PoolKind kind, in Pool2DGeometry pool)
    {
        FusedKernelChecks.Conv2DBiasActivation(this, x, kernel, bias, y, g, pool);
        if (WinogradEnabled && CpuWinogradConv.Supports(g, x.DType, activation, kind, pool)) CpuWinogradConv.Run(x, kernel, bias, y, g, activation, kind, pool);
        else if (CpuDirectConv.Supports(g)) CpuDirectConv.Run(x, kernel, bias, y, g, activation, kind, pool);
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
