namespace DeepLearning.Layers;

/// <summary>
/// Element-wise mean of its inputs, y = (x₁ + … + xₙ)/n (Keras's Average). Inputs share the batch size and broadcast
/// per sample; masks as <see cref="Merge"/>.
/// </summary>
public sealed class Average : Merge
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">Layer name.</param>
    public Average(string? name = null) : base(name) { }

    /// <inheritdoc />
    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        var y = inputs[0];
        for (int i = 1; i < inputs.Count; i++) y += inputs[i];
        return inputs.Count == 1 ? y : y / inputs.Count;
    }

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c) => WithBase(new Average(c.GetString("name")), c);
}
