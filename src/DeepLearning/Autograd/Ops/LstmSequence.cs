using DeepLearning.Devices;
using static DeepLearning.Autograd.Ops.RecurrentKernels;

namespace DeepLearning.Autograd.Ops;

/// <summary>
/// The whole LSTM recurrence composed step by step from core kernels (formulas and layouts at
/// <see cref="IFusedKernels.LstmSequenceForward"/> and <see cref="IFusedKernels.LstmSequenceBackward"/>): per step one
/// GEMM over the whole batch and one <see cref="LstmCell"/> step. The default of those two fused kernels, and what
/// <see cref="LstmSequenceNode"/> runs when the device has no fused kernels or a view lacks dense rows.
/// </summary>
internal static class LstmSequence
{
    /// <summary>True when a view is absent (a default view, no storage): an optional argument not given.</summary>
    public static bool Absent(in StridedView v) => v.Storage is null;

    /// <summary>The forward recurrence; see <see cref="IFusedKernels.LstmSequenceForward"/>.</summary>
    public static void ComposeForward(Device d, in StridedView gates, in StridedView recurrentKernel, in StridedView h0, in StridedView c0,
        in StridedView mask, in StridedView states, in StridedView phiC, bool goBackwards, FusedActivation activation,
        FusedActivation recurrentActivation)
    {
        int t = gates.Shape[1], u = h0.Shape[1];
        bool keep = phiC.Shape[0] == t;
        using var scope = TensorScope.Begin();
        var scratch = Tensor.Empty(h0.Shape, h0.DType, d).View;
        for (int k = 0; k < t; k++)
        {
            int time = TimeAt(k, t, goBackwards);
            StridedView hPrev = k == 0 ? h0 : At(At(states, 0, k - 1), 0, 0);
            StridedView cPrev = k == 0 ? c0 : At(At(states, 0, k - 1), 0, 1);
            var z = At(gates, 1, time);                          // (batch, 4u)
            d.MatMul(hPrev, recurrentKernel, z, accumulate: true);
            var sk = At(states, 0, k);
            StridedView h = At(sk, 0, 0), c = At(sk, 0, 1);
            LstmCell.Forward(d, GateBlocks(z, 4), cPrev, c, h, At(phiC, 0, keep ? time : 0), scratch, activation, recurrentActivation);
            if (!Absent(mask))
            {
                var m = Repeat(At(mask, 1, time), u);
                d.Select(m, h, hPrev, h);
                d.Select(m, c, cPrev, c);
            }
        }
    }

    /// <summary>The backward recurrence (BPTT); see <see cref="IFusedKernels.LstmSequenceBackward"/>.</summary>
    public static void ComposeBackward(Device d, in StridedView gates, in StridedView phiC, in StridedView recurrentKernelT,
        in StridedView h0, in StridedView c0, in StridedView mask, in StridedView states, in StridedView grad, in StridedView dGates,
        in StridedView hPrevAll, in StridedView dh0, in StridedView dc0, bool goBackwards, FusedActivation activation,
        FusedActivation recurrentActivation)
    {
        int b = h0.Shape[0], t = gates.Shape[1], u = h0.Shape[1];
        bool masked = !Absent(mask);
        using var scope = TensorScope.Begin();
        var work = Tensor.Empty(new Shape(masked ? 6 : 4, b, u), h0.DType, d).View;
        StridedView dh = At(work, 0, 0), dc = At(work, 0, 1), total = At(work, 0, 2), ch = dh0, cc = dc0;
        d.Fill(ch, 0);
        d.Fill(cc, 0);
        StridedView zero = masked ? At(work, 0, 3) : default, passH = masked ? At(work, 0, 4) : default, passC = masked ? At(work, 0, 5) : default;
        if (masked) d.Fill(zero, 0);
        for (int k = t - 1; k >= 0; k--)
        {
            int time = TimeAt(k, t, goBackwards);
            StridedView hPrev = k == 0 ? h0 : At(At(states, 0, k - 1), 0, 0);
            StridedView cPrev = k == 0 ? c0 : At(At(states, 0, k - 1), 0, 1);
            var gk = At(grad, 0, k);
            d.Binary(BinaryOp.Add, At(gk, 0, 0), ch, dh);
            d.Binary(BinaryOp.Add, At(gk, 0, 1), cc, dc);
            if (masked)
            {
                // Masked rows pass their whole gradient to the carried state; the cell gets none.
                var m = Repeat(At(mask, 1, time), u);
                d.Select(m, zero, dh, passH);
                d.Select(m, zero, dc, passC);
                d.Select(m, dh, zero, dh);
                d.Select(m, dc, zero, dc);
            }
            var dz = At(dGates, 1, time);                        // (batch, 4u)
            LstmCell.Backward(d, GateBlocks(At(gates, 1, time), 4), At(phiC, 0, time), cPrev, dh, dc, GateBlocks(dz, 4), cc, total,
                activation, recurrentActivation);
            d.MatMul(dz, recurrentKernelT, ch);                  // ∂h_{k−1} = ∂z·Uᵀ
            if (masked)
            {
                d.Binary(BinaryOp.Add, ch, passH, ch);
                d.Binary(BinaryOp.Add, cc, passC, cc);
            }
            if (!Absent(hPrevAll)) d.Copy(hPrev, At(hPrevAll, 1, time));
        }
    }
}
