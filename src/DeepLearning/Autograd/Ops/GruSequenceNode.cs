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
/// <remarks>The VJP is hand-written BPTT with one or two GEMMs per step; ∂U comes from all steps at once.</remarks>
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
        int kept = record ? t : 1;
        var d = xz.Device;
        var s = xz.EmptyLike(new Shape(t, b, u));
        var gates = xz.EmptyLike(new Shape(kept, b, 3 * u));
        // reset_after: m = h·U + b_rec per step; before: r ⊙ h_{k−1} laid out as xz (for ∂U_h).
        var inner = resetAfter ? xz.EmptyLike(new Shape(kept, b, 3 * u)) : xz.EmptyLike(new Shape(b, kept, u));
        var tmp = xz.EmptyLike(new Shape(b, u));
        StridedView xv = xz.View, rv = recurrentKernel.View, sv = s.View, gv = gates.View, iv = inner.View, tv = tmp.View;
        StridedView mv = mask is null ? default : mask.View;
        for (int k = 0; k < t; k++)
        {
            int time = TimeAt(k, t, goBackwards), slot = record ? k : 0;
            StridedView hPrev = k == 0 ? h0.View : At(sv, 0, k - 1);
            var a = At(gv, 0, slot);
            var xt = At(xv, 1, time);
            StridedView zr = Cols(a, 0, 2 * u), z = Cols(a, 0, u), r = Cols(a, u, u), hh = Cols(a, 2 * u, u);
            if (resetAfter)
            {
                var m = At(iv, 0, slot);
                if (recurrentBias is not null)
                {
                    d.Copy(RepeatRows(recurrentBias.View, b), m);
                    d.MatMul(hPrev, rv, m, accumulate: true);
                }
                else d.MatMul(hPrev, rv, m);
                d.Binary(BinaryOp.Add, Cols(xt, 0, 2 * u), Cols(m, 0, 2 * u), zr);
                Activate(d, recurrentActivation, zr, zr);
                d.Binary(BinaryOp.Mul, r, Cols(m, 2 * u, u), tv);
                d.Binary(BinaryOp.Add, Cols(xt, 2 * u, u), tv, hh);
            }
            else
            {
                d.Copy(Cols(xt, 0, 2 * u), zr);
                d.MatMul(hPrev, Cols(rv, 0, 2 * u), zr, accumulate: true);
                Activate(d, recurrentActivation, zr, zr);
                var rh = At(iv, 1, record ? time : 0);
                d.Binary(BinaryOp.Mul, r, hPrev, rh);
                d.Copy(Cols(xt, 2 * u, u), hh);
                d.MatMul(rh, Cols(rv, 2 * u, u), hh, accumulate: true);
            }
            Activate(d, activation, hh, hh);
            // h = z ⊙ h_{k−1} + (1 − z) ⊙ ĥ, in Keras's order of operations.
            var h = At(sv, 0, k);
            d.Binary(BinaryOp.Mul, z, hPrev, h);
            d.Unary(UnaryOp.RSubScalar, z, tv, 1);
            d.Binary(BinaryOp.Mul, tv, hh, tv);
            d.Binary(BinaryOp.Add, h, tv, h);
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
        var dx = rk.EmptyLike(new Shape(b, t, 3 * u));                   // ∂L/∂xz
        var dm = resetAfter ? rk.EmptyLike(new Shape(b, t, 3 * u)) : null;  // ∂L/∂(h·U + b_rec)
        bool needR = NeedsGrad(1);
        var hPrevAll = needR ? rk.EmptyLike(new Shape(b, t, u)) : null;
        var carry = Tensor.Zeros(new Shape(b, u), rk.DType, d);
        var dhT = rk.EmptyLike(new Shape(b, u));
        var tmp1 = rk.EmptyLike(new Shape(b, u));
        var tmp2 = rk.EmptyLike(new Shape(b, u));
        Tensor? pass = mask is null ? null : rk.EmptyLike(new Shape(b, u));
        Tensor? zero = mask is null ? null : Tensor.Zeros(Shape.Scalar, rk.DType, d);
        StridedView gv = grad.View, sv = s.View, av = gates.View, iv = inner.View, rv = rk.View;
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
            var a = At(av, 0, k);
            StridedView zr = Cols(a, 0, 2 * u), z = Cols(a, 0, u), r = Cols(a, u, u), hh = Cols(a, 2 * u, u);
            var dxt = At(dxv, 1, time);
            StridedView dzr = Cols(dxt, 0, 2 * u), dz = Cols(dxt, 0, u), dr = Cols(dxt, u, u), dhh = Cols(dxt, 2 * u, u);
            d.Unary(UnaryOp.RSubScalar, z, t1, 1);
            d.Binary(BinaryOp.Mul, dh, t1, dhh);                  // ∂ĥ = ∂h ⊙ (1 − z)
            Derivative(d, activation, hh, dhh, dhh);             // ∂ before φ
            d.Binary(BinaryOp.Sub, hPrev, hh, t1);
            d.Binary(BinaryOp.Mul, dh, t1, dz);                   // ∂z = ∂h ⊙ (h_{k−1} − ĥ)
            if (resetAfter)
            {
                var m = At(iv, 0, k);
                d.Binary(BinaryOp.Mul, dhh, Cols(m, 2 * u, u), dr);
                Derivative(d, recurrentActivation, zr, dzr, dzr);
                var dmt = At(dm!.View, 1, time);
                d.Copy(dzr, Cols(dmt, 0, 2 * u));
                d.Binary(BinaryOp.Mul, dhh, r, Cols(dmt, 2 * u, u));
                d.MatMul(dmt, Transposed(rv), cv);               // ∂h_{k−1} through U
            }
            else
            {
                d.MatMul(dhh, Transposed(Cols(rv, 2 * u, u)), t2); // ∂(r ⊙ h_{k−1})
                d.Binary(BinaryOp.Mul, t2, hPrev, dr);
                Derivative(d, recurrentActivation, zr, dzr, dzr);
                d.MatMul(dzr, Transposed(Cols(rv, 0, 2 * u)), cv);
                d.Binary(BinaryOp.Mul, t2, r, t1);
                d.Binary(BinaryOp.Add, cv, t1, cv);
            }
            d.Binary(BinaryOp.Mul, dh, z, t1);                    // direct path z ⊙ ∂h
            d.Binary(BinaryOp.Add, cv, t1, cv);
            if (mask is not null) d.Binary(BinaryOp.Add, cv, pass!.View, cv);
            if (hPrevAll is not null) d.Copy(hPrev, At(hPrevAll.View, 1, time));
        }
        PassGrad(0, dx);
        if (hPrevAll is not null)
        {
            var dR = rk.EmptyLike(rk.Shape);
            var hT = Transposed(MergeLeading(hPrevAll.View));
            if (resetAfter) d.MatMul(hT, MergeLeading(dm!.View), dR.View);
            else
            {
                var dxm = MergeLeading(dxv);
                d.MatMul(hT, Cols(dxm, 0, 2 * u), Cols(dR.View, 0, 2 * u));
                d.MatMul(Transposed(MergeLeading(iv)), Cols(dxm, 2 * u, u), Cols(dR.View, 2 * u, u));
            }
            PassGrad(1, dR);
        }
        PassGrad(2, carry);
        if (hasBias && NeedsGrad(3)) PassGrad(3, dm!.Sum([0, 1]));
    }
}
