using DeepLearning.Devices;

namespace DeepLearning.Autograd.Ops;

/// <summary>
/// A dense layer as one op: y = f(x·W + b) for x (m, k), W (k, n), b (n) and an activation f whose derivative follows
/// from its output (<see cref="FusedActivation"/>). The forward pass is one device call
/// (<see cref="IFusedKernels.DenseForward"/>: the CPU adds b and applies f while each tile of the product is in cache)
/// and the node saves x, W and y instead of the three intermediate tensors of matmul → add → activation.
/// VJP (the composition's): ∂z = g ⊙ f′(y), ∂b = Σᵢ ∂zᵢ (<see cref="IFusedKernels.DenseBackward"/>), ∂W = xᵀ·∂z,
/// ∂x = ∂z·Wᵀ.
/// </summary>
internal sealed class DenseNode(FusedActivation activation) : ActivationOutputNode(activation)
{
    public override string Name => "Dense";

    /// <summary>y = f(x·W + b), recorded for autograd.</summary>
    /// <exception cref="ArgumentException">The operands do not fit (x (m, k), W (k, n), b (n), one floating dtype and
    /// device).</exception>
    public static Tensor Apply(Tensor x, Tensor kernel, Tensor bias, FusedActivation activation)
    {
        OpChecks.SameDeviceAndDType("Dense", x, kernel);
        OpChecks.SameDeviceAndDType("Dense", x, bias);
        OpChecks.Floating("Dense", x);
        if (x.Rank != 2 || kernel.Rank != 2 || bias.Rank != 1 || x.Shape[1] != kernel.Shape[0] || bias.Shape[0] != kernel.Shape[1])
            throw new ArgumentException($"Dense: x {x.Shape}, kernel {kernel.Shape} and bias {bias.Shape} do not fit (m, k), (k, n) and (n).");
        var y = x.EmptyLike(new Shape(x.Shape[0], kernel.Shape[1]));
        var device = x.Device;
        if (device.FusedKernels is { } fused) fused.DenseForward(x.View, kernel.View, bias.View, y.View, activation);
        else ComposeForward(device, x.View, kernel.View, bias.View, y.View, activation);
        if (!GradMode.IsEnabled || !(x.RequiresGrad || kernel.RequiresGrad || bias.RequiresGrad)) return y;
        var node = new DenseNode(activation);
        node.Save(x);
        node.Save(kernel);
        node.Save(y);
        // Inputs in the order their gradients are ready: the bias's comes first, then the kernel's.
        return node.Attach(y, [x, bias, kernel]);
    }

    /// <summary>The forward pass from core kernels: y = x·W, y += b (broadcast over the rows), y = f(y).</summary>
    public static void ComposeForward(Device d, in StridedView x, in StridedView kernel, in StridedView bias, in StridedView y,
        FusedActivation activation)
    {
        d.MatMul(x, kernel, y);
        d.Binary(BinaryOp.Add, y, RowBroadcast(bias, y.Shape), y);
        RecurrentKernels.Activate(d, activation, y, y);
    }

    /// <summary>The backward element-wise pass from core kernels: dz = g ⊙ f′(y), then dbias = Σ over the rows of dz.</summary>
    public static void ComposeBackward(Device d, in StridedView y, in StridedView g, in StridedView dz, in StridedView dbias,
        FusedActivation activation)
    {
        RecurrentKernels.Derivative(d, activation, y, g, dz);
        d.Reduce(ReduceOp.Sum, dz, new StridedView(dbias.Storage, dbias.Offset, new Shape(1, dbias.Shape[0]), new Strides(0, dbias.Strides[0])));
    }

    /// <summary>The (n) bias seen as (m, n), each row the same.</summary>
    private static StridedView RowBroadcast(in StridedView bias, Shape shape) =>
        new(bias.Storage, bias.Offset, shape, new Strides(0, bias.Strides[0]));

    protected internal override void Backward(Tensor g)
    {
        Tensor x = GetSaved(0), kernel = GetSaved(1), y = GetSaved(2);
        var dbias = y.EmptyLike(new Shape(y.Shape[1]));
        var dz = ActivationBackward(y, g, dbias);
        if (NeedsGrad(1)) PassGrad(1, dbias);
        // The kernel's gradient (a leaf) takes its product straight from the GEMM.
        if (NeedsGrad(2) && !BackwardEngine.TryAccumulateProduct(GetInput(2), x.Transpose(), dz))
            PassGrad(2, x.Transpose().MatMul(dz));
        if (NeedsGrad(0) && !BackwardEngine.TryAccumulateProduct(GetInput(0), dz, kernel.Transpose()))
            PassGrad(0, dz.MatMul(kernel.Transpose()));
    }
}
