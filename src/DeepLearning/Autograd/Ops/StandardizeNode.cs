namespace DeepLearning.Autograd.Ops;

/// <summary>
/// x̂ = (x − μ)·(σ² + ε)^(−½) with μ and σ² the mean and biased variance over a set of axes (the core of batch and
/// layer normalization; Ioffe and Szegedy 2015, Ba et al. 2016). One node instead of the six of its composition.
/// VJP (n the number of reduced elements, means over the same axes):
/// ∂x = (σ² + ε)^(−½)·(g − mean(g) − x̂·mean(g·x̂)).
/// </summary>
internal sealed class StandardizeNode(int[] axes) : Node
{
    public override string Name => "Standardize";

    public static Tensor Apply(Tensor x, ReadOnlySpan<int> axes, double epsilon, out Tensor mean, out Tensor variance)
    {
        OpChecks.Floating("Standardize", x);
        if (!(epsilon >= 0) || !double.IsFinite(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"Standardize: epsilon must be finite and ≥ 0; got {epsilon}.");
        var shapes = ReductionShapes.Resolve("Standardize", x.Shape, axes, false);
        if (shapes.Axes.Length == 0)
            throw new ArgumentException($"Standardize: needs at least one axis to reduce over; got none for shape {x.Shape}.", nameof(axes));
        if (shapes.Count == 0)
            throw new ArgumentException($"Standardize: the reduced axes of shape {x.Shape} hold no elements.", nameof(x));
        Tensor y, inv;
        using (GradMode.Disable())
        {
            mean = x.Mean(shapes.Axes, keepDims: true);
            var centered = x - mean;
            variance = centered.Square().Mean(shapes.Axes, keepDims: true);
            inv = (variance + epsilon).Rsqrt();
            y = centered * inv;
        }
        if (!ShouldRecord(x)) return y;
        var node = new StandardizeNode(shapes.Axes);
        node.Save(y);
        node.Save(inv);
        return node.Attach(y, x);
    }

    protected internal override void Backward(Tensor g)
    {
        var y = GetSaved(0);
        var inv = GetSaved(1);
        var gMean = g.Mean(axes, keepDims: true);
        var gyMean = (g * y).Mean(axes, keepDims: true);
        PassGrad(0, (g - gMean - y * gyMean) * inv);
    }
}
