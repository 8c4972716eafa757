using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Serialization;

/// <summary>The plan for one layer of an import: where its values come from, and what does not fit.</summary>
internal sealed class LayerImport(string path, Layer layer, Model owner)
{
    public string Path { get; } = path;

    public Layer Layer { get; } = layer;

    /// <summary>The model that holds the layer directly (for its graph).</summary>
    public Model Owner { get; } = owner;

    public string Who => $"layer '{Path}' ({Layer.GetType().Name})";

    public List<string> Problems { get; } = [];

    /// <summary>Each weight and the function that reads its new value (in the weight's layout and dtype).</summary>
    public List<(Tensor Target, Func<Tensor> Value)> Assignments { get; } = [];

    public void Problem(string text) => Problems.Add($"{Who}: {text}");

    public void Assign(Tensor target, Func<Tensor> value) => Assignments.Add((target, value));
}
