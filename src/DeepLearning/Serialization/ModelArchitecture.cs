using System.Buffers;
using System.Text;
using System.Text.Json;
using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Serialization;

/// <summary>
/// A model's architecture as JSON, shaped like Keras's model config:
/// <code>
/// {"class_name": "Sequential", "config": {"name": …, "trainable": …, "layers": [{"class_name": "Dense", "config": {…}}, …]}}
/// {"class_name": "Functional", "config": {"name": …, "trainable": …,
///     "layers": [{"class_name": …, "name": …, "config": {…}, "inbound_nodes": [[[layer, node, tensor], …], …]}, …],
///     "input_layers": [[layer, node, tensor], …], "output_layers": [[layer, node, tensor], …]}}
/// {"class_name": "MyModel", "config": {…GetConfig()…}, "build": {"input_shapes": [[…]], "dtype": "float32"}}
/// </code>
/// A nested model is a layer entry whose config is its own architecture. In a functional config, "node" counts the
/// calls of that layer within this model (Keras's node index), "tensor" picks one of the call's outputs. "build"
/// (root only) holds the per-sample input shapes of a model that is not built by its structure (a Sequential
/// without an Input, a subclassed model), so that loading can build it with one call on zeros.
/// </summary>
internal static class ModelArchitecture
{
    public const string SequentialClass = "Sequential";
    public const string FunctionalClass = "Functional";

    public static string ToJson(Model model)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, SafeTensorsFile.JsonOptions))
        {
            w.WriteStartObject();
            WriteBody(w, model);
            if (model.Built && model.BuiltInputShapes is { } shapes && NeedsBuild(model))
            {
                w.WriteStartObject("build");
                w.WriteStartArray("input_shapes");
                foreach (var s in shapes)
                {
                    w.WriteStartArray();
                    foreach (int d in s) w.WriteNumberValue(d);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteString("dtype", (model.DType ?? DType.Float32).ToNumPyName());
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Rebuilds a model from <see cref="ToJson"/>'s text.</summary>
    /// <exception cref="InvalidDataException">Malformed JSON, an unknown class, or a graph that cannot be rebuilt.</exception>
    public static Model FromJson(string json, LayerRegistry registry, string source)
    {
        LoadBudget.Check("parsing its architecture", upcoming: (long)json.Length * LoadBudget.ArchitectureCostPerChar);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: the architecture is not valid JSON ({e.Message})", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            var layer = registry.Activate(() => ReadEntry(root, registry, source));
            if (layer is not Model model)
                throw new InvalidDataException($"{source}: the architecture describes a {layer.GetType().Name}, not a model.");
            if (!model.Built && root.ValueKind == JsonValueKind.Object && root.TryGetProperty("build", out var build)) Build(model, build, source);
            return model;
        }
    }

    private static bool NeedsBuild(Model model) => model is Sequential s ? s.Input is null : model.GetType() != typeof(Model) || model.Graph is null;

    private static void WriteBody(Utf8JsonWriter w, Layer layer)
    {
        switch (layer)
        {
            case Sequential s:
                w.WriteString("class_name", SequentialClass);
                w.WriteStartObject("config");
                w.WriteString("name", s.Name);
                w.WriteBoolean("trainable", s.Trainable);
                w.WriteStartArray("layers");
                if (s.Input is { } input) WriteSimpleEntry(w, input);
                foreach (var l in s.StackedLayers) WriteSimpleEntry(w, l);
                w.WriteEndArray();
                w.WriteEndObject();
                break;
            case Model m when m.GetType() == typeof(Model) && m.Graph is { } graph:
                w.WriteString("class_name", FunctionalClass);
                w.WriteStartObject("config");
                w.WriteString("name", m.Name);
                w.WriteBoolean("trainable", m.Trainable);
                WriteGraph(w, m, graph);
                w.WriteEndObject();
                break;
            default:
                w.WriteString("class_name", layer.GetType().Name);
                w.WritePropertyName("config");
                LayerConfigJson.Write(w, WeightOptions.ConfigOf(layer));
                break;
        }
    }

    private static void WriteSimpleEntry(Utf8JsonWriter w, Layer layer)
    {
        w.WriteStartObject();
        WriteBody(w, layer);
        w.WriteEndObject();
    }

    private static void WriteGraph(Utf8JsonWriter w, Model model, FunctionalGraph graph)
    {
        var local = new Dictionary<SymbolicNode, int>(ReferenceEqualityComparer.Instance);
        var order = new List<Layer>();
        var nodesOf = new Dictionary<Layer, List<SymbolicNode>>(ReferenceEqualityComparer.Instance);
        foreach (var node in graph.Nodes)
        {
            if (!nodesOf.TryGetValue(node.Layer, out var list))
            {
                nodesOf[node.Layer] = list = [];
                order.Add(node.Layer);
            }
            local[node] = list.Count;
            list.Add(node);
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in order)
            if (!names.Add(layer.Name))
                throw new InvalidOperationException($"Model '{model.Name}': two layers are named '{layer.Name}'; a functional model needs unique layer names to be saved (its graph refers to layers by name).");

        w.WriteStartArray("layers");
        foreach (var layer in order)
        {
            w.WriteStartObject();
            WriteBody(w, layer);
            w.WriteString("name", layer.Name);
            w.WriteStartArray("inbound_nodes");
            if (layer is not Input)
                foreach (var node in nodesOf[layer])
                {
                    w.WriteStartArray();
                    foreach (var t in node.Inputs) WriteRef(w, t, local);
                    w.WriteEndArray();
                }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("input_layers");
        foreach (var t in graph.Inputs) WriteRef(w, t, local);
        w.WriteEndArray();
        w.WriteStartArray("output_layers");
        foreach (var t in graph.Outputs) WriteRef(w, t, local);
        w.WriteEndArray();
    }

    private static void WriteRef(Utf8JsonWriter w, SymbolicTensor t, Dictionary<SymbolicNode, int> local)
    {
        w.WriteStartArray();
        w.WriteStringValue(t.Layer.Name);
        w.WriteNumberValue(local[t.Node]);
        w.WriteNumberValue(t.OutputIndex);
        w.WriteEndArray();
    }

    private static Layer ReadEntry(JsonElement entry, LayerRegistry registry, string source)
    {
        if (entry.ValueKind != JsonValueKind.Object) throw Bad(source, "a layer entry is not a JSON object.");
        string className = GetString(entry, "class_name", source, "a layer entry");
        LoadBudget.Check("creating a layer of class", className);
        if (!entry.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object)
            throw Bad(source, $"the '{className}' entry has no config object.");
        return className switch
        {
            SequentialClass => ReadSequential(config, registry, source),
            FunctionalClass => ReadFunctional(config, registry, source),
            _ => registry.Create(className, LayerConfigJson.Read(config, $"{source}: layer '{className}'"), source),
        };
    }

    private static Sequential ReadSequential(JsonElement config, LayerRegistry registry, string source)
    {
        string name = GetString(config, "name", source, "a Sequential config");
        var layers = new List<Layer>();
        foreach (var e in GetArray(config, "layers", source, $"Sequential '{name}'").EnumerateArray()) layers.Add(ReadEntry(e, registry, source));
        var model = Wrap(source, $"Sequential '{name}'", () => new Sequential(layers, name));
        if (!GetBool(config, "trainable", true)) model.Trainable = false;
        return model;
    }

    private static Model ReadFunctional(JsonElement config, LayerRegistry registry, string source)
    {
        string name = GetString(config, "name", source, "a Functional config");
        string where = $"model '{name}'";
        var entries = GetArray(config, "layers", source, where);
        var layers = new List<(string Name, Layer Layer, List<JsonElement> Nodes)>();
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in entries.EnumerateArray())
        {
            var layer = ReadEntry(e, registry, source);
            string layerName = GetString(e, "name", source, $"a layer entry of {where}");
            if (!byName.TryAdd(layerName, layers.Count)) throw Bad(source, $"{where} has two layers named '{layerName}'.");
            var nodes = new List<JsonElement>();
            if (layer is not Input)
                foreach (var n in GetArray(e, "inbound_nodes", source, $"layer '{layerName}'").EnumerateArray())
                {
                    if (n.ValueKind != JsonValueKind.Array) throw Bad(source, $"layer '{layerName}': an inbound node is not an array.");
                    nodes.Add(n);
                }
            layers.Add((layerName, layer, nodes));
        }

        var outputs = new Dictionary<(string, int), IReadOnlyList<SymbolicTensor>>();
        foreach (var (layerName, layer, _) in layers)
            if (layer is Input input) outputs[(layerName, 0)] = [input.Output];
        var next = new int[layers.Count];
        int remaining = layers.Sum(l => l.Nodes.Count);
        bool progress = true;
        while (remaining > 0 && progress)
        {
            progress = false;
            for (int i = 0; i < layers.Count; i++)
            {
                var (layerName, layer, nodes) = layers[i];
                while (next[i] < nodes.Count)
                {
                    var refs = nodes[next[i]];
                    var inputs = new List<SymbolicTensor>();
                    bool ready = true;
                    foreach (var r in refs.EnumerateArray())
                    {
                        var t = Resolve(r, outputs, source, $"layer '{layerName}' node {next[i]}");
                        if (t is null)
                        {
                            ready = false;
                            break;
                        }
                        inputs.Add(t);
                    }
                    if (!ready) break;
                    int nodeIndex = next[i];
                    outputs[(layerName, nodeIndex)] = Wrap(source, $"layer '{layerName}' (call {nodeIndex})", () => layer.CallMultiple(inputs));
                    next[i]++;
                    remaining--;
                    progress = true;
                }
            }
        }
        if (remaining > 0)
        {
            int stuck = Enumerable.Range(0, layers.Count).First(i => next[i] < layers[i].Nodes.Count);
            throw Bad(source, $"{where}: the call {next[stuck]} of layer '{layers[stuck].Name}' refers to a layer output that never becomes available (a missing layer or node, or a cycle).");
        }

        var modelInputs = new List<SymbolicTensor>();
        foreach (var r in GetArray(config, "input_layers", source, where).EnumerateArray())
            modelInputs.Add(Resolve(r, outputs, source, $"{where} input") ?? throw Bad(source, $"{where}: an input refers to an unknown layer output {r.GetRawText()}."));
        var modelOutputs = new List<SymbolicTensor>();
        foreach (var r in GetArray(config, "output_layers", source, where).EnumerateArray())
            modelOutputs.Add(Resolve(r, outputs, source, $"{where} output") ?? throw Bad(source, $"{where}: an output refers to an unknown layer output {r.GetRawText()}."));
        var model = Wrap(source, where, () => new Model(modelInputs, modelOutputs, name));
        if (!GetBool(config, "trainable", true)) model.Trainable = false;
        return model;
    }

    /// <summary>The symbolic tensor of a [layer, node, tensor] reference, or null when that node is not built yet.</summary>
    private static SymbolicTensor? Resolve(JsonElement r, Dictionary<(string, int), IReadOnlyList<SymbolicTensor>> outputs, string source, string where)
    {
        if (r.ValueKind != JsonValueKind.Array || r.GetArrayLength() != 3 || r[0].ValueKind != JsonValueKind.String
            || !r[1].TryGetInt32Safe(out int node) || !r[2].TryGetInt32Safe(out int tensor) || node < 0 || tensor < 0)
            throw Bad(source, $"{where}: the reference {r.GetRawText()} is not [layer name, node index, tensor index].");
        if (!outputs.TryGetValue((r[0].GetString()!, node), out var outs)) return null;
        if (tensor >= outs.Count) throw Bad(source, $"{where}: the reference {r.GetRawText()} asks for output {tensor} of a call with {outs.Count} output(s).");
        return outs[tensor];
    }

    private static bool TryGetInt32Safe(this JsonElement e, out int value)
    {
        value = 0;
        return e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out value);
    }

    private static void Build(Model model, JsonElement build, string source)
    {
        if (build.ValueKind != JsonValueKind.Object) throw Bad(source, "'build' is not an object.");
        var shapes = new List<Shape>();
        foreach (var s in GetArray(build, "input_shapes", source, "build").EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.Array || s.GetArrayLength() >= Shape.MaxRank) throw Bad(source, "build: an input shape is not an array of rank < 8.");
            var dims = new List<int>();
            foreach (var d in s.EnumerateArray())
                dims.Add(d.TryGetInt32Safe(out int v) && v >= 0 && v <= 1 << 20 ? v : throw Bad(source, $"build: bad dimension {d.GetRawText()}."));
            var shape = new Shape([.. dims]);
            LoadGuard.CheckSample(shape, $"model build input {shapes.Count}");
            shapes.Add(shape);
        }
        var dtype = GetString(build, "dtype", source, "build") switch
        {
            "float32" => DType.Float32,
            "float64" => DType.Float64,
            var other => throw Bad(source, $"build: unsupported dtype '{other}'."),
        };
        // The input dtype is not recorded: try the weights' floating dtype, then int32 (token inputs of an Embedding).
        Exception? first = null;
        foreach (var inputType in new[] { dtype, DType.Int32 })
        {
            try
            {
                using var scope = TensorScope.Begin();
                using var noGrad = Tensor.NoGrad();
                if (inputType == DType.Int32) model.DType = dtype;
                model.CallMultiple([.. shapes.Select(s => Tensor.Zeros([1, .. s.ToArray()], inputType))], training: false);
                return;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                first ??= e;
            }
        }
        throw new InvalidDataException($"{source}: model '{model.Name}' could not be built for inputs of shapes {string.Join(", ", shapes)}: {first!.Message}", first);
    }

    private static T Wrap<T>(string source, string what, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"{source}: {what} could not be rebuilt: {e.Message}", e);
        }
    }

    private static string GetString(JsonElement e, string key, string source, string what) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!
            : throw Bad(source, $"{what} has no string '{key}'.");

    private static JsonElement GetArray(JsonElement e, string key, string source, string what) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array ? v
            : throw Bad(source, $"{what} has no array '{key}'.");

    private static bool GetBool(JsonElement e, string key, bool fallback) =>
        e.TryGetProperty(key, out var v) ? v.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => fallback } : fallback;

    private static InvalidDataException Bad(string source, string problem) => new($"{source}: {problem}");
}
