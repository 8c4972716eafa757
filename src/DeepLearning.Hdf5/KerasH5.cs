using DeepLearning.Models;
using DeepLearning.Serialization;
using PureHDF;

namespace DeepLearning.Hdf5;

/// <summary>
/// Reads Keras weight files (HDF5) into this library's models, whose layers use Keras's layouts, so the arrays load
/// unchanged. Two layouts are recognised by their structure:
/// <list type="bullet">
/// <item><b>Keras 3</b> <c>model.save_weights("m.weights.h5")</c> (also the <c>model.weights.h5</c> inside a
/// <c>.keras</c> zip): <c>/layers/&lt;name&gt;/vars/&lt;i&gt;</c>, a nested model's layers under
/// <c>/layers/&lt;name&gt;/layers/…</c>; the names are the class names in snake case numbered per class
/// ("dense", "dense_1"; keras/src/saving/saving_lib.py), not <c>layer.name</c>, so by default each layer is matched
/// through <see cref="KerasWeights.Keras3Names"/>. Everything else (<c>/vars</c>, <c>/optimizer</c>, empty vars of
/// weightless layers) is ignored.</item>
/// <item><b>Legacy Keras 2</b> <c>model.save("m.h5")</c> (weights under <c>/model_weights</c>) and
/// <c>model.save_weights("m.h5")</c> (at the root), the format of the published keras.applications weights: the
/// group's <c>layer_names</c> attribute lists the layers, each layer group's <c>weight_names</c> attribute lists its
/// weights in order ("dense/kernel:0", "lstm/lstm_cell/kernel:0"), each stored at &lt;layer group&gt;/&lt;weight
/// name&gt; (keras/saving/legacy/hdf5_format.py, <c>load_weights_from_hdf5_group</c>). Layers are matched by
/// <c>layer.name</c>.</item>
/// </list>
/// Float32 and float64 datasets are read (converted to each weight's dtype); other element types are rejected.
/// </summary>
/// <remarks>Limits: in legacy files a nested model is one layer group holding all its sublayers' weights, which maps
/// to no single layer here (load it into the nested model's layers with a name map per layer, or save from Keras
/// with the Keras 3 format). The model config stored in a legacy file is not read: build the architecture in code.</remarks>
public static class KerasH5
{
    /// <summary>Loads a Keras 3 <c>.weights.h5</c> or legacy Keras 2 <c>.h5</c> file into a built model (see the class
    /// remarks for how layers are matched; <see cref="WeightImportOptions.LayerNames"/> overrides the default names).</summary>
    /// <param name="model">A built model whose layers match the Keras model's.</param>
    /// <param name="path">The HDF5 file.</param>
    /// <param name="options">Strict (default) or lenient, and a layer-name map (our layer path → the file's name).</param>
    /// <returns>The layers loaded and skipped, and the file's layer entries no layer used.</returns>
    /// <exception cref="InvalidDataException">The file is not HDF5, not a Keras weights layout, holds a non-float
    /// weight, or (strict) its layers do not fit the model: one message lists every layer and both shapes.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidOperationException">The model is not built.</exception>
    public static WeightImportReport LoadWeights(Model model, string path, WeightImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (layers, format) = ReadLayers(path);
        options ??= new WeightImportOptions();
        if (options.LayerNames is null && format == KerasH5Format.Keras3)
        {
            var names = KerasWeights.Keras3Names(model);
            options = options with { LayerNames = p => names.TryGetValue(p, out var n) ? n : p };
        }
        return KerasWeights.Load(model, layers, Path.GetFileName(path), options);
    }

    /// <summary>Reads every layer's weights of a Keras HDF5 file: layer name (Keras 3: "dense_1", or "outer/dense" for
    /// a nested model; legacy: <c>layer.name</c>) → its tensors in Keras's order, and which layout the file has.</summary>
    /// <exception cref="InvalidDataException">As <see cref="LoadWeights"/>.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static (IReadOnlyDictionary<string, IReadOnlyList<Tensor>> Layers, KerasH5Format Format) ReadLayers(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"KerasH5: '{path}' does not exist.", path);
        string source = Path.GetFileName(path);
        try
        {
            using var file = H5File.OpenRead(path);
            var layers = new Dictionary<string, IReadOnlyList<Tensor>>(StringComparer.Ordinal);
            if (file.LinkExists("layers"))
            {
                ReadKeras3(file.Group("layers"), "", layers, source);
                return (layers, KerasH5Format.Keras3);
            }
            var root = file.LinkExists("model_weights") ? file.Group("model_weights") : (IH5Group)file;
            if (!root.AttributeExists("layer_names"))
                throw new InvalidDataException($"{source}: not a Keras weights file: it has neither /layers (Keras 3) nor a 'layer_names' attribute at the root or on /model_weights (Keras 2).");
            ReadLegacy(root, layers, source);
            return (layers, KerasH5Format.Keras2);
        }
        catch (Exception e) when (e is not (InvalidDataException or OutOfMemoryException))
        {
            throw new InvalidDataException($"{source}: cannot be read as HDF5 ({e.GetType().Name}: {e.Message})", e);
        }
    }

    private static void ReadKeras3(IH5Group layersGroup, string prefix, Dictionary<string, IReadOnlyList<Tensor>> layers, string source)
    {
        foreach (var child in layersGroup.Children())
        {
            if (child is not IH5Group layer) continue;
            string name = prefix + child.Name;
            if (layer.LinkExists("vars"))
            {
                var vars = layer.Group("vars");
                var indexed = new List<(int Index, IH5Dataset Dataset)>();
                foreach (var v in vars.Children())
                {
                    if (v is not IH5Dataset d || !int.TryParse(v.Name, out int index) || index < 0)
                        throw new InvalidDataException($"{source}: /{name}/vars/{v.Name} is not a dataset named by its position (0, 1, …).");
                    indexed.Add((index, d));
                }
                indexed.Sort((a, b) => a.Index.CompareTo(b.Index));
                for (int i = 0; i < indexed.Count; i++)
                    if (indexed[i].Index != i) throw new InvalidDataException($"{source}: /{name}/vars has no variable {i} (found {string.Join(", ", indexed.Select(x => x.Index))}).");
                layers[name] = [.. indexed.Select(x => ReadDataset(x.Dataset, $"{name}/vars/{x.Index}", source))];
            }
            if (layer.LinkExists("layers")) ReadKeras3(layer.Group("layers"), name + "/", layers, source);
        }
    }

    private static void ReadLegacy(IH5Group root, Dictionary<string, IReadOnlyList<Tensor>> layers, string source)
    {
        foreach (var layerName in ReadStrings(root, "layer_names", source))
        {
            if (!root.LinkExists(layerName)) throw new InvalidDataException($"{source}: layer_names lists '{layerName}' but there is no such group.");
            var group = root.Group(layerName);
            var weightNames = group.AttributeExists("weight_names") ? ReadStrings(group, "weight_names", source) : [];
            var values = new List<Tensor>();
            foreach (var weightName in weightNames)
            {
                if (!group.LinkExists(weightName) || group.Get(weightName) is not IH5Dataset d)
                    throw new InvalidDataException($"{source}: layer '{layerName}' lists weight '{weightName}' but there is no such dataset.");
                values.Add(ReadDataset(d, $"{layerName}/{weightName}", source));
            }
            layers[layerName] = values;
        }
    }

    private static string[] ReadStrings(IH5Object owner, string attribute, string source)
    {
        var a = owner.Attribute(attribute);
        if (a.Type.Class != H5DataTypeClass.String)
            throw new InvalidDataException($"{source}: the attribute '{attribute}' of '{owner.Name}' is not a string array.");
        return a.Space.Dimensions.Length == 0 ? [a.Read<string>()] : a.Read<string[]>();
    }

    private static Tensor ReadDataset(IH5Dataset d, string name, string source)
    {
        var dims = d.Space.Dimensions;
        if (dims.Length > Shape.MaxRank) throw new InvalidDataException($"{source}: '{name}' has rank {dims.Length}, more than {Shape.MaxRank}.");
        var shape = new int[dims.Length];
        for (int i = 0; i < dims.Length; i++)
            shape[i] = dims[i] <= int.MaxValue ? (int)dims[i] : throw new InvalidDataException($"{source}: '{name}' has a dimension of {dims[i]}.");
        if (d.Type.Class != H5DataTypeClass.FloatingPoint || d.Type.Size is not (4 or 8))
            throw new InvalidDataException($"{source}: '{name}' holds {d.Type.Class} data of {d.Type.Size} bytes; only float32 and float64 weights are read.");
        return d.Type.Size == 4 ? Tensor.FromArray(d.Read<float[]>(), new Shape(shape)) : Tensor.FromArray(d.Read<double[]>(), new Shape(shape));
    }
}
