using DeepLearning.Layers;

namespace DeepLearning.Samples.Siamese;

/// <summary>Scales each embedding to unit length, y = x/√max(Σx², 10⁻¹²) over the last axis (Keras 3's
/// UnitNormalization): the embeddings live on the unit sphere, as FaceNet's, so squared distances lie in [0, 4] and
/// the triplet margin has a fixed scale. A custom layer: a Forward of tensor ops, gradients from autograd.</summary>
internal sealed class UnitNormalization(string? name = null) : Layer(name)
{
    protected override bool SupportsMasking => true;

    protected override Tensor Forward(Tensor input, CallContext context) =>
        input * Tensor.Maximum(input.Square().Sum(-1, keepDims: true), Tensor.Scalar(1e-12, input.DType, input.Device)).Rsqrt();
}
