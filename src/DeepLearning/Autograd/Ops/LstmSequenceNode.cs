using DeepLearning.Devices;
using static DeepLearning.Autograd.Ops.RecurrentKernels;

namespace DeepLearning.Autograd.Ops;

/// <summary>
/// The whole LSTM recurrence as one node (Keras's LSTMCell, implementation 2, iterated by keras.backend.rnn).
/// Inputs: xz (batch, time, 4u) = x·W + b already projected for every step, the recurrent kernel U (u, 4u) with
/// Keras's gate order i, f, c, o, and the initial states h₀, c₀ (batch, u). At step k (input time
/// t = k, or T − 1 − k going backwards):
/// z = xz_t + h_{k−1}·U; i = σ(z_i), f = σ(z_f), g = φ(z_c), o = σ(z_o); c_k = f ⊙ c_{k−1} + i ⊙ g;
/// h_k = o ⊙ φ(c_k), with σ the recurrent activation and φ the activation. Where the mask (batch, time) is 0
/// the state is carried over unchanged (h_k = h_{k−1}, c_k = c_{k−1}), as keras.backend.rnn does.
/// Output: S (time, 2, batch, u) in processing order, S[k, 0] = h_k and S[k, 1] = c_k.
/// </summary>
/// <remarks>
/// Buffers are gate-major, (gate, time, batch, u), so every element-wise kernel of a step works on dense
/// (batch, u) blocks. The forward copies xz into the gate buffer once, then per step adds h_{k−1}·U with one
/// batched GEMM over the four gates and one <see cref="LstmCell"/> step (one fused kernel, or seven element-wise
/// ones); the gate activations and φ(c_k) are kept for the backward pass. The VJP is hand-written BPTT: per step one
/// backward <see cref="LstmCell"/> step (fused, or eleven element-wise kernels) and
/// ∂h_{k−1} = Σ_j ∂z_j·U_jᵀ; ∂U = Σ_k h_{k−1}ᵀ·∂z_k comes at the end from all steps at once (one batched GEMM
/// over batch·time rows) and ∂xz = ∂z.
/// </remarks>
internal sealed class LstmSequenceNode(int batch, int steps, int units, bool goBackwards, bool masked, FusedActivation activation,
    FusedActivation recurrentActivation) : Node
{
    public override string Name => "LstmSequence";

    public static Tensor Apply(Tensor xz, Tensor recurrentKernel, Tensor h0, Tensor c0, Tensor? mask, bool goBackwards,
        FusedActivation activation, FusedActivation recurrentActivation)
    {
        var (b, t, u) = Check("LstmSequence", 4, xz, recurrentKernel, [h0, c0], mask);
        bool record = Node.ShouldRecord([xz, recurrentKernel, h0, c0]);
        var d = xz.Device;
        var s = xz.EmptyLike(new Shape(t, 2, b, u));
        var gates = xz.EmptyLike(new Shape(4, t, b, u));     // indexed by input time
        var actC = xz.EmptyLike(new Shape(record ? t : 1, b, u));
        var tmp = xz.EmptyLike(new Shape(b, u));
        StridedView rBlocks = GateBlocks(recurrentKernel.View, 4), sv = s.View, gv = gates.View, av = actC.View, tv = tmp.View;
        StridedView mv = mask is null ? default : mask.View;
        d.Copy(GateMajor(xz.View, 4), gv);
        for (int k = 0; k < t; k++)
        {
            int time = TimeAt(k, t, goBackwards);
            StridedView hPrev = k == 0 ? h0.View : At(At(sv, 0, k - 1), 0, 0);
            StridedView cPrev = k == 0 ? c0.View : At(At(sv, 0, k - 1), 0, 1);
            var z = At(gv, 1, time);
            d.MatMul(Repeated(hPrev, 4), rBlocks, z, accumulate: true);
            var sk = At(sv, 0, k);
            StridedView h = At(sk, 0, 0), c = At(sk, 0, 1), phiC = At(av, 0, record ? time : 0);
            LstmCell.Forward(d, z, cPrev, c, h, phiC, tv, activation, recurrentActivation);
            if (mask is not null)
            {
                var m = Repeat(At(mv, 1, time), u);
                d.Select(m, h, hPrev, h);
                d.Select(m, c, cPrev, c);
            }
        }
        if (!record) return s;
        var node = new LstmSequenceNode(b, t, u, goBackwards, mask is not null, activation, recurrentActivation);
        node.Save(recurrentKernel);
        node.Save(h0);
        node.Save(c0);
        node.Save(gates);
        node.Save(actC);
        node.Save(s);
        if (mask is not null) node.Save(mask);
        return node.Attach(s, [xz, recurrentKernel, h0, c0]);
    }

    protected internal override void Backward(Tensor grad)
    {
        Tensor r = GetSaved(0), h0 = GetSaved(1), c0 = GetSaved(2), gates = GetSaved(3), actC = GetSaved(4), s = GetSaved(5);
        Tensor? mask = masked ? GetSaved(6) : null;
        var d = r.Device;
        int b = batch, t = steps, u = units;
        var dz = r.EmptyLike(new Shape(4, t, b, u));            // ∂L/∂z, gate-major, by input time
        var hPrevAll = NeedsGrad(1) ? r.EmptyLike(new Shape(t, b, u)) : null;
        var dhT = r.EmptyLike(new Shape(b, u));
        var dcT = r.EmptyLike(new Shape(b, u));
        var dTotal = r.EmptyLike(new Shape(b, u));
        var carryH = Tensor.Zeros(new Shape(b, u), r.DType, d);
        var carryC = Tensor.Zeros(new Shape(b, u), r.DType, d);
        Tensor? passH = null, passC = null, zero = null;
        if (mask is not null)
        {
            passH = r.EmptyLike(new Shape(b, u));
            passC = r.EmptyLike(new Shape(b, u));
            zero = Tensor.Zeros(Shape.Scalar, r.DType, d);
        }
        StridedView gv = grad.View, sv = s.View, zv = gates.View, av = actC.View, dzv = dz.View, rBlocks = GateBlocks(r.View, 4);
        StridedView dh = dhT.View, dc = dcT.View, ch = carryH.View, cc = carryC.View, dt = dTotal.View;
        StridedView mv = mask is null ? default : mask.View;
        for (int k = t - 1; k >= 0; k--)
        {
            int time = TimeAt(k, t, goBackwards);
            StridedView hPrev = k == 0 ? h0.View : At(At(sv, 0, k - 1), 0, 0);
            StridedView cPrev = k == 0 ? c0.View : At(At(sv, 0, k - 1), 0, 1);
            var gk = At(gv, 0, k);
            d.Binary(BinaryOp.Add, At(gk, 0, 0), ch, dh);
            d.Binary(BinaryOp.Add, At(gk, 0, 1), cc, dc);
            if (mask is not null)
            {
                // Masked rows pass their whole gradient to the carried state; the cell gets none.
                var m = Repeat(At(mv, 1, time), u);
                var zr = Broadcast(zero!, b, u);
                d.Select(m, zr, dh, passH!.View);
                d.Select(m, zr, dc, passC!.View);
                d.Select(m, dh, zr, dh);
                d.Select(m, dc, zr, dc);
            }
            var dzk = At(dzv, 1, time);
            LstmCell.Backward(d, At(zv, 1, time), At(av, 0, time), cPrev, dh, dc, dzk, cc, dt, activation, recurrentActivation);
            for (int j = 0; j < 4; j++)                            // ∂h_{k−1} = Σ_j ∂z_j·U_jᵀ
                d.MatMul(At(dzk, 0, j), Transposed(At(rBlocks, 0, j)), ch, accumulate: j > 0);
            if (mask is not null)
            {
                d.Binary(BinaryOp.Add, ch, passH!.View, ch);
                d.Binary(BinaryOp.Add, cc, passC!.View, cc);
            }
            if (hPrevAll is not null) d.Copy(hPrev, At(hPrevAll.View, 0, time));
        }
        if (NeedsGrad(0))
        {
            var dxz = r.EmptyLike(new Shape(b, t, 4 * u));
            d.Copy(dzv, GateMajor(dxz.View, 4));
            PassGrad(0, dxz);
        }
        if (hPrevAll is not null)
        {
            var dr = r.EmptyLike(r.Shape);
            d.MatMul(Repeated(Transposed(MergeLeading(hPrevAll.View)), 4), MergeInner(dzv), GateBlocks(dr.View, 4));
            PassGrad(1, dr);
        }
        PassGrad(2, carryH);
        PassGrad(3, carryC);
    }
}
