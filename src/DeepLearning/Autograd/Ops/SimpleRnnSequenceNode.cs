using DeepLearning.Devices;
using static DeepLearning.Autograd.Ops.RecurrentKernels;

namespace DeepLearning.Autograd.Ops;

/// <summary>
/// The whole simple (Elman) recurrence as one node (Keras's SimpleRNNCell iterated by keras.backend.rnn).
/// Inputs: xz (batch, time, u) = x·W + b already projected for every step, the recurrent kernel U (u, u) and the
/// initial state h₀ (batch, u). At step k (input time t = k, or T − 1 − k going backwards):
/// h_k = φ(xz_t + h_{k−1}·U); where the mask (batch, time) is 0 the state is carried over (h_k = h_{k−1}).
/// Output: S (time, batch, u) in processing order.
/// </summary>
/// <remarks>The VJP is hand-written BPTT: per step one derivative kernel and one GEMM ∂h_{k−1} = ∂a·Uᵀ;
/// ∂U = Σ_k h_{k−1}ᵀ·∂a_k comes from all steps at once.</remarks>
internal sealed class SimpleRnnSequenceNode(int batch, int steps, int units, bool goBackwards, bool masked, FusedActivation activation) : Node
{
    public override string Name => "SimpleRnnSequence";

    public static Tensor Apply(Tensor xz, Tensor recurrentKernel, Tensor h0, Tensor? mask, bool goBackwards, FusedActivation activation)
    {
        var (b, t, u) = Check("SimpleRnnSequence", 1, xz, recurrentKernel, [h0], mask);
        bool record = Node.ShouldRecord([xz, recurrentKernel, h0]);
        var d = xz.Device;
        var s = xz.EmptyLike(new Shape(t, b, u));
        var pre = xz.EmptyLike(new Shape(t, b, u));      // pre-activations by input time, starting as xz (one copy)
        StridedView rv = recurrentKernel.View, sv = s.View, pv = pre.View;
        StridedView mv = mask is null ? default : mask.View;
        d.Copy(SwapLeading(xz.View), pv);
        for (int k = 0; k < t; k++)
        {
            int time = TimeAt(k, t, goBackwards);
            StridedView hPrev = k == 0 ? h0.View : At(sv, 0, k - 1), h = At(sv, 0, k), a = At(pv, 0, time);
            d.MatMul(hPrev, rv, a, accumulate: true);
            Activate(d, activation, a, h);
            if (mask is not null) d.Select(Repeat(At(mv, 1, time), u), h, hPrev, h);
        }
        if (!record) return s;
        var node = new SimpleRnnSequenceNode(b, t, u, goBackwards, mask is not null, activation);
        node.Save(recurrentKernel);
        node.Save(h0);
        node.Save(s);
        if (mask is not null) node.Save(mask);
        return node.Attach(s, [xz, recurrentKernel, h0]);
    }

    protected internal override void Backward(Tensor grad)
    {
        Tensor rk = GetSaved(0), h0 = GetSaved(1), s = GetSaved(2);
        Tensor? mask = masked ? GetSaved(3) : null;
        var d = rk.Device;
        int b = batch, t = steps, u = units;
        var dx = rk.EmptyLike(new Shape(t, b, u));          // by input time
        var hPrevAll = NeedsGrad(1) ? rk.EmptyLike(new Shape(t, b, u)) : null;
        var carry = Tensor.Zeros(new Shape(b, u), rk.DType, d);
        var dhT = rk.EmptyLike(new Shape(b, u));
        Tensor? pass = mask is null ? null : rk.EmptyLike(new Shape(b, u));
        Tensor? zero = mask is null ? null : Tensor.Zeros(Shape.Scalar, rk.DType, d);
        StridedView gv = grad.View, sv = s.View, dxv = dx.View, cv = carry.View, dh = dhT.View, rT = Transposed(rk.View);
        StridedView mv = mask is null ? default : mask.View;
        for (int k = t - 1; k >= 0; k--)
        {
            int time = TimeAt(k, t, goBackwards);
            StridedView hPrev = k == 0 ? h0.View : At(sv, 0, k - 1);
            d.Binary(BinaryOp.Add, At(gv, 0, k), cv, dh);
            if (mask is not null)
            {
                var m = Repeat(At(mv, 1, time), u);
                var z = Broadcast(zero!, b, u);
                d.Select(m, z, dh, pass!.View);
                d.Select(m, dh, z, dh);
            }
            // At a masked step S[k] holds the carried state, but its gradient row is 0 there, so φ′ never matters.
            var da = At(dxv, 0, time);
            Derivative(d, activation, At(sv, 0, k), dh, da);
            d.MatMul(da, rT, cv);
            if (mask is not null) d.Binary(BinaryOp.Add, cv, pass!.View, cv);
            if (hPrevAll is not null) d.Copy(hPrev, At(hPrevAll.View, 0, time));
        }
        if (NeedsGrad(0))
        {
            var dxz = rk.EmptyLike(new Shape(b, t, u));
            d.Copy(dxv, SwapLeading(dxz.View));
            PassGrad(0, dxz);
        }
        if (hPrevAll is not null)
        {
            var dR = rk.EmptyLike(rk.Shape);
            d.MatMul(Transposed(MergeLeading(hPrevAll.View)), MergeLeading(dxv), dR.View);
            PassGrad(1, dR);
        }
        PassGrad(2, carry);
    }
}
