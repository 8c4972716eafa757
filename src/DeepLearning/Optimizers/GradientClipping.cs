namespace DeepLearning.Optimizers;

/// <summary>
/// Gradient clipping as Keras 3 does it (keras/src/optimizers/base_optimizer.py: <c>_clip_by_norm</c>,
/// <c>clip_by_global_norm</c>, <c>ops.clip</c>), composed from tensor ops so no value is read back to the host.
/// Each returns new tensors; the parameters' <see cref="Tensor.Grad"/> are left as they are.
/// </summary>
internal static class GradientClipping
{
    /// <summary>Per tensor: g · c / max(‖g‖₂, c), so a gradient whose norm exceeds c is rescaled to norm c.</summary>
    public static Tensor ByNorm(Tensor g, double c)
    {
        var norm = g.Square().Sum().Sqrt();
        return g * (c / norm.Clip(c, double.PositiveInfinity));
    }

    /// <summary>All tensors together: with N = √(Σᵢ‖gᵢ‖²), gᵢ · c·min(1/N, 1/c) + (N − N); the last term turns the
    /// scale into NaN when N is infinite or NaN, as Keras's does.</summary>
    public static void ByGlobalNorm(List<Tensor> grads, double c)
    {
        Tensor? total = null;
        foreach (var g in grads)
        {
            var s = g.Square().Sum();
            total = total is null ? s : total + s.Cast(total.DType).To(total.Device);
        }
        if (total is null) return;
        var norm = total.Sqrt();
        var scale = Tensor.Minimum(norm.Reciprocal(), Tensor.Scalar(1 / c, norm.DType, norm.Device)) * c + (norm - norm);
        for (int i = 0; i < grads.Count; i++)
            grads[i] = grads[i] * scale.Cast(grads[i].DType).To(grads[i].Device);
    }

    /// <summary>Element-wise: clip(g, −v, v).</summary>
    public static Tensor ByValue(Tensor g, double v) => g.Clip(-v, v);
}
