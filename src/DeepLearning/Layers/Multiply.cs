namespace DeepLearning.Layers;

/// <summary>
/// Element-wise product of its inputs, y = x₁ ⊙ x₂ ⊙ … (Keras's Multiply; gating). Inputs share the batch size and
/// broadcast per sample. With masks (Keras 3): a masked-out value counts as 1, and when every input has a mask the
/// product is 0 outside the OR of the masks, which is the output mask.
/// </summary>
public sealed class Multiply : Merge
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">Layer name.</param>
    public Multiply(string? name = null) : base(name) { }

    /// <inheritdoc />
    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        bool allMasked = inputs.Count > 0 && Enumerable.Range(0, inputs.Count).All(i => MaskAt(masks, i) is not null);
        Tensor? output = null, outputMask = null;
        for (int i = 0; i < inputs.Count; i++)
        {
            var x = inputs[i];
            if (MaskAt(masks, i) is { } m)
            {
                var mask = LayerChecks.ExpandMask(Name, m, x);
                x = Tensor.Where(mask, x, Tensor.OnesLike(mask));
                if (allMasked) outputMask = outputMask is null ? mask : Tensor.Maximum(outputMask, mask);
            }
            output = output is null ? x : output * x;
        }
        if (outputMask is not null) output = Tensor.Where(outputMask, output!, Tensor.ZerosLike(outputMask));
        return output!;
    }

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c) => WithBase(new Multiply(c.GetString("name")), c);
}
