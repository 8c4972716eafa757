namespace DeepLearning.Autograd.Ops;

/// <summary>
/// x̂ = (x − μ)·(σ² + ε)^(−½) with μ and σ² the mean and biased variance over a set of axes (the core of batch and
/// layer normalization; Ioffe and Szegedy 2015, Ba et al. 2016). One node instead of the six of its composition.
/// VJP (means over the same axes): ∂x = (σ² + ε)^(−½)·(g − mean(g) − x̂·mean(g·x̂)).
/// </summary>
/// <remarks>Runs of neighbouring axes that are all reduced or all kept are merged first (NHWC batch norm becomes an
/// (N·H·W, C) problem reduced over axis 0, layer norm over trailing axes an (M, K) one reduced over axis 1): a
/// contiguous tensor is reshaped for free, and the reductions and broadcasts of rank 2 or 3 run several times faster
/// than over scattered axes.</remarks>
internal sealed class StandardizeNode(int[] axes, Shape collapsed) : Node
{
    public override string Name => "Standardize";

    public static Tensor Apply(Tensor x, ReadOnlySpan<int> axes, double epsilon, out Tensor mean, out Tensor variance)
    {
        OpChecks.Floating("Standardize", x);
        ArgumentChecks.NonNegative("Standardize", nameof(epsilon), epsilon);
        var shapes = ReductionShapes.Resolve("Standardize", x.Shape, axes, false);
        if (shapes.Axes.Length == 0)
            throw new ArgumentException($"Standardize: needs at least one axis to reduce over; got none for shape {x.Shape}.", nameof(axes));
        if (shapes.Count == 0)
            throw new ArgumentException($"Standardize: the reduced axes of shape {x.Shape} hold no elements.", nameof(x));
        var (collapsed, reduced) = Collapse(x.Shape, shapes.Axes);
        Tensor y, inv;
        using (GradMode.Disable())
        {
            var xc = x.Reshape(collapsed);
            var m = xc.Mean(reduced, keepDims: true);
            var centered = xc - m;
            var v = centered.Square().Mean(reduced, keepDims: true);
            inv = (v + epsilon).Rsqrt();
            y = (centered * inv).Reshape(x.Shape);
            mean = m.Reshape(shapes.Kept);
            variance = v.Reshape(shapes.Kept);
        }
        if (!ShouldRecord(x)) return y;
        var node = new StandardizeNode(reduced, collapsed);
        node.Save(y);
        node.Save(inv);
        return node.Attach(y, x);
    }

    /// <summary>Merges neighbouring axes with the same reduced/kept status: (2, 3, 4, 5) reduced over (0, 1, 2)
    /// becomes (24, 5) reduced over (0).</summary>
    private static (Shape Collapsed, int[] Reduced) Collapse(Shape shape, int[] reducedAxes)
    {
        var dims = new List<int>();
        var flags = new List<bool>();
        for (int i = 0; i < shape.Rank; i++)
        {
            bool r = Array.IndexOf(reducedAxes, i) >= 0;
            if (shape[i] == 1 && dims.Count > 0) continue;   // size-1 axes join either neighbour
            if (flags.Count > 0 && flags[^1] == r) dims[^1] *= shape[i];
            else
            {
                dims.Add(shape[i]);
                flags.Add(r);
            }
        }
        if (!flags.Contains(true))
        {
            // Only size-1 axes were reduced: reduce over one appended size-1 axis.
            dims.Add(1);
            flags.Add(true);
        }
        var reduced = Enumerable.Range(0, dims.Count).Where(i => flags[i]).ToArray();
        return (new Shape(dims.ToArray()), reduced);
    }

    protected internal override void Backward(Tensor g)
    {
        var y = GetSaved(0).Reshape(collapsed);
        var inv = GetSaved(1);
        var gc = g.Reshape(collapsed);
        var gMean = gc.Mean(axes, keepDims: true);
        var gyMean = (gc * y).Mean(axes, keepDims: true);
        PassGrad(0, ((gc - gMean - y * gyMean) * inv).Reshape(g.Shape));
    }
}
