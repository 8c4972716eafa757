namespace DeepLearning.Devices;

/// <summary>The activations of the fused recurrent steps (<see cref="IFusedKernels.LstmCellForward"/>): those whose
/// derivative follows from the output y (tanh: 1 − y², sigmoid: y(1 − y), relu: [y &gt; 0], linear: 1). Recurrent
/// layers with other activations use the per-step autograd path.</summary>
public enum FusedActivation
{
    /// <summary>y = x.</summary>
    Linear,
    /// <summary>y = tanh x.</summary>
    Tanh,
    /// <summary>y = σ(x) = 1/(1 + e⁻ˣ).</summary>
    Sigmoid,
    /// <summary>y = max(0, x).</summary>
    Relu,
}
