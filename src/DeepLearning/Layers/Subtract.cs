namespace DeepLearning.Layers;

/// <summary>
/// Element-wise difference of exactly two inputs, y = x₁ − x₂ (Keras's Subtract). Inputs share the batch size and
/// broadcast per sample; masks as <see cref="Merge"/>.
/// </summary>
public sealed class Subtract : Merge
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">Layer name.</param>
    public Subtract(string? name = null) : base(name) { }

    /// <inheritdoc />
    protected override int? ExactInputs => 2;

    /// <inheritdoc />
    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks) => inputs[0] - inputs[1];

    /// <summary>Rebuilds the layer from <see cref="Layer.GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c) => WithBase(new Subtract(c.GetString("name")), c);
}
