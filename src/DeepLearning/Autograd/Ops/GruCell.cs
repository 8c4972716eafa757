using DeepLearning.Devices;
using static DeepLearning.Autograd.Ops.RecurrentKernels;

namespace DeepLearning.Autograd.Ops;

/// <summary>
/// The element-wise part of one GRU step with reset_after (Keras's GRUCell default), forward and backward (formulas
/// at <see cref="IFusedKernels.GruCellForward"/> and <see cref="IFusedKernels.GruCellBackward"/>): the device's fused
/// kernel when it has one and every view has a dense last axis, else composed from core kernels.
/// </summary>
internal static class GruCell
{
    /// <summary>Activates <paramref name="gates"/> (3, batch, units) in place and writes h;
    /// <paramref name="scratch"/> (batch, units) is used by the composed path.</summary>
    public static void Forward(Device d, in StridedView gates, in StridedView m, in StridedView hPrev, in StridedView h,
        in StridedView scratch, FusedActivation activation, FusedActivation recurrentActivation)
    {
        if (d.FusedKernels is { } fused && DenseLastAxis(gates) && DenseLastAxis(m) && DenseLastAxis(hPrev) && DenseLastAxis(h))
        {
            fused.GruCellForward(gates, m, hPrev, h, activation, recurrentActivation);
            return;
        }
        ComposeForward(d, gates, m, hPrev, h, scratch, activation, recurrentActivation);
    }

    /// <summary>The forward step from core kernels: z, r = σ(x + m); ĥ = φ(x_h + r ⊙ m_h); then <see cref="Output"/>.</summary>
    public static void ComposeForward(Device d, in StridedView gates, in StridedView m, in StridedView hPrev, in StridedView h,
        in StridedView scratch, FusedActivation activation, FusedActivation recurrentActivation)
    {
        StridedView zr = Slice(gates, 0, 0, 2), r = At(gates, 0, 1), hh = At(gates, 0, 2);
        d.Binary(BinaryOp.Add, zr, Slice(m, 0, 0, 2), zr);
        Activate(d, recurrentActivation, zr, zr);
        d.Binary(BinaryOp.Mul, r, At(m, 0, 2), scratch);
        d.Binary(BinaryOp.Add, hh, scratch, hh);
        Activate(d, activation, hh, hh);
        Output(d, At(gates, 0, 0), hh, hPrev, h, scratch);
    }

    /// <summary>h = z ⊙ h_{k−1} + (1 − z) ⊙ ĥ, in Keras's order of operations (both GRU variants).</summary>
    public static void Output(Device d, in StridedView z, in StridedView hh, in StridedView hPrev, in StridedView h, in StridedView scratch)
    {
        d.Binary(BinaryOp.Mul, z, hPrev, h);
        d.Unary(UnaryOp.RSubScalar, z, scratch, 1);
        d.Binary(BinaryOp.Mul, scratch, hh, scratch);
        d.Binary(BinaryOp.Add, h, scratch, h);
    }

    /// <summary>Writes the pre-activation gradients <paramref name="dGates"/> and <paramref name="dm"/> (3, batch, units)
    /// and the direct part of ∂h_{k−1}, <paramref name="direct"/> = ∂h ⊙ z (batch, units).</summary>
    public static void Backward(Device d, in StridedView gates, in StridedView m, in StridedView hPrev, in StridedView dh,
        in StridedView dGates, in StridedView dm, in StridedView direct, FusedActivation activation, FusedActivation recurrentActivation)
    {
        if (d.FusedKernels is { } fused && DenseLastAxis(gates) && DenseLastAxis(m) && DenseLastAxis(hPrev) && DenseLastAxis(dh) && DenseLastAxis(dGates) && DenseLastAxis(dm) && DenseLastAxis(direct))
        {
            fused.GruCellBackward(gates, m, hPrev, dh, dGates, dm, direct, activation, recurrentActivation);
            return;
        }
        ComposeBackward(d, gates, m, hPrev, dh, dGates, dm, direct, activation, recurrentActivation);
    }

    /// <summary>The backward step from core kernels (<paramref name="direct"/> doubles as scratch until its last write).</summary>
    public static void ComposeBackward(Device d, in StridedView gates, in StridedView m, in StridedView hPrev, in StridedView dh,
        in StridedView dGates, in StridedView dm, in StridedView direct, FusedActivation activation, FusedActivation recurrentActivation)
    {
        StridedView zr = Slice(gates, 0, 0, 2), r = At(gates, 0, 1), dzr = Slice(dGates, 0, 0, 2), dhh = At(dGates, 0, 2);
        UpdateAndCandidateGrads(d, gates, hPrev, dh, dGates, direct, activation);
        d.Binary(BinaryOp.Mul, dhh, At(m, 0, 2), At(dGates, 0, 1));   // ∂r = ∂ĥ ⊙ m_h
        Derivative(d, recurrentActivation, zr, dzr, dzr);
        d.Copy(dzr, Slice(dm, 0, 0, 2));
        d.Binary(BinaryOp.Mul, dhh, r, At(dm, 0, 2));                 // ∂m_h = ∂ĥ ⊙ r
        d.Binary(BinaryOp.Mul, dh, At(gates, 0, 0), direct);          // direct path z ⊙ ∂h
    }

    /// <summary>∂ĥ (before φ) = φ′ · ∂h ⊙ (1 − z) and ∂z (before σ) = ∂h ⊙ (h_{k−1} − ĥ), into dGates[2] and dGates[0]
    /// (both GRU variants); <paramref name="scratch"/> (batch, units).</summary>
    public static void UpdateAndCandidateGrads(Device d, in StridedView gates, in StridedView hPrev, in StridedView dh,
        in StridedView dGates, in StridedView scratch, FusedActivation activation)
    {
        StridedView z = At(gates, 0, 0), hh = At(gates, 0, 2), dz = At(dGates, 0, 0), dhh = At(dGates, 0, 2);
        d.Unary(UnaryOp.RSubScalar, z, scratch, 1);
        d.Binary(BinaryOp.Mul, dh, scratch, dhh);
        Derivative(d, activation, hh, dhh, dhh);
        d.Binary(BinaryOp.Sub, hPrev, hh, scratch);
        d.Binary(BinaryOp.Mul, dh, scratch, dz);
    }
}
