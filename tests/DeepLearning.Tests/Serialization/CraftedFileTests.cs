using System.Diagnostics;
using System.Text.Json.Nodes;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Regularizers;
using DeepLearning.Serialization;

namespace DeepLearning.Tests.Serialization;

/// <summary>Model files that are well-formed safetensors with a valid checksum but whose architecture is crafted or
/// broken: each must end in an <see cref="InvalidDataException"/> naming the file and the problem, quickly and without
/// allocating what the architecture claims.</summary>
public class CraftedFileTests
{
    internal static byte[] Saved(Model model)
    {
        var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    /// <summary>The same file with its architecture JSON edited and the checksum recomputed (what an attacker can do).</summary>
    internal static byte[] WithArchitecture(byte[] file, Action<JsonNode> edit) => WithJson(file, "architecture", edit);

    /// <summary>The file with one JSON metadata entry edited and the checksum recomputed.</summary>
    internal static byte[] WithJson(byte[] file, string key, Action<JsonNode> edit) => WithMetadata(file, metadata =>
    {
        var node = JsonNode.Parse(metadata[key])!;
        edit(node);
        metadata[key] = node.ToJsonString();
    });

    /// <summary>The file with its metadata edited and the checksum recomputed.</summary>
    internal static byte[] WithMetadata(byte[] file, Action<Dictionary<string, string>> edit) => WithContent(file, (metadata, _) => edit(metadata));

    /// <summary>The file with its metadata and its tensors (name, value; in file order) edited and the checksum recomputed.</summary>
    internal static byte[] WithContent(byte[] file, Action<Dictionary<string, string>, List<KeyValuePair<string, Tensor>>> edit)
    {
        using var reader = SafeTensorsFile.Open(new MemoryStream(file), "original");
        var metadata = reader.Metadata.Where(kv => kv.Key != SafeTensorsFile.ChecksumKey).ToDictionary(kv => kv.Key, kv => kv.Value);
        var tensors = reader.Entries.Select(e => new KeyValuePair<string, Tensor>(e.Name, reader.ReadTensor(e))).ToList();
        edit(metadata, tensors);
        var output = new MemoryStream();
        SafeTensorsFile.Write(output, tensors, metadata);
        return output.ToArray();
    }

    private static InvalidDataException Refused(byte[] bytes)
    {
        var e = Assert.Throws<InvalidDataException>(() => Model.Load(new MemoryStream(bytes), sourceName: "crafted.dlmodel"));
        Assert.StartsWith("crafted.dlmodel: ", e.Message);
        return e;
    }

    private static byte[] Chain()
    {
        var input = new Input([3], name: "in");
        var y = new Dense(2, name: "second").Call(new Dense(4, name: "first").Call(input));
        return Saved(new Model(input, y, "chain"));
    }

    internal static JsonNode LayerEntry(JsonNode architecture, string name) =>
        architecture["config"]!["layers"]!.AsArray().First(l => (string?)l!["name"] == name)!;

    [Fact]
    public void ACycleIsRefusedNamingTheStuckLayer()
    {
        // first ← second ← first: neither call can ever be made.
        var bytes = WithArchitecture(Chain(), a => LayerEntry(a, "first")["inbound_nodes"] = JsonNode.Parse("""[[["second", 0, 0]]]"""));
        var e = Refused(bytes);
        Assert.Contains("layer 'first'", e.Message);
        Assert.Contains("cycle", e.Message);
    }

    [Fact]
    public void AReferenceToAMissingLayerIsRefused()
    {
        var bytes = WithArchitecture(Chain(), a => LayerEntry(a, "second")["inbound_nodes"] = JsonNode.Parse("""[[["nowhere", 0, 0]]]"""));
        var e = Refused(bytes);
        Assert.Contains("layer 'second'", e.Message);
    }

    [Fact]
    public void AnUnknownLayerClassIsRefused()
    {
        var bytes = WithArchitecture(Chain(), a => LayerEntry(a, "second")["class_name"] = "Denze");
        Assert.Contains("'Denze' is not known", Refused(bytes).Message);
    }

    [Fact]
    public void AHugeDenseIsRefusedBeforeItsKernelIsAllocated()
    {
        var small = Saved(new Sequential([new Input(3), new Dense(4, name: "dense")], "small"));
        var bytes = WithArchitecture(small, a => a["config"]!["layers"]![1]!["config"]!["units"] = 100_000_000);
        Assert.True(bytes.Length < 4096, $"the crafted file has {bytes.Length} bytes");
        Refused(bytes); // warm-up: the timing below measures the check, not the JIT

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Refused(bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // The fastest of five refusals, so a busy machine's scheduling does not decide the test.
        long fastest = long.MaxValue;
        for (int i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            Refused(bytes);
            fastest = Math.Min(fastest, clock.ElapsedMilliseconds);
        }
        // Without the check: a 3 × 100,000,000 float32 kernel (1.2 GB) is allocated and initialised first.
        Assert.Contains("layer 'dense'", e.Message);
        Assert.Contains("(3, 100000000)", e.Message);
        Assert.True(fastest < 100, $"refused after {fastest} ms");
        Assert.True(allocated < 16 << 20, $"allocated {allocated} bytes before refusing");
    }

    [Fact]
    public void AWeightShapeThatDisagreesWithTheFileIsRefusedAtTheLayer()
    {
        var bytes = WithArchitecture(Chain(), a => LayerEntry(a, "first")["config"]!["units"] = 5);
        var e = Refused(bytes);
        Assert.Contains("layer 'first' creates the weight 'kernel' of shape (3, 5)", e.Message);
        Assert.Contains("(3, 4)", e.Message);
    }

    [Fact]
    public void AnInputOfTwoToTheThirtyIsRefused()
    {
        var bytes = WithArchitecture(Chain(), a => LayerEntry(a, "in")["config"]!["shape"] = JsonNode.Parse("[1073741824]"));
        Assert.Contains("1073741824", Refused(bytes).Message);
    }

    [Fact]
    public void AnInputWhoseSizeOverflowsIsRefused()
    {
        var bytes = WithArchitecture(Chain(), a => LayerEntry(a, "in")["config"]!["shape"] = JsonNode.Parse("[65536, 65536, 65536]"));
        Refused(bytes);
    }

    private static byte[] Compiled()
    {
        var model = new Sequential([new Input(3), new Dense(2, Activation.Tanh, name: "dense") { KernelRegularizer = Regularizer.L2(0.01) }], "compiled");
        model.Compile(new SGD(0.1, momentum: 0.9), new MeanSquaredError());
        var g = new Generator(3);
        model.Fit(Tensor.RandomNormal([4, 3], generator: g), Tensor.RandomNormal([4, 2], generator: g), epochs: 1, batchSize: 4, verbose: 0);
        return Saved(model);
    }

    [Fact]
    public void TheUnmodifiedCompiledFileLoads()
    {
        var model = Model.Load(new MemoryStream(Compiled()));
        Assert.Equal(0.9, Assert.IsType<SGD>(model.Optimizer).Momentum);
        Assert.Equal(1, model.Optimizer!.Iterations);
    }

    [Fact]
    public void AMisspelledLayerKeyIsRefusedNamingTheLayerAndKey()
    {
        // Without the check, "activaton" was ignored and the layer silently became linear.
        var bytes = WithArchitecture(Compiled(), a =>
        {
            var config = a["config"]!["layers"]![1]!["config"]!.AsObject();
            config["activaton"] = config["activation"]!.DeepClone();
            config.Remove("activation");
        });
        var e = Refused(bytes);
        Assert.Contains("layer 'dense' (Dense)", e.Message);
        Assert.Contains("'activaton'", e.Message);
    }

    [Fact]
    public void AMisspelledKeyOfANestedConfigIsRefused()
    {
        var bytes = WithArchitecture(Compiled(), a =>
        {
            var regularizer = a["config"]!["layers"]![1]!["config"]!["kernel_regularizer"]!.AsObject();
            regularizer["l3"] = 0.5;
        });
        Assert.Contains("'kernel_regularizer.l3'", Refused(bytes).Message);
    }

    [Fact]
    public void AMisspelledOptimizerHyperparameterIsRefused()
    {
        var bytes = WithJson(Compiled(), "compile", c =>
        {
            var config = c["optimizer"]!["config"]!.AsObject();
            config["momentun"] = 0.5;
        });
        var e = Refused(bytes);
        Assert.Contains("SGD configuration", e.Message);
        Assert.Contains("'momentun'", e.Message);
    }

    [Fact]
    public void AMisspelledOptimizerStateKeyIsRefused()
    {
        var bytes = WithJson(Compiled(), "optimizer_state", s =>
        {
            var root = s.AsObject();
            root["iteration"] = root["iterations"]!.DeepClone();
        });
        var e = Refused(bytes);
        Assert.Contains("the optimizer state", e.Message);
        Assert.Contains("'iteration'", e.Message);
    }

    [Fact]
    public void AMisspelledMetadataKeyIsRefused()
    {
        // "optimizer_stat" would otherwise load with a fresh optimizer, silently resetting its state.
        var bytes = WithMetadata(Compiled(), m =>
        {
            m["optimizer_stat"] = m["optimizer_state"];
            m.Remove("optimizer_state");
        });
        Assert.Contains("'optimizer_stat'", Refused(bytes).Message);
    }

    [Fact]
    public void ANewerFormatVersionIsToldApartFromABrokenOne()
    {
        var newer = Refused(WithMetadata(Compiled(), m => m["format_version"] = "2"));
        Assert.Contains("newer version of the library", newer.Message);
        var broken = Refused(WithMetadata(Compiled(), m => m["format_version"] = "1x"));
        Assert.Contains("damaged", broken.Message);
        Assert.DoesNotContain("newer", broken.Message);
    }

    [Fact]
    public void LoadingADirectorySaysSo()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InvalidDataException>(() => Model.Load(dir.Path));
        Assert.Contains("is a directory", e.Message);
        Assert.Contains("is a directory", Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Open(dir.Path)).Message);
    }
}
