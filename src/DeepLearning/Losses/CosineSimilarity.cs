namespace DeepLearning.Losses;

/// <summary>
/// Cosine-similarity loss: ℓ = −Σ (y/‖y‖)·(ŷ/‖ŷ‖) along <see cref="Axis"/>, in [−1, 1] (−1 for parallel vectors), with
/// each vector scaled by 1/√max(Σx², ε²) so that a zero vector gives 0 and a finite gradient (Keras
/// <c>CosineSimilarity</c>, <c>ops.normalize</c>). Same shapes; the per-sample loss drops <see cref="Axis"/>.
/// </summary>
/// <param name="axis">The feature axis (default −1).</param>
/// <param name="reduction">The reduction (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
/// <param name="name">The name (default <c>"cosine_similarity"</c>).</param>
public sealed class CosineSimilarity(int axis = -1, LossReduction reduction = LossReduction.SumOverBatchSize, string name = "cosine_similarity")
    : Loss(name, reduction)
{
    /// <summary>The feature axis.</summary>
    public int Axis { get; } = axis;

    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        LossChecks.SameShape(Name, yTrue, yPred);
        int a = yPred.Shape.NormalizeAxis(Axis, Name);
        return -(L2Normalize(yTrue, a) * L2Normalize(yPred, a)).Sum(a);
    }

    /// <summary>x / √max(Σx², ε²) along an axis (Keras's <c>ops.normalize</c> with order 2).</summary>
    internal static Tensor L2Normalize(Tensor x, int axis)
    {
        var squareSum = x.Square().Sum(axis, keepDims: true);
        var floor = Tensor.Full(Shape.Scalar, Epsilon * Epsilon, x.DType, x.Device);
        return x * Tensor.Maximum(squareSum, floor).Rsqrt();
    }
}
