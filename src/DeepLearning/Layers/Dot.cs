namespace DeepLearning.Layers;

/// <summary>
/// Batch-wise dot product of exactly two inputs along one axis of each (Keras's Dot and its <c>batch_dot</c>): for
/// x (batch, …, d at axis a₁, …) and y (batch, …, d at axis a₂, …), yᵦ = Σₖ x[b, …, k, …]·y[b, …, k, …]; the output
/// shape is x's shape without a₁ followed by y's without the batch axis and a₂, and (batch, 1) when that leaves only
/// the batch axis. With <see cref="Normalize"/> both inputs are first L2-normalised along their axis,
/// x/√max(Σx², 10⁻¹⁴) (Keras's <c>normalize</c>), so the result is the cosine similarity. No weights; no output mask.
/// </summary>
/// <example><c>new Dot(1).Call(a, b)</c> on (batch, 8) and (batch, 8) gives (batch, 1); <c>new Dot(2, 2)</c> on (b, 5, 4)
/// and (b, 7, 4) gives the (b, 5, 7) score matrix of attention.</example>
public sealed class Dot : Merge
{
    private readonly int _axis1, _axis2;

    /// <summary>The same axis on both inputs.</summary>
    /// <param name="axes">The axis, batch axis counted (negative from the end of each input); not the batch axis.</param>
    /// <param name="normalize">L2-normalise along the axes first (cosine similarity).</param>
    /// <param name="name">Layer name.</param>
    public Dot(int axes, bool normalize = false, string? name = null) : this(axes, axes, normalize, name) { }

    /// <summary>One axis for each input.</summary>
    /// <param name="axis1">Axis of the first input (batch axis counted).</param>
    /// <param name="axis2">Axis of the second input.</param>
    /// <param name="normalize">L2-normalise along the axes first (cosine similarity).</param>
    /// <param name="name">Layer name.</param>
    public Dot(int axis1, int axis2, bool normalize = false, string? name = null) : base(name)
    {
        _axis1 = axis1;
        _axis2 = axis2;
        Normalize = normalize;
    }

    /// <summary>The axes of the two inputs (batch axis counted).</summary>
    public (int First, int Second) Axes => (_axis1, _axis2);

    /// <summary>Whether the inputs are L2-normalised first.</summary>
    public bool Normalize { get; }

    /// <inheritdoc />
    protected override int? ExactInputs => 2;

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Forward(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        CheckCommon(inputs);
        var (x, y) = (inputs[0], inputs[1]);
        string shapes = DescribeFull(inputs);
        if (x.Rank < 2 || y.Rank < 2)
            throw new ArgumentException($"{Who}: inputs need rank ≥ 2 (batch, …); got shapes {shapes}.");
        int a1 = _axis1 < 0 ? _axis1 + x.Rank : _axis1;
        int a2 = _axis2 < 0 ? _axis2 + y.Rank : _axis2;
        if (a1 <= 0 || a1 >= x.Rank || a2 <= 0 || a2 >= y.Rank)
            throw new ArgumentException($"{Who}: axes ({_axis1}, {_axis2}) must be non-batch axes of inputs of shapes {shapes}.");
        if (x.Shape[a1] != y.Shape[a2])
            throw new ArgumentException($"{Who}: incompatible sizes {x.Shape[a1]} (axis {a1}) and {y.Shape[a2]} (axis {a2}) for input shapes {shapes}.");
        if (Normalize)
        {
            x = L2Normalize(x, a1);
            y = L2Normalize(y, a2);
        }
        return [BatchDot(x, y, a1, a2)];
    }

    /// <inheritdoc />
    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks) =>
        throw new InvalidOperationException("Dot computes in Forward.");

    /// <inheritdoc />
    protected override Tensor? ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks) => null;

    private static Tensor L2Normalize(Tensor x, int axis) =>
        x * Tensor.Maximum(x.Square().Sum(axis, keepDims: true), Tensor.Scalar(1e-14, x.DType, x.Device)).Rsqrt();

    /// <summary>Moves the contracted axis of x last and of y to position 1, flattens both to rank 3 and multiplies.</summary>
    private static Tensor BatchDot(Tensor x, Tensor y, int a1, int a2)
    {
        int batch = x.Shape[0], d = x.Shape[a1];
        var xPerm = Enumerable.Range(0, x.Rank).Where(i => i != a1).Append(a1).ToArray();
        var yPerm = new[] { 0, a2 }.Concat(Enumerable.Range(1, y.Rank - 1).Where(i => i != a2)).ToArray();
        var xRest = xPerm[1..^1].Select(i => x.Shape[i]).ToArray();
        var yRest = yPerm[2..].Select(i => y.Shape[i]).ToArray();
        var xm = (IsIdentity(xPerm) ? x : x.Permute(xPerm).Contiguous()).Reshape(batch, -1, d);
        var ym = (IsIdentity(yPerm) ? y : y.Permute(yPerm).Contiguous()).Reshape(batch, d, -1);
        var r = xm.MatMul(ym);
        int[] outShape = [batch, .. xRest, .. yRest];
        return r.Reshape(outShape.Length == 1 ? [batch, 1] : outShape);
    }

    private static bool IsIdentity(int[] perm)
    {
        for (int i = 0; i < perm.Length; i++)
            if (perm[i] != i) return false;
        return true;
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("axes", _axis1 == _axis2 ? _axis1 : new[] { _axis1, _axis2 }).Set("normalize", Normalize);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c)
    {
        var axes = c["axes"] is int[] or double[] ? c.GetInts("axes") : [c.GetInt("axes")];
        if (axes.Length is not (1 or 2)) throw new InvalidDataException($"Dot: 'axes' must hold one or two integers; got {axes.Length}.");
        return WithBase(new Dot(axes[0], axes[^1], c.GetBool("normalize", false), c.GetString("name")), c);
    }
}
