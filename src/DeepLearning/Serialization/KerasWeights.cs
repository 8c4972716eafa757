using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Serialization;

/// <summary>
/// Loads weights stored per layer in Keras's layouts and variable order (this library's layouts: Dense kernel
/// (in, out), Conv2D (kh, kw, in, out), LSTM and GRU kernels (in, k·units) in Keras's gate order, BatchNormalization
/// gamma, beta, moving_mean, moving_variance) into a model, by layer name. The DeepLearning.Hdf5 package reads Keras
/// <c>.weights.h5</c> and legacy <c>.h5</c> files into this form; any other source of Keras-layout arrays can use it
/// directly.
/// </summary>
public static class KerasWeights
{
    /// <summary>
    /// Assigns each layer's weights from <paramref name="layers"/>: the entry named by
    /// <see cref="WeightImportOptions.LayerNames"/> (default: the layer's path, "dense_1" or "encoder/dense_1"), whose
    /// tensors must match the layer's <see cref="Layer.Weights"/> in count, order and shape. Every problem is checked
    /// before any weight changes; strict mode throws one exception listing them all.
    /// </summary>
    /// <param name="model">A built model.</param>
    /// <param name="layers">Layer name → that layer's tensors in Keras's order (entries with no tensors, such as a
    /// Flatten's, are ignored).</param>
    /// <param name="source">The name used in messages (the file).</param>
    /// <param name="options">Strict or lenient, and the layer-name map.</param>
    /// <returns>The layers loaded and skipped, and the entries no layer used.</returns>
    /// <exception cref="InvalidDataException">(Strict) a layer's entry is missing or its tensors differ in count or
    /// shape, or an entry is used by no layer; the message lists every problem with both shapes.</exception>
    /// <exception cref="InvalidOperationException">The model is not built.</exception>
    public static WeightImportReport Load(Model model, IReadOnlyDictionary<string, IReadOnlyList<Tensor>> layers, string source,
        WeightImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layers);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var (plans, skipped) = WeightImport.PlanLayers(model, options ?? new WeightImportOptions(), path => path, (plan, key) =>
        {
            var targets = plan.Layer.Weights;
            string expected = string.Join(", ", targets.Select(t => $"{t.Name} {t.Shape}"));
            if (!layers.TryGetValue(key, out var values))
            {
                plan.Problem($"the file has no weights for '{key}' (the layer needs {expected})");
                return;
            }
            used.Add(key);
            if (values.Count != targets.Count)
            {
                plan.Problem($"the file's '{key}' holds {values.Count} tensors ({string.Join(", ", values.Select(v => v.Shape.ToString()))}), but the layer has {targets.Count} ({expected})");
                return;
            }
            for (int i = 0; i < targets.Count; i++)
            {
                var target = targets[i];
                var value = values[i];
                if (value.Shape != target.Shape)
                    plan.Problem($"tensor {i} of '{key}' has shape {value.Shape} in the file, but the layer's {target.Name} has {target.Shape}");
                else if (!value.DType.IsFloating() && target.DType.IsFloating())
                    plan.Problem($"tensor {i} of '{key}' is {value.DType}, but the layer's {target.Name} is {target.DType}");
                else plan.Assign(target, () => value);
            }
        });
        var unused = layers.Where(kv => kv.Value.Count > 0 && !used.Contains(kv.Key))
            .Select(kv => $"'{kv.Key}' ({string.Join(", ", kv.Value.Select(v => v.Shape.ToString()))})").ToList();
        return WeightImport.Apply(source, "Keras weights", model, plans, skipped, unused, options?.Strict ?? true);
    }

    /// <summary>
    /// The names Keras 3's <c>save_weights</c> gives the layers of <paramref name="model"/> in a <c>.weights.h5</c>
    /// file: per model, each layer's class name in snake case ("dense", "conv2d", "batch_normalization"), then "_1",
    /// "_2", … for later layers of the same class, in layer order (keras/src/saving/saving_lib.py,
    /// <c>_save_container_state</c>), joined by "/" for nested models. Keys are the layers' paths in this model.
    /// </summary>
    /// <remarks>Keras numbers the layers in its <c>model.layers</c> order; for a functional model with parallel
    /// branches that order can differ from this library's (a topological order), so name such layers explicitly
    /// through <see cref="WeightImportOptions.LayerNames"/>.</remarks>
    public static IReadOnlyDictionary<string, string> Keras3Names(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        Visit(model, "", "", result);
        return result;
    }

    private static void Visit(Model model, string pathPrefix, string kerasPrefix, Dictionary<string, string> result)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var layer in model.Layers)
        {
            if (layer is Input) continue;
            string name = LayerNames.SnakeCase(layer.GetType().Name);
            int n = counts.GetValueOrDefault(name, -1) + 1;
            counts[name] = n;
            if (n > 0) name = $"{name}_{n}";
            string path = pathPrefix + layer.Name, keras = kerasPrefix + name;
            result.TryAdd(path, keras);
            if (layer is Model nested) Visit(nested, path + "/", keras + "/", result);
        }
    }
}
