namespace DeepLearning.Autograd.Ops;

/// <summary>The activations the fused recurrent nodes handle: those whose derivative follows from the output
/// (tanh: 1 − y², sigmoid: y(1 − y), relu: [y &gt; 0], linear: 1). Other activations use the per-step autograd path.</summary>
internal enum FusedActivation
{
    Linear,
    Tanh,
    Sigmoid,
    Relu,
}
