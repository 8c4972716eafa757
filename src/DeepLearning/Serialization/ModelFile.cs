using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DeepLearning.Models;
using DeepLearning.Optimizers;

namespace DeepLearning.Serialization;

/// <summary>
/// The library's three kinds of safetensors file, told apart by <c>__metadata__["format"]</c>:
/// a whole model ("deeplearning.model": architecture, compile configuration, weights, optimizer state), weights only
/// ("deeplearning.weights") and a training checkpoint ("deeplearning.checkpoint": weights, optimizer state and the
/// training position, for <see cref="Models.Callbacks.BackupAndRestore"/>). Weights are named by
/// <see cref="WeightNames"/>; optimizer slots are "optimizer/{parameterIndex}/{slot}" with the index into the model's
/// trainable weights (<see cref="Optimizer.ExportState"/>), the iteration count and optimizer-level numbers in
/// <c>__metadata__["optimizer_state"]</c>.
/// </summary>
internal static class ModelFile
{
    public const string FormatKey = "format";
    public const string VersionKey = "format_version";
    public const string ModelFormat = "deeplearning.model";
    public const string WeightsFormat = "deeplearning.weights";
    public const string CheckpointFormat = "deeplearning.checkpoint";
    public const string Version = "1";
    public const string OptimizerPrefix = "optimizer/";

    /// <summary>The metadata keys each format may hold.</summary>
    private static readonly Dictionary<string, string[]> MetadataKeys = new(StringComparer.Ordinal)
    {
        [ModelFormat] = [FormatKey, VersionKey, SafeTensorsFile.ChecksumKey, "architecture", "compile", "optimizer_state"],
        [WeightsFormat] = [FormatKey, VersionKey, SafeTensorsFile.ChecksumKey],
        [CheckpointFormat] = [FormatKey, VersionKey, SafeTensorsFile.ChecksumKey, "training_state", "optimizer_state"],
    };

    public static void SaveModel(Model model, Stream stream, bool includeOptimizer)
    {
        var (tensors, metadata) = ModelContent(model, includeOptimizer);
        SafeTensorsFile.Write(stream, tensors, metadata);
    }

    public static void SaveModel(Model model, string path, bool includeOptimizer)
    {
        var (tensors, metadata) = ModelContent(model, includeOptimizer);
        SafeTensorsFile.Write(path, tensors, metadata);
    }

    private static (List<KeyValuePair<string, Tensor>>, Dictionary<string, string>) ModelContent(Model model, bool includeOptimizer)
    {
        var metadata = new Dictionary<string, string>
        {
            [FormatKey] = ModelFormat,
            [VersionKey] = Version,
            ["architecture"] = ModelArchitecture.ToJson(model),
        };
        if (model.IsCompiled) metadata["compile"] = CompileConfig.ToJson(model);
        var tensors = WeightNames.Collect(model);
        if (includeOptimizer && model.IsCompiled) AddOptimizer(model, tensors, metadata);
        return (tensors, metadata);
    }

    public static void SaveWeights(Model model, string path) =>
        SafeTensorsFile.Write(path, WeightNames.Collect(model), new Dictionary<string, string> { [FormatKey] = WeightsFormat, [VersionKey] = Version });

    public static void SaveCheckpoint(Model model, string path, TrainingPosition position)
    {
        var metadata = new Dictionary<string, string>
        {
            [FormatKey] = CheckpointFormat,
            [VersionKey] = Version,
            ["training_state"] = position.ToJson(),
        };
        var tensors = WeightNames.Collect(model);
        if (model.IsCompiled) AddOptimizer(model, tensors, metadata);
        SafeTensorsFile.Write(path, tensors, metadata);
    }

    public static Model LoadModel(Stream stream, string source, LayerRegistry registry, bool compile)
    {
        using var budget = LoadBudget.Begin(source, stream.Length);
        using var reader = SafeTensorsFile.Open(stream, source, requireChecksum: true, leaveOpen: true);
        var (architecture, weightEntries) = Validate(reader, registry, compile);
        budget.Dispose();   // the budget covers what comes before validation ends, not the real build

        // Building the layers draws initial weights from the default generator (as Keras's load_model does); the
        // loaded values overwrite them.
        Model model;
        using (LoadGuard.Begin(source, weightEntries))
            model = ModelArchitecture.FromJson(architecture, registry, source);
        Assign(reader, MatchWeights(reader, model, weightEntries));
        if (compile) RestoreCompiled(reader, model);
        return model;
    }

    /// <summary>Compiles a loaded model as the file says and restores its optimizer state (when the file has a compile
    /// configuration this library can rebuild).</summary>
    private static void RestoreCompiled(SafeTensorsReader reader, Model model)
    {
        if (reader.Metadata.TryGetValue("compile", out var json) && CompileConfig.Restore(model, json, reader.Source))
            LoadOptimizer(reader, model);
    }

    /// <summary>
    /// Validates an open model file against its own architecture without building the model: the format, then the
    /// architecture rebuilt on the meta device (every output and weight shape computed by the layers' own code, no
    /// tensor memory), each weight it creates checked as it is created (<see cref="LoadGuard"/>), every weight
    /// matched with the file's entry of the same name in shape and dtype with no entry left over, and, with
    /// <paramref name="compile"/>, the compile configuration and optimizer state restored onto that shape-only model
    /// (its warnings dropped: the real load repeats them). The entries' byte ranges were checked against the file's
    /// length when the reader opened it. This is what <see cref="LoadModel"/> does before it allocates anything the
    /// architecture implies.
    /// </summary>
    /// <returns>The architecture's JSON and the file's weight entries (all but the optimizer's).</returns>
    /// <exception cref="InvalidDataException">The file does not describe a model whose weights it holds.</exception>
    internal static (string Architecture, List<SafeTensorEntry> WeightEntries) Validate(SafeTensorsReader reader, LayerRegistry registry, bool compile)
    {
        string source = reader.Source;
        CheckFormat(reader, ModelFormat);
        string architecture = reader.Metadata.TryGetValue("architecture", out var a) ? a
            : throw new InvalidDataException($"{source}: the model file has no architecture.");
        var weightEntries = reader.Entries.Where(e => !e.Name.StartsWith(OptimizerPrefix, StringComparison.Ordinal)).ToList();
        using (LoadGuard.BeginShapeOnly(source, weightEntries))
        {
            var shapes = ModelArchitecture.FromJson(architecture, registry, source);
            MatchWeights(reader, shapes, weightEntries);
            if (compile)
                using (Diagnostics.MuteThisThread())
                    RestoreCompiled(reader, shapes);
        }
        return (architecture, weightEntries);
    }

    public static void LoadWeights(Model model, string path, WeightMatching matching)
    {
        using var reader = SafeTensorsFile.Open(path);
        string source = reader.Source;
        CheckFormat(reader, WeightsFormat, ModelFormat, CheckpointFormat);
        var weights = WeightNames.Collect(model);
        var entries = reader.Entries.Where(e => !e.Name.StartsWith(OptimizerPrefix, StringComparison.Ordinal)).ToList();
        List<(SafeTensorEntry, Tensor)> pairs;
        if (matching == WeightMatching.ByPosition)
        {
            if (entries.Count != weights.Count)
                throw new InvalidDataException($"{source}: the file holds {entries.Count} weights but model '{model.Name}' has {weights.Count}.");
            pairs = [.. entries.Zip(weights, (e, w) => (e, w.Value))];
        }
        else
        {
            var names = weights.Select(w => w.Key).ToHashSet(StringComparer.Ordinal);
            var missing = weights.Where(w => !reader.Contains(w.Key)).Select(w => w.Key).ToList();
            var unexpected = entries.Where(e => !names.Contains(e.Name)).Select(e => e.Name).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new InvalidDataException($"{source}: the weight names do not match model '{model.Name}'. {Mismatch(missing, unexpected)} " +
                    "(Names are layer paths such as 'dense_1/kernel'; load with WeightMatching.ByPosition when only the names differ.)");
            pairs = [.. weights.Select(w => (reader[w.Key], w.Value))];
        }
        Assign(reader, pairs);
    }

    /// <summary>Restores the weights (by position), the optimizer state and returns the training position.</summary>
    public static TrainingPosition LoadCheckpoint(Model model, string path)
    {
        using var reader = SafeTensorsFile.Open(path);
        string source = reader.Source;
        CheckFormat(reader, CheckpointFormat);
        var position = TrainingPosition.FromJson(reader.Metadata.TryGetValue("training_state", out var s) ? s
            : throw new InvalidDataException($"{source}: the checkpoint has no training state."), source);
        var weights = WeightNames.Collect(model);
        var entries = reader.Entries.Where(e => !e.Name.StartsWith(OptimizerPrefix, StringComparison.Ordinal)).ToList();
        if (entries.Count != weights.Count)
            throw new InvalidDataException($"{source}: the backup holds {entries.Count} weights but model '{model.Name}' has {weights.Count}; it was made by another model.");
        Assign(reader, [.. entries.Zip(weights, (e, w) => (e, w.Value))]);
        if (model.IsCompiled) LoadOptimizer(reader, model);
        return position;
    }

    private static void CheckFormat(SafeTensorsReader reader, params string[] accepted)
    {
        reader.Metadata.TryGetValue(FormatKey, out var format);
        if (format is null || !accepted.Contains(format))
            throw new InvalidDataException($"{reader.Source}: the file's format is '{format ?? "(none)"}', expected {string.Join(" or ", accepted.Select(a => $"'{a}'"))}" +
                (format == WeightsFormat ? " (a weights-only file: build the model and call LoadWeights)." : "."));
        if (!reader.Metadata.TryGetValue(VersionKey, out var version) || version != Version)
        {
            bool newer = int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > int.Parse(Version, CultureInfo.InvariantCulture);
            throw new InvalidDataException(newer
                ? $"{reader.Source}: the file has format version {version}, newer than this library reads ({Version}); it was written by a newer version of the library: update the library to load it."
                : $"{reader.Source}: format version '{version ?? "(none)"}' is not a version this library wrote (it reads version {Version}); the file is damaged or not one of the library's.");
        }
        JsonKeys.RequireKnown(reader.Metadata.Keys, reader.Source, $"the metadata of a '{format}' file", MetadataKeys[format]);
    }

    /// <summary>Pairs every weight of a loaded model's architecture with the file's entry of the same name, and checks
    /// that no name is missing or left over and that each pair agrees in shape and dtype.</summary>
    /// <exception cref="InvalidDataException">A name is missing or unexpected, or a shape or dtype differs.</exception>
    private static List<(SafeTensorEntry Entry, Tensor Target)> MatchWeights(SafeTensorsReader reader, Model model, List<SafeTensorEntry> weightEntries)
    {
        var weights = WeightNames.Collect(model);
        var expected = weights.Select(w => w.Key).ToHashSet(StringComparer.Ordinal);
        var unexpected = weightEntries.Where(e => !expected.Contains(e.Name)).Select(e => e.Name).ToList();
        var missing = weights.Where(w => !reader.Contains(w.Key)).Select(w => w.Key).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new InvalidDataException($"{reader.Source}: the weights do not match the architecture. {Mismatch(missing, unexpected)}");
        var pairs = weights.Select(w => (reader[w.Key], w.Value)).ToList();
        CheckPairs(reader, pairs);
        return pairs;
    }

    /// <exception cref="InvalidDataException">A file entry and its weight differ in shape or in being floating-point.</exception>
    private static void CheckPairs(SafeTensorsReader reader, List<(SafeTensorEntry Entry, Tensor Target)> pairs)
    {
        foreach (var (entry, target) in pairs)
        {
            if (entry.Shape != target.Shape)
                throw new InvalidDataException($"{reader.Source}: tensor '{entry.Name}' has shape {entry.Shape}, but the model's weight '{target.Name}' has shape {target.Shape}.");
            if (entry.DType.IsFloating() != target.DType.IsFloating())
                throw new InvalidDataException($"{reader.Source}: tensor '{entry.Name}' is {entry.DTypeCode}, but the model's weight '{target.Name}' is {target.DType}.");
        }
    }

    /// <summary>Validates every shape, reads every tensor, then assigns them all (so nothing changes on a failure).</summary>
    private static void Assign(SafeTensorsReader reader, List<(SafeTensorEntry Entry, Tensor Target)> pairs)
    {
        CheckPairs(reader, pairs);
        using var scope = TensorScope.Begin();
        using var noGrad = Tensor.NoGrad();
        var values = pairs.Select(p => reader.ReadTensor(p.Entry, p.Target.DType)).ToList();
        for (int i = 0; i < pairs.Count; i++)
        {
            var target = pairs[i].Target;
            target.Assign(values[i].To(target.Device));
        }
    }

    private static void AddOptimizer(Model model, List<KeyValuePair<string, Tensor>> tensors, Dictionary<string, string> metadata)
    {
        var optimizer = model.Optimizer!;
        var state = optimizer.ExportState(model.TrainableWeights);
        foreach (var (key, tensor) in state.Slots.OrderBy(kv => kv.Key, StringComparer.Ordinal)) tensors.Add(new(OptimizerPrefix + key, tensor));
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, SafeTensorsFile.JsonOptions))
        {
            w.WriteStartObject();
            w.WriteString("class_name", optimizer.GetType().Name);
            w.WriteNumber("iterations", state.Iterations);
            w.WriteStartObject("scalars");
            foreach (var (k, v) in state.Scalars)
            {
                w.WritePropertyName(k);
                LayerConfigJson.WriteDouble(w, v);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        metadata["optimizer_state"] = Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void LoadOptimizer(SafeTensorsReader reader, Model model)
    {
        string source = reader.Source;
        if (!reader.Metadata.TryGetValue("optimizer_state", out var json)) return;
        var optimizer = model.Optimizer!;
        long iterations;
        var scalars = new Dictionary<string, double>(StringComparer.Ordinal);
        string savedClass;
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            JsonKeys.RequireKnown(doc.RootElement, source, "the optimizer state", "class_name", "iterations", "scalars");
            savedClass = doc.RootElement.GetProperty("class_name").GetString()!;
            iterations = doc.RootElement.GetProperty("iterations").GetInt64();
            foreach (var p in doc.RootElement.GetProperty("scalars").EnumerateObject()) scalars[p.Name] = p.Value.GetDouble();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{source}: the optimizer state is malformed ({e.Message})", e);
        }
        if (savedClass != optimizer.GetType().Name)
            throw new InvalidDataException($"{source}: the optimizer state was saved by {savedClass}, but model '{model.Name}' is compiled with {optimizer.GetType().Name}.");
        using var scope = TensorScope.Begin();
        var slots = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var e in reader.Entries)
            if (e.Name.StartsWith(OptimizerPrefix, StringComparison.Ordinal)) slots[e.Name[OptimizerPrefix.Length..]] = reader.ReadTensor(e);
        try
        {
            optimizer.ImportState(new OptimizerState(iterations, slots, scalars), model.TrainableWeights);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
    }

    private static string Mismatch(List<string> missing, List<string> unexpected)
    {
        static string List(List<string> names) => string.Join(", ", names.Take(10).Select(n => $"'{n}'")) + (names.Count > 10 ? $" and {names.Count - 10} more" : "");
        var sb = new StringBuilder();
        if (missing.Count > 0) sb.Append($"Missing from the file: {List(missing)}.");
        if (unexpected.Count > 0) sb.Append(sb.Length > 0 ? " " : "").Append($"Unexpected in the file: {List(unexpected)}.");
        return sb.ToString();
    }
}
