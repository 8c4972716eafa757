using DeepLearning.Devices;

namespace DeepLearning.Optimizers;

/// <summary>
/// The optimizer updates a device may run in one pass (<see cref="IFusedKernels.AdamUpdate"/>,
/// <see cref="IFusedKernels.SgdMomentumUpdate"/>). Each Try method runs the fused kernel and returns true when the
/// parameter's device offers it and every tensor is contiguous; otherwise it returns false and the optimizer
/// composes the same formula from tensor ops.
/// </summary>
internal static class FusedUpdates
{
    /// <summary>m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; θ ← θ − α·m/(√v + ε), fused when possible.</summary>
    public static bool TryAdam(Tensor parameter, Tensor gradient, Tensor m, Tensor v, double alpha, double beta1, double beta2, double epsilon)
    {
        if (parameter.Device.FusedKernels is not { } fused || !Fits(parameter, gradient, m, v)) return false;
        parameter.CheckInPlace("Adam");
        fused.AdamUpdate(parameter.View, gradient.View, m.View, v.View, alpha, beta1, beta2, epsilon);
        Modified(parameter, m, v);
        return true;
    }

    /// <summary>m ← βm − ηg; θ ← θ + m (Nesterov: θ ← θ + βm − ηg), fused when possible.</summary>
    public static bool TrySgdMomentum(Tensor parameter, Tensor gradient, Tensor m, double learningRate, double momentum, bool nesterov)
    {
        if (parameter.Device.FusedKernels is not { } fused || !Fits(parameter, gradient, m, m)) return false;
        parameter.CheckInPlace("SGD");
        fused.SgdMomentumUpdate(parameter.View, gradient.View, m.View, learningRate, momentum, nesterov);
        Modified(parameter, m, m);
        return true;
    }

    private static bool Fits(Tensor parameter, Tensor gradient, Tensor a, Tensor b)
    {
        foreach (var t in (ReadOnlySpan<Tensor>)[gradient, a, b])
            if (t.Device != parameter.Device || t.DType != parameter.DType || t.Shape != parameter.Shape || !t.View.IsContiguous) return false;
        return parameter.View.IsContiguous && parameter.DType.IsFloating();
    }

    private static void Modified(Tensor parameter, Tensor a, Tensor b)
    {
        parameter.MarkModified();
        a.MarkModified();
        if (!ReferenceEquals(a, b)) b.MarkModified();
    }
}
