namespace DeepLearning.Devices;

/// <summary>
/// Kernels a device may accelerate beyond the core set of <see cref="Device"/>: activation derivatives, the
/// element-wise part of an LSTM or GRU step, a convolution layer's forward pass (bias, activation and pooling
/// included), and the Adam and SGD-momentum updates, each in one pass. Implementing this
/// interface is optional: the core composes every one of these from the core kernels when a device does not
/// implement it, or when <see cref="Device.FusedKernelsEnabled"/> is false, and the fused and composed paths agree
/// to float tolerance (the conformance suite runs both). A fused kernel never adds a semantic: each method's
/// formula is exactly the composition it replaces.
/// </summary>
/// <remarks>
/// The core calls these only with views of this device whose shapes and dtypes it has checked (float32 or float64;
/// int32 where <see cref="ActivationDerivativeInfo.SupportsInteger"/> allows); an implementation still checks each
/// view's device, dtype, extent and shape (<see cref="FusedKernelChecks"/>), because the methods are public.
/// The LSTM kernels receive views whose last axis is dense (stride 1), the updates and the convolutions contiguous
/// views (the core composes the kernel itself for any other layout). Unless noted, outputs do not alias inputs.
/// </remarks>
public interface IFusedKernels
{
    /// <summary>y = g·f′(p; α, β) element-wise for an <see cref="ActivationDerivative"/>; p, g and y have the same
    /// shape and dtype, any strides, and y may be the same view as g.</summary>
    void ActivationBackward(ActivationDerivative op, in StridedView p, in StridedView g, in StridedView y, double alpha, double beta);

    /// <summary>
    /// The element-wise part of one LSTM step (Keras's LSTMCell, gate order i, f, c, o), after the recurrent GEMM
    /// has added h_{k−1}·U into <paramref name="gates"/>. <paramref name="gates"/> (4, batch, units) holds the
    /// pre-activations z and is overwritten in place by i = σ(z_i), f = σ(z_f), ĝ = φ(z_c), o = σ(z_o); then
    /// c = f ⊙ c_{k−1} + i ⊙ ĝ, φc = φ(c), h = o ⊙ φc, with σ = <paramref name="recurrentActivation"/> and
    /// φ = <paramref name="activation"/>. <paramref name="cPrev"/>, <paramref name="c"/>, <paramref name="h"/> and
    /// <paramref name="phiC"/> are (batch, units).
    /// </summary>
    void LstmCellForward(in StridedView gates, in StridedView cPrev, in StridedView c, in StridedView h, in StridedView phiC,
        FusedActivation activation, FusedActivation recurrentActivation);

    /// <summary>
    /// The element-wise part of one LSTM step's backward pass. Inputs: the activated <paramref name="gates"/>
    /// (4, batch, units) i, f, ĝ, o of <see cref="LstmCellForward"/>, its <paramref name="phiC"/> = φ(c_k), the
    /// previous cell state <paramref name="cPrev"/>, and the gradients <paramref name="dh"/> = ∂L/∂h_k and
    /// <paramref name="dc"/> = ∂L/∂c_k from later steps (all (batch, units)). With ∂c = ∂h ⊙ o ⊙ φ′ + ∂c:
    /// <paramref name="dGates"/> (4, batch, units) receives the pre-activation gradients ∂z_i = ∂c ⊙ ĝ ⊙ σ′(i),
    /// ∂z_f = ∂c ⊙ c_{k−1} ⊙ σ′(f), ∂z_c = ∂c ⊙ i ⊙ φ′(ĝ), ∂z_o = ∂h ⊙ φc ⊙ σ′(o), and <paramref name="dcPrev"/>
    /// (batch, units) receives ∂L/∂c_{k−1} = ∂c ⊙ f; each derivative is taken through the output
    /// (<see cref="FusedActivation"/>).
    /// </summary>
    void LstmCellBackward(in StridedView gates, in StridedView phiC, in StridedView cPrev, in StridedView dh, in StridedView dc,
        in StridedView dGates, in StridedView dcPrev, FusedActivation activation, FusedActivation recurrentActivation);

    /// <summary>
    /// The whole forward recurrence of an LSTM (Keras's LSTMCell iterated by keras.backend.rnn): for k = 0 … T − 1 in
    /// processing order, with input time t = k (or T − 1 − k when <paramref name="goBackwards"/>),
    /// z = gates[:, t] + h_{k−1}·U, then the cell of <see cref="LstmCellForward"/> on z's four (batch, units) blocks,
    /// and where <paramref name="mask"/>[b, t] is 0 row b keeps its state (h_k = h_{k−1}, c_k = c_{k−1}).
    /// <paramref name="gates"/> (batch, time, 4·units) holds the projected inputs x·W + b on entry and every step's
    /// activated gates i, f, ĝ, o on return; <paramref name="recurrentKernel"/> U is (units, 4·units); h₀ =
    /// <paramref name="h0"/> and c₀ = <paramref name="c0"/> are (batch, units); <paramref name="mask"/> is (batch, time)
    /// of the gates' dtype, or a default view (no storage) for none. Outputs: <paramref name="states"/>
    /// (time, 2, batch, units) with states[k, 0] = h_k and states[k, 1] = c_k, and <paramref name="phiC"/> φ(c) of
    /// every step at its input time (time, batch, units), or (1, batch, units) when the caller keeps none (each
    /// step overwrites it). Every view but the mask has a dense last axis. The default implementation composes the
    /// recurrence step by step (one GEMM over the batch and one <see cref="LstmCellForward"/> per step).
    /// </summary>
    void LstmSequenceForward(in StridedView gates, in StridedView recurrentKernel, in StridedView h0, in StridedView c0, in StridedView mask,
        in StridedView states, in StridedView phiC, bool goBackwards, FusedActivation activation, FusedActivation recurrentActivation) =>
        Autograd.Ops.LstmSequence.ComposeForward(states.Storage.Device, gates, recurrentKernel, h0, c0, mask, states, phiC, goBackwards,
            activation, recurrentActivation);

    /// <summary>
    /// The backward recurrence (BPTT) of <see cref="LstmSequenceForward"/>, for k = T − 1 … 0: ∂h = grad[k, 0] + ∂h
    /// carried from step k + 1 and ∂c = grad[k, 1] + ∂c carried (both zero at k = T − 1); where the mask is 0 both pass
    /// to step k − 1 unchanged and the step's ∂z is 0; elsewhere <see cref="LstmCellBackward"/> gives ∂z and the
    /// carried ∂c_{k−1}, and the carried ∂h_{k−1} = ∂z·Uᵀ. Inputs: the forward's activated <paramref name="gates"/>
    /// (batch, time, 4·units) and <paramref name="phiC"/> (time, batch, units), <paramref name="recurrentKernelT"/>
    /// Uᵀ (4·units, units), <paramref name="h0"/>, <paramref name="c0"/>, <paramref name="mask"/> and
    /// <paramref name="states"/> as in the forward, and <paramref name="grad"/> = ∂L/∂states (time, 2, batch, units).
    /// Outputs: <paramref name="dGates"/> (batch, time, 4·units) ∂L/∂z of every step at its input time (which is
    /// ∂L/∂(x·W + b)); <paramref name="hPrev"/> (batch, time, units) h_{k−1} of every step at its input time (the left
    /// factor of ∂U = Σ hᵀ·∂z), or a default view to skip it; <paramref name="dh0"/> and <paramref name="dc0"/>
    /// (batch, units) ∂L/∂h₀ and ∂L/∂c₀. Every view but the mask has a dense last axis. The default implementation
    /// composes the recurrence step by step.
    /// </summary>
    void LstmSequenceBackward(in StridedView gates, in StridedView phiC, in StridedView recurrentKernelT, in StridedView h0,
        in StridedView c0, in StridedView mask, in StridedView states, in StridedView grad, in StridedView dGates, in StridedView hPrev,
        in StridedView dh0, in StridedView dc0, bool goBackwards, FusedActivation activation, FusedActivation recurrentActivation) =>
        Autograd.Ops.LstmSequence.ComposeBackward(dGates.Storage.Device, gates, phiC, recurrentKernelT, h0, c0, mask, states, grad, dGates,
            hPrev, dh0, dc0, goBackwards, activation, recurrentActivation);

    /// <summary>
    /// The element-wise part of one GRU step with reset_after (Keras's GRUCell default, CuDNN-compatible, gate order
    /// z, r, h), after the recurrent GEMM has written m = h_{k−1}·U + b_rec into <paramref name="m"/> (3, batch, units).
    /// <paramref name="gates"/> (3, batch, units) holds the input projections x_z, x_r, x_h and is overwritten in place by
    /// z = σ(x_z + m_z), r = σ(x_r + m_r), ĥ = φ(x_h + r ⊙ m_h); then h = z ⊙ h_{k−1} + (1 − z) ⊙ ĥ, with
    /// σ = <paramref name="recurrentActivation"/> and φ = <paramref name="activation"/>. <paramref name="hPrev"/> and
    /// <paramref name="h"/> are (batch, units). The default implementation composes the step from the core kernels,
    /// so a device that implemented this interface before the GRU step existed keeps working unchanged.
    /// </summary>
    void GruCellForward(in StridedView gates, in StridedView m, in StridedView hPrev, in StridedView h,
        FusedActivation activation, FusedActivation recurrentActivation)
    {
        var device = h.Storage.Device;
        using var scope = TensorScope.Begin();
        var scratch = Tensor.Empty(h.Shape, h.DType, device);
        Autograd.Ops.GruCell.ComposeForward(device, gates, m, hPrev, h, scratch.View, activation, recurrentActivation);
    }

    /// <summary>
    /// The element-wise part of one GRU step's backward pass (reset_after). Inputs: the activated
    /// <paramref name="gates"/> z, r, ĥ and the <paramref name="m"/> of <see cref="GruCellForward"/>, the previous state
    /// <paramref name="hPrev"/> and <paramref name="dh"/> = ∂L/∂h_k (all the step's gradient, later steps included).
    /// Outputs: <paramref name="dGates"/> (3, batch, units) ∂x_z = σ′·∂h ⊙ (h_{k−1} − ĥ), ∂x_r = σ′·∂ĥ' ⊙ m_h,
    /// ∂x_h = ∂ĥ' = φ′·∂h ⊙ (1 − z); <paramref name="dm"/> (3, batch, units) ∂m_z = ∂x_z, ∂m_r = ∂x_r,
    /// ∂m_h = ∂ĥ' ⊙ r; and <paramref name="direct"/> (batch, units) = ∂h ⊙ z, the part of ∂L/∂h_{k−1} that does not go
    /// through U (the caller adds ∂m·Uᵀ). Derivatives are taken through the outputs (<see cref="FusedActivation"/>).
    /// The default implementation composes the step from the core kernels.
    /// </summary>
    void GruCellBackward(in StridedView gates, in StridedView m, in StridedView hPrev, in StridedView dh, in StridedView dGates,
        in StridedView dm, in StridedView direct, FusedActivation activation, FusedActivation recurrentActivation) =>
        Autograd.Ops.GruCell.ComposeBackward(direct.Storage.Device, gates, m, hPrev, dh, dGates, dm, direct, activation, recurrentActivation);

    /// <summary>
    /// A dense layer's forward pass y = f(x·W + b) (Keras's Dense): <paramref name="x"/> (m, k), <paramref name="kernel"/>
    /// (k, n), <paramref name="bias"/> (n), <paramref name="y"/> (m, n), one floating dtype; y is contiguous and aliases
    /// none of the inputs. The product is the core <see cref="Device.MatMul"/>, the bias is added to each row and f applied
    /// after it, as the composition matmul → add → activation does (a device can apply both while each tile of y is in
    /// cache). The default implementation composes it from the core kernels.
    /// </summary>
    void DenseForward(in StridedView x, in StridedView kernel, in StridedView bias, in StridedView y, FusedActivation activation) =>
        Autograd.Ops.DenseNode.ComposeForward(y.Storage.Device, x, kernel, bias, y, activation);

    /// <summary>
    /// The element-wise part of a dense layer's backward pass, given its output <paramref name="y"/> = f(z) and
    /// <paramref name="g"/> = ∂L/∂y (both (m, n)): <paramref name="dz"/> (m, n) receives ∂L/∂z = g ⊙ f′ (taken through the
    /// output, <see cref="FusedActivation"/>) and <paramref name="dbias"/> (n) receives the bias gradient Σᵢ ∂L/∂zᵢ, the sum
    /// over the m rows. dz and dbias are contiguous and written, not added to; dz may be the same view as g. The products
    /// ∂L/∂W = xᵀ·dz and ∂L/∂x = dz·Wᵀ are left to <see cref="Device.MatMul"/>. The default implementation composes it
    /// from the core kernels.
    /// </summary>
    void DenseBackward(in StridedView y, in StridedView g, in StridedView dz, in StridedView dbias, FusedActivation activation) =>
        Autograd.Ops.DenseNode.ComposeBackward(y.Storage.Device, y, g, dz, dbias, activation);

    /// <summary>
    /// The forward pass of a convolution layer in one pass: y = f(x ⋆ kernel + bias), the convolution of
    /// <see cref="Device.Conv2D"/> with geometry <paramref name="g"/>, the bias added to every pixel's channels, then
    /// the activation f (Keras's Conv2D layer, keras/src/layers/convolutional/base_conv.py). x (N, H, W, C), kernel
    /// (KH, KW, C/groups, OC), bias (OC) or a view without storage for none, y (N, OH, OW, OC), all contiguous and of
    /// one floating dtype. The default implementation composes the core kernels (conv, add, activation).
    /// </summary>
    void Conv2DBiasActivation(in StridedView x, in StridedView kernel, in StridedView bias, in StridedView y, in Conv2DGeometry g,
        FusedActivation activation)
    {
        FusedKernelChecks.Conv2DBiasActivation(y.Storage.Device, x, kernel, bias, y, g, null);
        Autograd.Ops.ConvKernels.ComposeBiasActivation(y.Storage.Device, x, kernel, bias, y, g, activation);
    }

    /// <summary>
    /// <see cref="Conv2DBiasActivation"/> followed by pooling: y = pool(f(x ⋆ kernel + bias)), the pooling of
    /// <see cref="Device.Pool2D"/> of kind <paramref name="kind"/> with geometry <paramref name="pool"/>, whose input is
    /// the convolution's output (N, OH, OW, OC); y is the pooled output (N, POH, POW, OC). A convolution layer followed
    /// by a pooling layer at inference. The default implementation composes the core kernels.
    /// </summary>
    void Conv2DBiasActivationPool(in StridedView x, in StridedView kernel, in StridedView bias, in StridedView y, in Conv2DGeometry g,
        FusedActivation activation, PoolKind kind, in Pool2DGeometry pool)
    {
        FusedKernelChecks.Conv2DBiasActivation(y.Storage.Device, x, kernel, bias, y, g, pool);
        Autograd.Ops.ConvKernels.ComposeBiasActivationPool(y.Storage.Device, x, kernel, bias, y, g, activation, kind, pool);
    }

    /// <summary>
    /// One Adam step in place (Keras 3's adam.py, the paper's efficient form): m ← β₁m + (1 − β₁)g;
    /// v ← β₂v + (1 − β₂)g²; θ ← θ − α·m/(√v + ε), where the caller folds the bias corrections into
    /// <paramref name="alpha"/> = η√(1 − β₂ᵗ)/(1 − β₁ᵗ). All four views have one shape and dtype and are contiguous.
    /// </summary>
    void AdamUpdate(in StridedView parameter, in StridedView gradient, in StridedView m, in StridedView v,
        double alpha, double beta1, double beta2, double epsilon);

    /// <summary>
    /// One SGD-with-momentum step in place (Keras 3's sgd.py): m ← βm − ηg; θ ← θ + m, or with
    /// <paramref name="nesterov"/> θ ← θ + βm − ηg (with the new m). All three views have one shape and dtype and are
    /// contiguous.
    /// </summary>
    void SgdMomentumUpdate(in StridedView parameter, in StridedView gradient, in StridedView m, double learningRate,
        double momentum, bool nesterov);
}
