using DeepLearning.Layers;

namespace DeepLearning.Serialization;

/// <summary>
/// The stable, unique names under which a model's weights are saved: the path of layer names below the root model
/// followed by the weight's local name — "dense/kernel" for a layer of the model, "encoder/dense_3/kernel" inside a
/// nested model "encoder", "bidirectional/forward_lstm/kernel" inside a wrapper. The root's own name is left out, so
/// a file loads into a model of another name. A weight reached twice (a layer shared by a nested model and its
/// parent) is listed once; a name that would repeat (two sibling layers given the same name) gets "#1", "#2", ….
/// The order is <see cref="Layer.Weights"/>' (own weights, then each sublayer's), which loading by position uses.
/// </summary>
internal static class WeightNames
{
    public static List<KeyValuePair<string, Tensor>> Collect(Layer root)
    {
        var result = new List<KeyValuePair<string, Tensor>>();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var used = new HashSet<string>(StringComparer.Ordinal);
        Visit(root, "", result, seen, used);
        return result;
    }

    private static void Visit(Layer layer, string prefix, List<KeyValuePair<string, Tensor>> result, HashSet<Tensor> seen, HashSet<string> used)
    {
        var all = layer.Weights;
        int nested = 0;
        foreach (var sub in layer.Layers) nested += sub.Weights.Count;
        for (int i = 0; i < all.Count - nested; i++)
        {
            var t = all[i];
            if (!seen.Add(t)) continue;
            string local = t.Name is { } n && n.StartsWith(layer.Name + "/", StringComparison.Ordinal) ? n[(layer.Name.Length + 1)..]
                : string.IsNullOrEmpty(t.Name) ? $"weight_{i}" : t.Name;
            string name = prefix + local;
            if (!used.Add(name))
            {
                int k = 1;
                while (!used.Add($"{name}#{k}")) k++;
                name = $"{name}#{k}";
            }
            result.Add(new(name, t));
        }
        foreach (var sub in layer.Layers) Visit(sub, prefix + sub.Name + "/", result, seen, used);
    }
}
