using System.Buffers;
using System.Text;
using System.Text.Json;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Models.Callbacks;
using DeepLearning.Optimizers;
using DeepLearning.Serialization;

namespace DeepLearning.Tests.Serialization;

public class ConfigAndRegistryTests
{
    private static string ToJson(LayerConfig config)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, SafeTensorsFile.JsonOptions)) LayerConfigJson.Write(w, config);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static LayerConfig FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return LayerConfigJson.Read(doc.RootElement, "test");
    }

    [Fact]
    public void ConfigValuesRoundTripWithTheirTypes()
    {
        var config = new LayerConfig()
            .Set("i", 3).Set("l", 1L << 40).Set("d", 1.0).Set("tiny", 1e-300).Set("third", 1.0 / 3).Set("big", 1e20)
            .Set("nan", double.NaN).Set("inf", double.NegativeInfinity).Set("b", true).Set("none", null)
            .Set("s", "quote \" and ünïcode + <tag>").Set("ints", new[] { 1, -2 }).Set("doubles", new[] { 1.0, 2.5 })
            .Set("strings", new[] { "a", "b" }).Set("nested", new LayerConfig().Set("name", "relu").Set("parameter", 0.5))
            .Set("list", new[] { new LayerConfig().Set("k", 1), new LayerConfig().Set("k", 2) });
        string json = ToJson(config);
        Assert.Contains("\"d\":1.0", json);
        Assert.Contains("\"big\":1E+20", json);
        Assert.Contains("\"nan\":{\"__double__\":\"NaN\"}", json);
        Assert.Contains("\"doubles\":[1.0,2.5]", json);

        var back = FromJson(json);
        Assert.Equal(config.Entries.Select(e => e.Key), back.Entries.Select(e => e.Key));
        Assert.IsType<int>(back["i"]);
        Assert.Equal(1L << 40, Assert.IsType<long>(back["l"]));
        Assert.Equal(1.0, Assert.IsType<double>(back["d"]));
        Assert.Equal(1e-300, back["tiny"]);
        Assert.Equal(1.0 / 3, back["third"]);
        Assert.True(double.IsNaN((double)back["nan"]!));
        Assert.Equal(double.NegativeInfinity, back["inf"]);
        Assert.Equal(true, back["b"]);
        Assert.Null(back["none"]);
        Assert.Equal("quote \" and ünïcode + <tag>", back["s"]);
        Assert.Equal([1, -2], Assert.IsType<int[]>(back["ints"]));
        Assert.Equal([1.0, 2.5], Assert.IsType<double[]>(back["doubles"]));
        Assert.Equal(["a", "b"], Assert.IsType<string[]>(back["strings"]));
        Assert.Equal(0.5, back.GetConfig("nested")!.GetDouble("parameter"));
        Assert.Equal([1, 2], Assert.IsType<LayerConfig[]>(back["list"]).Select(c => c.GetInt("k")));
        Assert.Equal(json, ToJson(back));
    }

    [Theory]
    [InlineData("{\"a\":[1,\"x\"]}", "mixes numbers")]
    [InlineData("{\"a\":[[1]]}", "arrays may hold")]
    [InlineData("{\"a\":1,\"a\":2}", "'a' twice")]
    [InlineData("{\"a\":1e999}", "out of range")]
    public void BadConfigJsonIsInvalidData(string json, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => FromJson(json));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void TheRegistryFindsTheLibrarysLayersAndTakesCustomOnes()
    {
        Assert.Contains("Dense", LayerRegistry.BuiltInClassNames);
        Assert.Contains("Input", LayerRegistry.BuiltInClassNames);
        Assert.Contains("Activation", LayerRegistry.BuiltInClassNames);
        Assert.DoesNotContain("Layer", LayerRegistry.BuiltInClassNames);
        Assert.DoesNotContain("Model", LayerRegistry.BuiltInClassNames);
        Assert.DoesNotContain("Scale", LayerRegistry.BuiltInClassNames);   // a test-assembly type is never found by name

        var registry = new LayerRegistry();
        Assert.False(registry.Contains("Scale"));
        registry.Register("Scale", Scale.FromConfig).Register("Dense", c => new Dense(99, name: c.GetString("name")));
        Assert.True(registry.Contains("Scale"));
        var dense = Assert.IsType<Dense>(registry.Create("Dense", new Dense(3, name: "d").GetConfig(), "src"));
        Assert.Equal(99, dense.Units);   // a registration overrides a built-in
        Assert.Throws<ArgumentException>(() => registry.Register("Sequential", c => new Dense(1)));
        var e = Assert.Throws<InvalidDataException>(() => registry.Create("Dense", new LayerConfig(), "src.dlmodel"));
        Assert.Contains("src.dlmodel: layer class 'Dense' could not be rebuilt", e.Message);
        var unknown = Assert.Throws<InvalidDataException>(() => new LayerRegistry().Create("System.IO.File", new LayerConfig(), "f"));
        Assert.Contains("'System.IO.File' is not known", unknown.Message);
    }

    [Fact]
    public void EveryLayerClassWithAFromConfigIsRegisteredExplicitly()
    {
        // The registry lists the library's layers by hand (trimming and NativeAOT keep no reflection over types); this
        // reflection, in the test only, finds a layer class that was added without its registration.
        var withFromConfig = typeof(Layer).Assembly.GetExportedTypes()
            .Where(t => !t.IsAbstract && typeof(Layer).IsAssignableFrom(t)
                        && t.GetMethod("FromConfig", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static, [typeof(LayerConfig)]) is not null)
            .Select(t => t.Name).Order(StringComparer.Ordinal);
        Assert.Equal(withFromConfig, LayerRegistry.BuiltInClassNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NestedLayersResolveThroughTheRegistryOfTheLoadInProgress()
    {
        var config = new Scale(3.0, name: "inner").GetConfig();
        Assert.Throws<InvalidDataException>(() => LayerRegistry.CreateNested("Scale", config, "wrapper"));
        var registry = new LayerRegistry().Register("Scale", Scale.FromConfig);
        var layer = registry.Activate(() => LayerRegistry.CreateNested("Scale", config, "wrapper"));
        Assert.Equal(3.0, Assert.IsType<Scale>(layer).Factor);
        Assert.Throws<InvalidDataException>(() => LayerRegistry.CreateNested("Scale", config, "wrapper"));
    }

    [Fact]
    public void HistorySavesItsCsvAtomically()
    {
        var history = new History();
        history.OnEpochEnd(0, new Logs { ["loss"] = 0.5, ["accuracy"] = 0.25 });
        history.OnEpochEnd(1, new Logs { ["loss"] = 0.125, ["accuracy"] = 0.75, ["val_loss"] = 0.1 });
        using var dir = new TempDirectory();
        string path = dir.File("sub/history.csv");
        history.SaveCsv(path);
        Assert.Equal("epoch,loss,accuracy,val_loss\n0,0.5,0.25,NaN\n1,0.125,0.75,0.1\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void HistoryOfAFitToCsv()
    {
        var x = Tensor.FromArray(new float[,] { { 0 }, { 1 }, { 2 }, { 3 } });
        var y = x * 2;
        var model = new Sequential(new Input(1), new Dense(1, kernelInitializer: "ones"));
        model.Compile(new SGD(0.0), new MeanSquaredError());
        var history = model.Fit(x, y, epochs: 2, batchSize: 4, verbose: 0);
        // W = 1, b = 0, lr 0: predictions x, errors x, loss mean(x²) = (0 + 1 + 4 + 9) / 4 = 3.5 each epoch.
        var lines = history.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("epoch,loss,learning_rate", lines[0]);
        Assert.Equal("0,3.5,0", lines[1]);
        Assert.Equal("1,3.5,0", lines[2]);
    }
}
