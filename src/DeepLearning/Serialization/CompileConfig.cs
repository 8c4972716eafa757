using System.Buffers;
using System.Text;
using System.Text.Json;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Optimizers;

namespace DeepLearning.Serialization;

/// <summary>
/// A compiled model's training configuration, saved best-effort (as Keras's compile_config):
/// <code>
/// {"optimizer": {"class_name": "Adam", "config": {"learning_rate": 0.001, "beta_1": 0.9, …, "weight_decay": null, "clipnorm": null, …}},
///  "losses": [{"class_name": "SparseCategoricalCrossentropy", "from_logits": true, "reduction": "SumOverBatchSize"}],
///  "loss_weights": [1.0], "metrics": [["accuracy"]]}
/// </code>
/// Restored: the library's eight optimizers with their hyperparameters (a constant learning rate; a schedule is
/// replaced by the constant rate it gave at the saved step, with a warning), the losses by class with their
/// reduction and the options of the cross-entropies (fromLogits, labelSmoothing, ignoreClass) and Huber (delta),
/// other losses with default options; loss weights; metrics by name through <see cref="Metric.FromName"/> (a metric
/// that name cannot rebuild is dropped with a warning). Not restored: custom optimizers or losses (the model loads
/// uncompiled, with a warning), weight-decay exclusions.
/// </summary>
internal static class CompileConfig
{
    public static string ToJson(Model model)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, SafeTensorsFile.JsonOptions))
        {
            w.WriteStartObject();
            WriteOptimizer(w, model.Optimizer!);
            w.WriteStartArray("losses");
            foreach (var loss in model.LossFunctions) WriteLoss(w, loss);
            w.WriteEndArray();
            w.WriteStartArray("loss_weights");
            foreach (var weight in model.CompiledLossWeights) LayerConfigJson.WriteDouble(w, weight);
            w.WriteEndArray();
            w.WriteStartArray("metrics");
            foreach (var list in model.CompiledMetrics)
            {
                w.WriteStartArray();
                foreach (var m in list) w.WriteStringValue(m.Name);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Compiles <paramref name="model"/> from the saved configuration; false (with a warning) when a part
    /// cannot be rebuilt.</summary>
    /// <exception cref="InvalidDataException">The configuration is malformed.</exception>
    public static bool Restore(Model model, string json, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            var root = doc.RootElement;
            JsonKeys.RequireKnown(root, source, "the compile configuration", "optimizer", "losses", "loss_weights", "metrics");
            var optimizer = ReadOptimizer(root.GetProperty("optimizer"), source);
            if (optimizer is null) return false;
            var losses = new List<Loss>();
            foreach (var l in root.GetProperty("losses").EnumerateArray())
            {
                var loss = ReadLoss(l, source);
                if (loss is null) return false;
                losses.Add(loss);
            }
            var weights = root.GetProperty("loss_weights").EnumerateArray().Select(e => e.GetDouble()).ToList();
            var metrics = new List<IReadOnlyList<Metric>>();
            int i = 0;
            foreach (var list in root.GetProperty("metrics").EnumerateArray())
            {
                var row = new List<Metric>();
                foreach (var name in list.EnumerateArray().Select(e => e.GetString()!))
                {
                    try
                    {
                        row.Add(Metric.FromName(name, i < losses.Count ? losses[i] : null));
                    }
                    catch (ArgumentException)
                    {
                        Diagnostics.Warn("Model.Load", $"{source}: the metric '{name}' cannot be rebuilt from its name; the model is compiled without it.");
                    }
                }
                metrics.Add(row);
                i++;
            }
            model.Compile(optimizer, losses, weights, metrics);
            return true;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{source}: the compile configuration is malformed ({e.Message})", e);
        }
        catch (ArgumentException e)
        {
            Diagnostics.Warn("Model.Load", $"{source}: the saved compile configuration does not fit the model ({e.Message}); the model is loaded uncompiled.");
            return false;
        }
    }

    private static void WriteOptimizer(Utf8JsonWriter w, Optimizer o)
    {
        w.WriteStartObject("optimizer");
        w.WriteString("class_name", o.GetType().Name);
        w.WriteStartObject("config");
        w.WriteString("name", o.Name);
        Number(w, "learning_rate", o.CurrentLearningRate);
        if (o.Schedule is { } schedule) w.WriteString("learning_rate_schedule", schedule.GetType().Name);
        Number(w, "weight_decay", o.WeightDecay);
        Number(w, "clipnorm", o.ClipNorm);
        Number(w, "clipvalue", o.ClipValue);
        Number(w, "global_clipnorm", o.GlobalClipNorm);
        switch (o)
        {
            case SGD s:
                Number(w, "momentum", s.Momentum);
                w.WriteBoolean("nesterov", s.Nesterov);
                break;
            case AdaptiveMomentOptimizer a:
                Number(w, "beta_1", a.Beta1);
                Number(w, "beta_2", a.Beta2);
                Number(w, "epsilon", a.Epsilon);
                if (a is Adam adam) w.WriteBoolean("amsgrad", adam.AmsGrad);
                break;
            case RMSprop r:
                Number(w, "rho", r.Rho);
                Number(w, "momentum", r.Momentum);
                Number(w, "epsilon", r.Epsilon);
                w.WriteBoolean("centered", r.Centered);
                break;
            case Adadelta d:
                Number(w, "rho", d.Rho);
                Number(w, "epsilon", d.Epsilon);
                break;
            case Adagrad g:
                Number(w, "initial_accumulator_value", g.InitialAccumulatorValue);
                Number(w, "epsilon", g.Epsilon);
                break;
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static HashSet<string> OptimizerKeys(Optimizer o) => JsonKeys.Written(w =>
    {
        w.WriteStartObject();
        WriteOptimizer(w, o);
        w.WriteEndObject();
    }, "optimizer", "config");

    private static Optimizer? ReadOptimizer(JsonElement e, string source)
    {
        JsonKeys.RequireKnown(e, source, "the optimizer entry", "class_name", "config");
        string cls = e.GetProperty("class_name").GetString()!;
        var c = e.GetProperty("config");
        double lr = c.GetProperty("learning_rate").GetDouble();
        if (c.TryGetProperty("learning_rate_schedule", out var schedule))
            Diagnostics.Warn("Model.Load", $"{source}: the learning-rate schedule {schedule.GetString()} is not saved; the optimizer continues with the constant rate {lr} it gave at the saved step. Assign optimizer.Schedule to resume the schedule.");
        double? wd = Optional(c, "weight_decay"), clipNorm = Optional(c, "clipnorm"), clipValue = Optional(c, "clipvalue"), globalClip = Optional(c, "global_clipnorm");
        string? name = c.TryGetProperty("name", out var n) ? n.GetString() : null;
        double D(string key) => c.GetProperty(key).GetDouble();
        bool B(string key) => c.GetProperty(key).GetBoolean();
        Optimizer? result = cls switch
        {
            nameof(SGD) => new SGD(lr, D("momentum"), B("nesterov"), wd, clipNorm, clipValue, globalClip, name),
            nameof(AdamW) => new AdamW(lr, wd ?? 0, D("beta_1"), D("beta_2"), D("epsilon"), B("amsgrad"), clipNorm, clipValue, globalClip, name),
            nameof(Adam) => new Adam(lr, D("beta_1"), D("beta_2"), D("epsilon"), B("amsgrad"), wd, clipNorm, clipValue, globalClip, name),
            nameof(RMSprop) => new RMSprop(lr, D("rho"), D("momentum"), D("epsilon"), B("centered"), wd, clipNorm, clipValue, globalClip, name),
            nameof(Nadam) => new Nadam(lr, D("beta_1"), D("beta_2"), D("epsilon"), wd, clipNorm, clipValue, globalClip, name),
            nameof(Adamax) => new Adamax(lr, D("beta_1"), D("beta_2"), D("epsilon"), wd, clipNorm, clipValue, globalClip, name),
            nameof(Adadelta) => new Adadelta(lr, D("rho"), D("epsilon"), wd, clipNorm, clipValue, globalClip, name),
            nameof(Adagrad) => new Adagrad(lr, D("initial_accumulator_value"), D("epsilon"), wd, clipNorm, clipValue, globalClip, name),
            _ => null,
        };
        if (result is null)
            Diagnostics.Warn("Model.Load", $"{source}: the optimizer class '{cls}' is not one of the library's; the model is loaded uncompiled (compile it yourself).");
        // The keys this optimizer writes are the keys it reads: anything else (a misspelled "momentun") is refused.
        else JsonKeys.RequireKnown(c, source, $"the {cls} configuration", [.. OptimizerKeys(result), "learning_rate_schedule"]);
        return result;
    }

    private static void WriteLoss(Utf8JsonWriter w, Loss loss)
    {
        w.WriteStartObject();
        w.WriteString("class_name", loss.GetType().Name);
        w.WriteString("name", loss.Name);
        w.WriteString("reduction", loss.Reduction.ToString());
        switch (loss)
        {
            case SmoothedCrossentropy c:
                w.WriteBoolean("from_logits", c.FromLogits);
                Number(w, "label_smoothing", c.LabelSmoothing);
                break;
            case SparseCategoricalCrossentropy s:
                w.WriteBoolean("from_logits", s.FromLogits);
                if (s.IgnoreClass is int ignored) w.WriteNumber("ignore_class", ignored);
                break;
            case Huber h:
                Number(w, "delta", h.Delta);
                break;
        }
        w.WriteEndObject();
    }

    private static Loss? ReadLoss(JsonElement e, string source)
    {
        var loss = ReadLossOfClass(e, source);
        // The keys this loss writes are the keys it reads (a misspelled "from_logit" is refused, not ignored).
        if (loss is not null) JsonKeys.RequireKnown(e, source, $"the loss {loss.GetType().Name}", JsonKeys.Written(w => WriteLoss(w, loss)));
        return loss;
    }

    private static Loss? ReadLossOfClass(JsonElement e, string source)
    {
        string cls = e.GetProperty("class_name").GetString()!;
        string name = e.GetProperty("name").GetString()!;
        var reduction = Enum.Parse<LossReduction>(e.GetProperty("reduction").GetString()!);
        bool logits = e.TryGetProperty("from_logits", out var f) && f.GetBoolean();
        double smoothing = e.TryGetProperty("label_smoothing", out var s) ? s.GetDouble() : 0;
        switch (cls)
        {
            case nameof(BinaryCrossentropy): return new BinaryCrossentropy(logits, smoothing, reduction: reduction, name: name);
            case nameof(CategoricalCrossentropy): return new CategoricalCrossentropy(logits, smoothing, reduction: reduction, name: name);
            case nameof(SparseCategoricalCrossentropy):
                return new SparseCategoricalCrossentropy(logits, e.TryGetProperty("ignore_class", out var ic) ? ic.GetInt32() : null, reduction: reduction, name: name);
            case nameof(Huber): return new Huber(e.GetProperty("delta").GetDouble(), reduction, name);
        }
        try
        {
            var loss = Loss.FromName(cls);
            if (loss.Reduction != reduction)
                Diagnostics.Warn("Model.Load", $"{source}: the loss {cls} is rebuilt with its default reduction {loss.Reduction}, not the saved {reduction}.");
            return loss;
        }
        catch (ArgumentException)
        {
            Diagnostics.Warn("Model.Load", $"{source}: the loss class '{cls}' cannot be rebuilt; the model is loaded uncompiled (compile it yourself).");
            return null;
        }
    }

    private static void Number(Utf8JsonWriter w, string key, double? value)
    {
        w.WritePropertyName(key);
        if (value is double d) LayerConfigJson.WriteDouble(w, d);
        else w.WriteNullValue();
    }

    private static double? Optional(JsonElement c, string key) =>
        c.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
