using DeepLearning.Devices;

namespace DeepLearning.Autograd.Ops;

/// <summary>A fused op whose last step is an activation f (<see cref="FusedActivation"/>): a dense or convolution layer
/// recorded as one node. <see cref="OutputOpName"/> names the op the composed graph would have ended with.</summary>
internal abstract class ActivationOutputNode(FusedActivation activation) : Node
{
    /// <summary>The activation the op ends with.</summary>
    protected FusedActivation Activation { get; } = activation;

    /// <summary>The name of the last op the node stands for, as the composed graph would name its output's producer
    /// ("Relu", "Sigmoid", "Tanh"; <see cref="Node.Name"/> when linear): the losses' logits check reads it.</summary>
    public string OutputOpName => Activation switch
    {
        FusedActivation.Relu => "Relu",
        FusedActivation.Sigmoid => "Sigmoid",
        FusedActivation.Tanh => "Tanh",
        _ => Name,
    };

    /// <summary>The element-wise part of the backward pass through y = f(z), z = (a product) + b with b broadcast over
    /// the last axis: returns ∂z = g ⊙ f′(y) (g, made contiguous, itself when f is linear) and writes Σ ∂z over every
    /// axis but the last into <paramref name="dbias"/> (<see cref="IFusedKernels.DenseBackward"/>).</summary>
    protected Tensor ActivationBackward(Tensor y, Tensor g, Tensor dbias)
    {
        int n = y.Shape[^1], m = y.ElementCount / Math.Max(n, 1);
        var rows = new Shape(m, n);
        g = g.Contiguous();
        var dz = Activation == FusedActivation.Linear ? g : y.EmptyLike(y.Shape);
        StridedView y2 = StridedView.Contiguous(y.View.Storage, rows, y.View.Offset), g2 = StridedView.Contiguous(g.View.Storage, rows, g.View.Offset),
            dz2 = StridedView.Contiguous(dz.View.Storage, rows, dz.View.Offset);
        var device = y.Device;
        if (device.FusedKernels is { } fused) fused.DenseBackward(y2, g2, dz2, dbias.View, Activation);
        else DenseNode.ComposeBackward(device, y2, g2, dz2, dbias.View, Activation);
        return dz;
    }
}
