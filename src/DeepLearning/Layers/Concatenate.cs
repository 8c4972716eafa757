namespace DeepLearning.Layers;

/// <summary>
/// Joins its inputs along <see cref="Axis"/> (default −1, the features; Keras's Concatenate): (None, 8) and (None, 8)
/// give (None, 16); U-Net skips and Inception branches join NHWC maps along the channels. All inputs have the same
/// rank, batch size and dtype, and equal sizes on every axis but the concatenation axis (no broadcasting).
/// </summary>
/// <remarks>Masks (Keras 3): when any input has a mask, an unmasked input counts as all valid, each mask is broadcast
/// to its input's shape, the masks are concatenated along the axis and the output mask is their OR over the last
/// axis — the concatenation of the time masks when joining along time, the OR of the masks when joining features.</remarks>
public sealed class Concatenate : Merge
{
    /// <summary>Creates the layer.</summary>
    /// <param name="axis">The concatenation axis, batch axis counted (−1: the last); not the batch axis.</param>
    /// <param name="name">Layer name.</param>
    public Concatenate(int axis = -1, string? name = null) : base(name) => Axis = axis;

    /// <summary>The concatenation axis (batch axis counted).</summary>
    public int Axis { get; }

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Forward(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        CheckCommon(inputs);
        int axis = ResolveAxis(inputs);
        return [inputs.Count == 1 ? inputs[0] : Tensor.Concat(inputs, axis)];
    }

    private int ResolveAxis(IReadOnlyList<Tensor> inputs)
    {
        int rank = inputs[0].Rank;
        int axis = Axis < 0 ? Axis + rank : Axis;
        string shapes = DescribeFull(inputs);
        if (inputs.Any(x => x.Rank != rank))
            throw new ArgumentException($"{Who}: inputs must have the same rank; got shapes {shapes}.");
        if (axis <= 0 || axis >= rank)
            throw new ArgumentException($"{Who}: axis {Axis} is {(axis == 0 ? "the batch axis" : "out of range")} for inputs of shapes {shapes}.");
        for (int d = 0; d < rank; d++)
            if (d != axis && inputs.Any(x => x.Shape[d] != inputs[0].Shape[d]))
                throw new ArgumentException($"{Who}: inputs must match on every axis but the concatenation axis {Axis}; got shapes {shapes} (axis {d} differs).");
        return axis;
    }

    /// <inheritdoc />
    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks) => Tensor.Concat(inputs, ResolveAxis(inputs));

    /// <inheritdoc />
    protected override Tensor? ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        if (Enumerable.Range(0, inputs.Count).All(i => MaskAt(masks, i) is null)) return null;
        int axis = ResolveAxis(inputs);
        using var noGrad = Tensor.NoGrad();
        var full = new Tensor[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            var x = inputs[i];
            full[i] = MaskAt(masks, i) is { } m
                ? LayerChecks.ExpandMask(Name, m, x).Cast(DeepLearning.DType.Float32).Expand(x.Shape)
                : Tensor.Ones(x.Shape, DeepLearning.DType.Float32, x.Device);
        }
        return Tensor.Concat(full, axis).Max(-1);
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("axis", Axis);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c) => WithBase(new Concatenate(c.GetInt("axis", -1), c.GetString("name")), c);
}
