using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Serialization;

/// <summary>The steps every weight import shares: the layers to fill, and the strict or lenient application of the
/// plans (every problem reported at once; every value read before any weight changes).</summary>
internal static class WeightImport
{
    /// <summary>The layers that own weights, depth first, with their paths ("encoder/dense"); nested models are
    /// entered, not listed.</summary>
    public static List<(string Path, Layer Layer, Model Owner)> WeightedLayers(Model model)
    {
        if (model.Weights.Count == 0)
            throw new InvalidOperationException($"Model '{model.Name}': it has no weights yet; build it (an Input first, or one call) before importing weights.");
        var result = new List<(string, Layer, Model)>();
        var seen = new HashSet<Layer>(ReferenceEqualityComparer.Instance);
        Visit(model, "", result, seen);
        return result;
    }

    private static void Visit(Model model, string prefix, List<(string, Layer, Model)> result, HashSet<Layer> seen)
    {
        foreach (var layer in model.Layers)
        {
            if (!seen.Add(layer)) continue;
            if (layer is Model nested) Visit(nested, prefix + nested.Name + "/", result, seen);
            else if (layer.Weights.Count > 0) result.Add((prefix + layer.Name, layer, model));
        }
    }

    /// <summary>Plans every layer that owns weights under its name in the file: the name map's
    /// (<see cref="WeightImportOptions.LayerNames"/>) or <paramref name="defaultName"/>(path); a layer the map sends to
    /// null is listed as skipped instead.</summary>
    public static (List<LayerImport> Plans, List<string> Skipped) PlanLayers(Model model, WeightImportOptions options,
        Func<string, string> defaultName, Action<LayerImport, string> planLayer)
    {
        var plans = new List<LayerImport>();
        var skipped = new List<string>();
        foreach (var (path, layer, owner) in WeightedLayers(model))
        {
            string? name = options.LayerNames is null ? defaultName(path) : options.LayerNames(path);
            if (name is null)
            {
                skipped.Add($"layer '{path}' ({layer.GetType().Name}): left alone by the name map");
                continue;
            }
            var plan = new LayerImport(path, layer, owner);
            planLayer(plan, name);
            plans.Add(plan);
        }
        return (plans, skipped);
    }

    /// <summary>Applies the plans: strict throws one exception listing every problem and unused tensor; lenient skips
    /// the layers with problems. Then every value is read and converted, and only then assigned.</summary>
    public static WeightImportReport Apply(string source, string what, Model model, List<LayerImport> plans, List<string> skipped,
        List<string> unused, bool strict)
    {
        var problems = plans.SelectMany(p => p.Problems).ToList();
        if (strict && (problems.Count > 0 || unused.Count > 0))
        {
            var lines = problems.Concat(unused.Select(u => $"tensor {u} is used by no layer"));
            throw new InvalidDataException($"{source}: the {what} do not fit model '{model.Name}' ({problems.Count + unused.Count} problems; " +
                "nothing was loaded):" + string.Concat(lines.Select(l => "\n  " + l)));
        }
        var accepted = plans.Where(p => p.Problems.Count == 0).ToList();
        skipped.AddRange(plans.Where(p => p.Problems.Count > 0).Select(p => string.Join("; ", p.Problems)));

        using (var scope = TensorScope.Begin())
        using (var noGrad = Tensor.NoGrad())
        {
            var values = accepted.SelectMany(p => p.Assignments).Select(a => (a.Target, Value: a.Value())).ToList();
            foreach (var (target, value) in values)
                if (value.Shape != target.Shape)
                    throw new InvalidOperationException($"{source}: the converted value for '{target.Name}' has shape {value.Shape}, expected {target.Shape}.");
            foreach (var (target, value) in values) target.Assign(value.Cast(target.DType).To(target.Device));
        }
        return new WeightImportReport([.. accepted.Select(p => p.Path)], skipped, unused);
    }
}
