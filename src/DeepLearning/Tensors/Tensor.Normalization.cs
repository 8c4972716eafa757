using DeepLearning.Autograd.Ops;

namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>
    /// Standardizes over <paramref name="axes"/>: x̂ = (x − μ)/√(σ² + ε), with μ the mean and σ² the biased variance
    /// (divided by n, as Keras's <c>ops.moments</c> and PyTorch's batch/layer norm) over those axes. The core of
    /// BatchNormalization (axes = all but the feature axis) and LayerNormalization (axes = the feature axes).
    /// Differentiable by one node: ∂x = (σ² + ε)^(−½)·(g − mean(g) − x̂·mean(g·x̂)).
    /// </summary>
    /// <param name="axes">The axes reduced (negative allowed; at least one).</param>
    /// <param name="epsilon">ε ≥ 0 added to the variance.</param>
    /// <returns>x̂, the shape of this tensor.</returns>
    /// <exception cref="ArgumentException">Integer dtype, no or invalid axes, an empty reduction, or a negative ε.</exception>
    public Tensor Standardize(ReadOnlySpan<int> axes, double epsilon) => StandardizeNode.Apply(this, axes, epsilon, out _, out _);

    /// <summary>
    /// <see cref="Standardize(ReadOnlySpan{int}, double)"/> that also returns the statistics it used: μ and the biased
    /// σ², in the keep-dims shape (size 1 on the reduced axes) and without gradient (BatchNormalization feeds them to
    /// its moving averages).
    /// </summary>
    /// <param name="axes">The axes reduced.</param>
    /// <param name="epsilon">ε ≥ 0 added to the variance.</param>
    /// <param name="mean">μ over <paramref name="axes"/>, keep-dims shape, not recorded by autograd.</param>
    /// <param name="variance">Biased σ² over <paramref name="axes"/>, keep-dims shape, not recorded by autograd.</param>
    public Tensor Standardize(ReadOnlySpan<int> axes, double epsilon, out Tensor mean, out Tensor variance) =>
        StandardizeNode.Apply(this, axes, epsilon, out mean, out variance);
}
