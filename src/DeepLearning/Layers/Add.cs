namespace DeepLearning.Layers;

/// <summary>
/// Element-wise sum of its inputs, y = x₁ + x₂ + … (Keras's Add): the residual connection of ResNets,
/// H = F(x) + x, whose gradient ∂L/∂x = ∂L/∂H·(∂F/∂x + 1) passes the skip unchanged. Inputs share the batch size
/// and broadcast per sample; masks as <see cref="Merge"/>.
/// </summary>
public sealed class Add : Merge
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">Layer name.</param>
    public Add(string? name = null) : base(name) { }

    /// <inheritdoc />
    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        var y = inputs[0];
        for (int i = 1; i < inputs.Count; i++) y += inputs[i];
        return y;
    }

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c) => WithBase(new Add(c.GetString("name")), c);
}
