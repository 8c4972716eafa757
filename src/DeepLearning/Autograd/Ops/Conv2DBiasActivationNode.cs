using DeepLearning.Devices;

namespace DeepLearning.Autograd.Ops;

/// <summary>
/// A convolution layer as one op while gradients are recorded: y = f(x ⋆ kernel + b) for x (N, H, W, C), kernel
/// (KH, KW, C/groups, OC), b (OC) or none, and an activation f whose derivative follows from its output
/// (<see cref="FusedActivation"/>). The forward pass is one device call (<see cref="IFusedKernels.Conv2DBiasActivation"/>)
/// and the node saves x, the kernel and y, where the composition conv → add → activation kept two more tensors of
/// y's size alive until the end of the step. VJP (the composition's): ∂z = g ⊙ f′(y), ∂b = Σ over N, OH, OW of ∂z,
/// ∂kernel and ∂x the convolution's (<see cref="Conv2DNode"/>) for ∂z.
/// </summary>
internal sealed class Conv2DBiasActivationNode(Conv2DGeometry geometry, FusedActivation activation) : ActivationOutputNode(activation)
{
    public override string Name => "Conv2D";

    /// <summary>Records y = f(xc ⋆ kc + bias) as computed by <paramref name="fused"/>; <paramref name="x"/> and
    /// <paramref name="kernel"/> are the graph's operands, <paramref name="xc"/> and <paramref name="kc"/> their
    /// contiguous copies (<see cref="ConvKernels.Operands"/>), <paramref name="bias"/> (OC) or null.</summary>
    public static Tensor Apply(IFusedKernels fused, Tensor x, Tensor kernel, Tensor? bias, Tensor xc, Tensor kc, in StridedView biasView,
        in Conv2DGeometry g, FusedActivation activation)
    {
        var y = xc.EmptyLike([g.Batch, g.OutHeight, g.OutWidth, g.OutChannels]);
        fused.Conv2DBiasActivation(xc.View, kc.View, biasView, y.View, g, activation);
        var node = new Conv2DBiasActivationNode(g, activation);
        node.Save(xc);
        node.Save(kc);
        node.Save(y);
        return bias is null ? node.Attach(y, x, kernel) : node.Attach(y, [x, bias, kernel]);
    }

    protected internal override void Backward(Tensor g)
    {
        Tensor xc = GetSaved(0), kc = GetSaved(1), y = GetSaved(2);
        var dbias = y.EmptyLike(new Shape(geometry.OutChannels));
        var dz = ActivationBackward(y, g, dbias);
        bool hasBias = InputCount == 3;   // inputs x, bias, kernel, or x, kernel
        int kernelInput = hasBias ? 2 : 1;
        if (hasBias && NeedsGrad(1)) PassGrad(1, dbias);
        if (NeedsGrad(kernelInput)) PassGrad(kernelInput, ConvKernels.BackwardKernel(xc, dz, geometry));
        if (NeedsGrad(0)) PassGrad(0, ConvKernels.BackwardInput(dz, kc, geometry));
    }
}
