using DeepLearning.Devices;
using static DeepLearning.Autograd.Ops.RecurrentKernels;

namespace DeepLearning.Autograd.Ops;

/// <summary>
/// The whole LSTM recurrence as one node (Keras's LSTMCell, implementation 2, iterated by keras.backend.rnn).
/// Inputs: xz (batch, time, 4u) = x·W already projected for every step, the recurrent kernel U (u, 4u) with
/// Keras's gate order i, f, c, o, the initial states h₀, c₀ (batch, u) and the bias b (4u), added here to xz (or
/// already in it when null). At step k (input time
/// t = k, or T − 1 − k going backwards):
/// z = xz_t + b + h_{k−1}·U; i = σ(z_i), f = σ(z_f), g = φ(z_c), o = σ(z_o); c_k = f ⊙ c_{k−1} + i ⊙ g;
/// h_k = o ⊙ φ(c_k), with σ the recurrent activation and φ the activation. Where the mask (batch, time) is 0
/// the state is carried over unchanged (h_k = h_{k−1}, c_k = c_{k−1}), as keras.backend.rnn does.
/// Output: S (time, 2, batch, u) in processing order, S[k, 0] = h_k and S[k, 1] = c_k.
/// </summary>
/// <remarks>
/// Buffers keep xz's layout (batch, time, 4u): step k's pre-activations are the (batch, 4u) rows at input time t,
/// whose four (batch, u) gate blocks have dense rows. The forward writes xz + b into the gate buffer in one pass and runs the
/// recurrence as the device's <see cref="IFusedKernels.LstmSequenceForward"/> (the CPU's runs every step of a chunk of
/// batch rows in one pool job), or composed step by step (<see cref="LstmSequence"/>: per step one GEMM adding
/// h_{k−1}·U and one <see cref="LstmCell"/> step); the gate activations and φ(c_k) are kept for the backward pass.
/// The VJP is hand-written BPTT, <see cref="IFusedKernels.LstmSequenceBackward"/> or composed alike: per step the
/// backward cell and ∂h_{k−1} = ∂z·Uᵀ, one GEMM against Uᵀ copied once per backward pass (so no step transposes it).
/// ∂U = Σ_k h_{k−1}ᵀ·∂z_k comes at the end from all steps at once (one GEMM over batch·time rows), and ∂xz = ∂z is the
/// gradient buffer itself, already in xz's layout (∂b its sum over batch and time).
/// </remarks>
internal sealed class LstmSequenceNode(int batch, int steps, int units, bool goBackwards, bool masked, FusedActivation activation,
    FusedActivation recurrentActivation) : Node
{
    public override string Name => "LstmSequence";

    public static Tensor Apply(Tensor xz, Tensor recurrentKernel, Tensor h0, Tensor c0, Tensor? bias, Tensor? mask, bool goBackwards,
        FusedActivation activation, FusedActivation recurrentActivation)
    {
        var (b, t, u) = Check("LstmSequence", 4, xz, recurrentKernel, [h0, c0], mask);
        if (bias is not null)
        {
            OpChecks.SameDeviceAndDType("LstmSequence", xz, bias);
            if (bias.Shape != new Shape(4 * u))
                throw new ArgumentException($"LstmSequence: the bias must have shape ({4 * u}); got {bias.Shape}.");
        }
        Tensor[] inputs = bias is null ? [xz, recurrentKernel, h0, c0] : [xz, recurrentKernel, h0, c0, bias];
        bool record = Node.ShouldRecord(inputs);
        var d = xz.Device;
        var s = xz.EmptyLike(new Shape(t, 2, b, u));
        var gates = xz.EmptyLike(xz.Shape);                   // (batch, time, 4u), indexed by input time
        var actC = xz.EmptyLike(new Shape(record ? t : 1, b, u));
        StridedView mv = mask is null ? default : mask.View;
        if (bias is null) d.Copy(xz.View, gates.View);
        else
        {
            var bv = bias.View;
            d.Binary(BinaryOp.Add, xz.View, new StridedView(bv.Storage, bv.Offset, xz.Shape, new Strides(0, 0, bv.Strides[0])), gates.View);
        }
        if (d.FusedKernels is { } fused && DenseLastAxis(recurrentKernel.View) && DenseLastAxis(h0.View) && DenseLastAxis(c0.View))
            fused.LstmSequenceForward(gates.View, recurrentKernel.View, h0.View, c0.View, mv, s.View, actC.View, goBackwards, activation,
                recurrentActivation);
        else
            LstmSequence.ComposeForward(d, gates.View, recurrentKernel.View, h0.View, c0.View, mv, s.View, actC.View, goBackwards, activation,
                recurrentActivation);
        if (!record) return s;
        var node = new LstmSequenceNode(b, t, u, goBackwards, mask is not null, activation, recurrentActivation);
        node.Save(recurrentKernel);
        node.Save(h0);
        node.Save(c0);
        node.Save(gates);
        node.Save(actC);
        node.Save(s);
        if (mask is not null) node.Save(mask);
        return node.Attach(s, inputs);
    }

    protected internal override void Backward(Tensor grad)
    {
        Tensor r = GetSaved(0), h0 = GetSaved(1), c0 = GetSaved(2), gates = GetSaved(3), actC = GetSaved(4), s = GetSaved(5);
        Tensor? mask = masked ? GetSaved(6) : null;
        var d = r.Device;
        int b = batch, t = steps, u = units;
        var dz = r.EmptyLike(new Shape(b, t, 4 * u));           // ∂L/∂z in xz's layout, by input time
        var hPrevAll = NeedsGrad(1) ? r.EmptyLike(new Shape(b, t, u)) : null;
        var rT = r.EmptyLike(new Shape(4 * u, u));                // Uᵀ once, so every step's GEMM reads it in place
        d.Copy(Transposed(r.View), rT.View);
        var dh0 = r.EmptyLike(new Shape(b, u));
        var dc0 = r.EmptyLike(new Shape(b, u));
        StridedView mv = mask is null ? default : mask.View, hv = hPrevAll is null ? default : hPrevAll.View;
        if (d.FusedKernels is { } fused && DenseLastAxis(h0.View) && DenseLastAxis(c0.View) && DenseLastAxis(grad.View))
            fused.LstmSequenceBackward(gates.View, actC.View, rT.View, h0.View, c0.View, mv, s.View, grad.View, dz.View, hv, dh0.View,
                dc0.View, goBackwards, activation, recurrentActivation);
        else
            LstmSequence.ComposeBackward(d, gates.View, actC.View, rT.View, h0.View, c0.View, mv, s.View, grad.View, dz.View, hv, dh0.View,
                dc0.View, goBackwards, activation, recurrentActivation);
        if (hPrevAll is not null)
        {
            var dr = r.EmptyLike(r.Shape);
            d.MatMul(Transposed(MergeLeading(hPrevAll.View)), MergeLeading(dz.View), dr.View);
            PassGrad(1, dr);
        }
        if (InputCount > 4 && NeedsGrad(4)) PassGrad(4, dz.Sum([0, 1]));
        if (NeedsGrad(0)) PassGrad(0, dz);
        PassGrad(2, dh0);
        PassGrad(3, dc0);
    }
}
