using DeepLearning.Devices;
using static DeepLearning.Autograd.Ops.RecurrentKernels;

namespace DeepLearning.Autograd.Ops;

/// <summary>
/// The whole GRU recurrence as one node (Keras's GRUCell, implementation 2, iterated by keras.backend.rnn).
/// Inputs: xz (batch, time, 3u) = x·W + b_in already projected for every step, the recurrent kernel U (u, 3u) with
/// Keras's gate order z, r, h, the initial state h₀ (batch, u) and, with reset_after, the recurrent bias b_rec (3u).
/// At step k (input time t = k, or T − 1 − k going backwards), with σ the recurrent activation and φ the activation:
/// <list type="bullet">
/// <item>reset_after (default, CuDNN-compatible): m = h_{k−1}·U + b_rec; z = σ(xz_z + m_z); r = σ(xz_r + m_r);
/// ĥ = φ(xz_h + r ⊙ m_h).</item>
/// <item>reset before: z = σ(xz_z + h_{k−1}·U_z); r = σ(xz_r + h_{k−1}·U_r); ĥ = φ(xz_h + (r ⊙ h_{k−1})·U_h).</item>
/// </list>
/// h_k = z ⊙ h_{k−1} + (1 − z) ⊙ ĥ. Where the mask (batch, time) is 0 the state is carried over (h_k = h_{k−1}).
/// Output: S (time, batch, u) in processing order.
/// </summary>
/// <remarks>Buffers are gate-major, (gate, time, batch, u), so the element-wise kernels of a step work on dense
/// (batch, u) blocks; per step one batched GEMM forward (two with reset before) and one GEMM per gate backward;
/// ∂U and ∂b_rec come at the end from all steps at once.</remarks>
internal sealed class GruSequenceNode(int batch, int steps, int units, bool goBackwards, bool masked, bool resetAfter, bool hasBias,
    FusedActivation activation, FusedActivation recurrentActivation) : Node
{
    public override string Name => "GruSequence";

    public static Tensor Apply(Tensor xz, Tensor recurrentKernel, Tensor h0, Tensor? recurrentBias, Tensor? mask, bool goBackwards,
        bool resetAfter, FusedActivation activation, FusedActivation recurrentActivation)
    {
        var (b, t, u) = Check("GruSequence", 3, xz, recurrentKernel, [h0], mask);
        if (recurrentBias is not null)
        {
            if (!resetAfter) throw new ArgumentException("GruSequence: a recurrent bias exists only with reset_after.");
            OpChecks.SameDeviceAndDType("GruSequence", xz, recurrentBias);
            if (recurrentBias.Shape != new Shape(3 * u))
                throw new ArgumentException($"GruSequence: the recurrent bias must have shape ({3 * u}); got {recurrentBias.Shape}.");
        }
        Tensor[] inputs = recurrentBias is null ? [xz, recurrentKernel, h0] : [xz, recurrentKernel, h0, recurrentBias];
        bool record = Node.ShouldRecord(inputs);
        var d = xz.Device;
        var s = xz.EmptyLike(new Shape(t, b, u));
        // Gate-major buffers indexed by input time. Gates [z, r, ĥ] start as xz (one copy); reset_after: m = h·U + b_rec
        // (filled with b_rec in one copy, each step adds h·U); before: r ⊙ h_{k−1}, kept for ∂U_h.
        var gates = xz.EmptyLike(new Shape(3, t, b, u));
        var inner = resetAfter ? xz.EmptyLike(new Shape(3, t, b, u)) : xz.EmptyLike(new Shape(record ? t : 1, b, u));
        var tmp = xz.EmptyLike(new Shape(b, u));
        StridedView rBlocks = GateBlocks(recurrentKernel.View, 3), sv = s.View, gv = gates.View, iv = inner.View, tv = tmp.View;
        StridedView mv = mask is null ? default : mask.View;
        d.Copy(GateMajor(xz.View, 3), gv);
        if (resetAfter && recurrentBias is not null)
        {
            var bias = recurrentBias.View;
            d.Copy(new StridedView(bias.Storage, bias.Offset, inner.Shape, new Strides(u * bias.Strides[0], 0, 0, bias.Strides[0])), iv);
        }
        for (int k = 0; k < t; k++)
        {
            int time = TimeAt(k, t, goBackwards);
            StridedView hPrev = k == 0 ? h0.View : At(sv, 0, k - 1);
            var a = At(gv, 1, time);
            var h = At(sv, 0, k);
            if (resetAfter)
            {
                var m = At(iv, 1, time);
                d.MatMul(Repeated(hPrev, 3), rBlocks, m, accumulate: recurrentBias is not null);
                GruCell.Forward(d, a, m, hPrev, h, tv, activation, recurrentActivation);
            }
            else
            {
                StridedView zr = Slice(a, 0, 0, 2), r = At(a, 0, 1), hh = At(a, 0, 2);
                d.MatMul(Repeated(hPrev, 2), Slice(rBlocks, 0, 0, 2), zr, accumulate: true);
                Activate(d, recurrentActivation, zr, zr);
                var rh = At(iv, 0, record ? time : 0);
                d.Binary(BinaryOp.Mul, r, hPrev, rh);
                d.MatMul(rh, At(rBlocks, 0, 2), hh, accumulate: true);
                Activate(d, activation, hh, hh);
                GruCell.Output(d, At(a, 0, 0), hh, hPrev, h, tv);
            }
            if (mask is not null) d.Select(Repeat(At(mv, 1, time), u), h, hPrev, h);
        }
        if (!record) return s;
        var node = new GruSequenceNode(b, t, u, goBackwards, mask is not null, resetAfter, recurrentBias is not null, activation, recurrentActivation);
        node.Save(recurrentKernel);
        node.Save(h0);
        node.Save(gates);
        node.Save(inner);
        node.Save(s);
        if (mask is not null) node.Save(mask);
        return node.Attach(s, inputs);
    }

    protected internal override void Backward(Tensor grad)
    {
        Tensor rk = GetSaved(0), h0 = GetSaved(1), gates = GetSaved(2), inner = GetSaved(3), s = GetSaved(4);
        Tensor? mask = masked ? GetSaved(5) : null;
        var d = rk.Device;
        int b = batch, t = steps, u = units;
        var dx = rk.EmptyLike(new Shape(3, t, b, u));                      // ∂L/∂xz, gate-major, by input time
        var dm = resetAfter ? rk.EmptyLike(new Shape(3, t, b, u)) : null;   // ∂L/∂(h·U + b_rec)
        var hPrevAll = NeedsGrad(1) ? rk.EmptyLike(new Shape(t, b, u)) : null;
        var carry = Tensor.Zeros(new Shape(b, u), rk.DType, d);
        var dhT = rk.EmptyLike(new Shape(b, u));
        var tmp1 = rk.EmptyLike(new Shape(b, u));
        var tmp2 = rk.EmptyLike(new Shape(b, u));
        Tensor? pass = mask is null ? null : rk.EmptyLike(new Shape(b, u));
        Tensor? zero = mask is null ? null : Tensor.Zeros(Shape.Scalar, rk.DType, d);
        StridedView gv = grad.View, sv = s.View, av = gates.View, iv = inner.View, rBlocks = GateBlocks(rk.View, 3);
        StridedView dxv = dx.View, cv = carry.View, dh = dhT.View, t1 = tmp1.View, t2 = tmp2.View;
        StridedView mv = mask is null ? default : mask.View;
        for (int k = t - 1; k >= 0; k--)
        {
            int time = TimeAt(k, t, goBackwards);
            StridedView hPrev = k == 0 ? h0.View : At(sv, 0, k - 1);
            d.Binary(BinaryOp.Add, At(gv, 0, k), cv, dh);
            if (mask is not null)
            {
                var m = Repeat(At(mv, 1, time), u);
                var zr0 = Broadcast(zero!, b, u);
                d.Select(m, zr0, dh, pass!.View);
                d.Select(m, dh, zr0, dh);
            }
            var a = At(av, 1, time);
            var dxt = At(dxv, 1, time);
            if (resetAfter)
            {
                var dmt = At(dm!.View, 1, time);
                GruCell.Backward(d, a, At(iv, 1, time), hPrev, dh, dxt, dmt, t1, activation, recurrentActivation);
                for (int j = 0; j < 3; j++)                       // ∂h_{k−1} through U
                    d.MatMul(At(dmt, 0, j), Transposed(At(rBlocks, 0, j)), cv, accumulate: j > 0);
                d.Binary(BinaryOp.Add, cv, t1, cv);                // and the direct path z ⊙ ∂h
            }
            else
            {
                StridedView zr = Slice(a, 0, 0, 2), z = At(a, 0, 0), r = At(a, 0, 1);
                StridedView dzr = Slice(dxt, 0, 0, 2), dz = At(dxt, 0, 0), dr = At(dxt, 0, 1), dhh = At(dxt, 0, 2);
                GruCell.UpdateAndCandidateGrads(d, a, hPrev, dh, dxt, t1, activation);
                d.MatMul(dhh, Transposed(At(rBlocks, 0, 2)), t2); // ∂(r ⊙ h_{k−1})
                d.Binary(BinaryOp.Mul, t2, hPrev, dr);
                Derivative(d, recurrentActivation, zr, dzr, dzr);
                d.MatMul(dz, Transposed(At(rBlocks, 0, 0)), cv);
                d.MatMul(dr, Transposed(At(rBlocks, 0, 1)), cv, accumulate: true);
                d.Binary(BinaryOp.Mul, t2, r, t1);
                d.Binary(BinaryOp.Add, cv, t1, cv);
                d.Binary(BinaryOp.Mul, dh, z, t1);                // direct path z ⊙ ∂h
                d.Binary(BinaryOp.Add, cv, t1, cv);
            }
            if (mask is not null) d.Binary(BinaryOp.Add, cv, pass!.View, cv);
            if (hPrevAll is not null) d.Copy(hPrev, At(hPrevAll.View, 0, time));
        }
        if (NeedsGrad(0))
        {
            var dxz = rk.EmptyLike(new Shape(b, t, 3 * u));
            d.Copy(dxv, GateMajor(dxz.View, 3));
            PassGrad(0, dxz);
        }
        if (hPrevAll is not null)
        {
            var dR = rk.EmptyLike(rk.Shape);
            var hT = Transposed(MergeLeading(hPrevAll.View));
            var dRBlocks = GateBlocks(dR.View, 3);
            if (resetAfter) d.MatMul(Repeated(hT, 3), MergeInner(dm!.View), dRBlocks);
            else
            {
                var dxm = MergeInner(dxv);
                d.MatMul(Repeated(hT, 2), Slice(dxm, 0, 0, 2), Slice(dRBlocks, 0, 0, 2));
                d.MatMul(Transposed(MergeLeading(iv)), At(dxm, 0, 2), At(dRBlocks, 0, 2));
            }
            PassGrad(1, dR);
        }
        PassGrad(2, carry);
        if (hasBias && NeedsGrad(3)) PassGrad(3, dm!.Sum([1, 2]).Reshape(3 * u));
    }
}
