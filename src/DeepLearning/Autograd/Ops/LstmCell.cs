using DeepLearning.Devices;
using static DeepLearning.Autograd.Ops.RecurrentKernels;

namespace DeepLearning.Autograd.Ops;

/// <summary>
/// The element-wise part of one LSTM step, forward and backward (formulas at <see cref="IFusedKernels.LstmCellForward"/>
/// and <see cref="IFusedKernels.LstmCellBackward"/>): the device's fused kernel when it has one and every view has a
/// dense last axis, else composed from core kernels (seven forward, eleven backward) with the caller's scratch.
/// </summary>
internal static class LstmCell
{
    /// <summary>Activates <paramref name="gates"/> (4, batch, units) in place and writes c, h and φ(c);
    /// <paramref name="scratch"/> (batch, units) is used by the composed path.</summary>
    public static void Forward(Device d, in StridedView gates, in StridedView cPrev, in StridedView c, in StridedView h, in StridedView phiC,
        in StridedView scratch, FusedActivation activation, FusedActivation recurrentActivation)
    {
        if (d.FusedKernels is { } fused && DenseRows(gates, cPrev, c, h, phiC))
        {
            fused.LstmCellForward(gates, cPrev, c, h, phiC, activation, recurrentActivation);
            return;
        }
        StridedView i = At(gates, 0, 0), f = At(gates, 0, 1), g = At(gates, 0, 2), o = At(gates, 0, 3);
        Activate(d, recurrentActivation, Slice(gates, 0, 0, 2), Slice(gates, 0, 0, 2));
        Activate(d, activation, g, g);
        Activate(d, recurrentActivation, o, o);
        d.Binary(BinaryOp.Mul, f, cPrev, c);
        d.Binary(BinaryOp.Mul, i, g, scratch);
        d.Binary(BinaryOp.Add, c, scratch, c);
        Activate(d, activation, c, phiC);
        d.Binary(BinaryOp.Mul, o, phiC, h);
    }

    /// <summary>Writes the pre-activation gradients <paramref name="dGates"/> (4, batch, units) and ∂c_{k−1};
    /// <paramref name="scratch"/> (batch, units) is used by the composed path.</summary>
    public static void Backward(Device d, in StridedView gates, in StridedView phiC, in StridedView cPrev, in StridedView dh, in StridedView dc,
        in StridedView dGates, in StridedView dcPrev, in StridedView scratch, FusedActivation activation, FusedActivation recurrentActivation)
    {
        if (d.FusedKernels is { } fused && DenseRows(gates, phiC, cPrev, dh, dc) && DenseLastAxis(dGates) && DenseLastAxis(dcPrev))
        {
            fused.LstmCellBackward(gates, phiC, cPrev, dh, dc, dGates, dcPrev, activation, recurrentActivation);
            return;
        }
        StridedView i = At(gates, 0, 0), f = At(gates, 0, 1), g = At(gates, 0, 2), o = At(gates, 0, 3);
        StridedView di = At(dGates, 0, 0), df = At(dGates, 0, 1), dg = At(dGates, 0, 2), dO = At(dGates, 0, 3);
        d.Binary(BinaryOp.Mul, dh, phiC, dO);                     // ∂o = ∂h ⊙ φ(c)
        d.Binary(BinaryOp.Mul, dh, o, scratch);                   // ∂φ(c)
        Derivative(d, activation, phiC, scratch, scratch);        // ∂c from h
        d.Binary(BinaryOp.Add, scratch, dc, scratch);             // total ∂c_k
        d.Binary(BinaryOp.Mul, scratch, g, di);
        d.Binary(BinaryOp.Mul, scratch, i, dg);
        d.Binary(BinaryOp.Mul, scratch, cPrev, df);
        d.Binary(BinaryOp.Mul, scratch, f, dcPrev);               // ∂c_{k−1}
        Derivative(d, recurrentActivation, Slice(gates, 0, 0, 2), Slice(dGates, 0, 0, 2), Slice(dGates, 0, 0, 2));
        Derivative(d, activation, g, dg, dg);
        Derivative(d, recurrentActivation, o, dO, dO);
    }

    private static bool DenseRows(in StridedView a, in StridedView b, in StridedView c, in StridedView d, in StridedView e) =>
        DenseLastAxis(a) && DenseLastAxis(b) && DenseLastAxis(c) && DenseLastAxis(d) && DenseLastAxis(e);
}
