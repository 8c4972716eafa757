using System.Text.Json.Nodes;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Serialization;
using Xunit.Abstractions;
using static DeepLearning.Tests.Serialization.CraftedFileTests;

namespace DeepLearning.Tests.Serialization;

/// <summary>
/// A model file is validated completely (every weight shape its architecture implies, every name and dtype, against
/// the file's entries) before anything the architecture implies is allocated: the managed memory allocated up to the
/// end of validation is at most twice the file's size plus 16 MB. The crafted files here are a few kilobytes whose
/// architecture feeds a 4096 × 4096 image (64 MB per activation in float32) through a convolution; the weights stay
/// consistent except for the one broken at the end, so a loader that builds by running a sample through the layers
/// allocates hundreds of megabytes before it finds the problem.
/// </summary>
public class ValidationBeforeAllocationTests(ITestOutputHelper output)
{
    /// <summary>Far above the 16 MB the bound allows for a small file, far below the 2^26-element cap on a sample.</summary>
    private const int Side = 4096;

    private static long Bound(byte[] file) => 2L * file.Length + (16 << 20);

    /// <summary>image (8, 8, 1) → conv (one 3 × 3 filter, same padding) → global average → head (Dense 1), trained one
    /// step with SGD and momentum (so the file holds an optimizer state), saved and then
    /// edited to take <see cref="Side"/> × <see cref="Side"/> images: the weights' shapes do not depend on the image size,
    /// so the edited file is a valid model whose one-sample build allocates about 64 MB per activation.</summary>
    private static (Model Original, byte[] File) ConvNet()
    {
        var image = new Input([8, 8, 1], name: "image");
        var features = new Conv2D(1, 3, padding: Padding.Same, name: "conv").Call(image);
        var y = new Dense(1, name: "head").Call(new GlobalAveragePooling2D(name: "pool").Call(features));
        var model = new Model(image, y, "convnet");
        model.Compile(new SGD(0.1, momentum: 0.9), new MeanSquaredError());
        var g = new Generator(11);
        model.Fit(Tensor.RandomNormal([4, 8, 8, 1], generator: g), Tensor.RandomNormal([4, 1], generator: g), epochs: 1, batchSize: 4, verbose: 0);
        var file = WithArchitecture(Saved(model), a => LayerEntry(a, "image")["config"]!["shape"] = JsonNode.Parse($"[{Side}, {Side}, 1]"));
        return (model, file);
    }

    /// <summary>Loads <paramref name="file"/> (which must be refused) twice: once to warm up, once measuring the bytes
    /// this thread allocates until the refusal.</summary>
    private (InvalidDataException Error, long Allocated) RefusedWithin(byte[] file)
    {
        Assert.Throws<InvalidDataException>(() => Model.Load(new MemoryStream(file), sourceName: "crafted.dlmodel"));
        // The warm-up's tensors went back to the CPU pool, whose reuse the count below would not see.
        DeepLearning.Devices.Device.Cpu.TrimPool();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => Model.Load(new MemoryStream(file), sourceName: "crafted.dlmodel"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"file {file.Length} bytes, allocated {allocated} bytes until refused: {e.Message}");
        Assert.StartsWith("crafted.dlmodel: ", e.Message);
        Assert.True(allocated <= Bound(file), $"allocated {allocated} bytes before refusing a {file.Length}-byte file (bound {Bound(file)})");
        return (e, allocated);
    }

    [Fact]
    public void AWeightThatDisagreesAfterAHugeActivationIsRefusedBeforeTheActivationIsAllocated()
    {
        var (_, file) = ConvNet();
        var broken = WithArchitecture(file, a => LayerEntry(a, "head")["config"]!["units"] = 2);
        var (e, _) = RefusedWithin(broken);
        Assert.Contains("layer 'head' creates the weight 'kernel' of shape (1, 2)", e.Message);
    }

    [Fact]
    public void ATensorTheArchitectureDoesNotCreateIsRefusedBeforeBuilding()
    {
        var (_, file) = ConvNet();
        var broken = WithContent(file, (_, tensors) => tensors.Add(new("stray/kernel", Tensor.Zeros([1]))));
        var (e, _) = RefusedWithin(broken);
        Assert.Contains("Unexpected in the file: 'stray/kernel'", e.Message);
    }

    [Fact]
    public void AnIntegerTensorForAFloatWeightIsRefusedBeforeBuilding()
    {
        var (_, file) = ConvNet();
        var broken = WithContent(file, (_, tensors) =>
        {
            int i = tensors.FindIndex(t => t.Key == "head/bias");
            tensors[i] = new("head/bias", Tensor.Zeros([1], DType.Int32));
        });
        var (e, _) = RefusedWithin(broken);
        Assert.Contains("tensor 'head/bias' is I32", e.Message);
    }

    [Fact]
    public void ABrokenOptimizerStateIsRefusedBeforeBuilding()
    {
        var (_, file) = ConvNet();
        string slot = "";
        var broken = WithContent(file, (_, tensors) =>
        {
            int i = tensors.FindIndex(t => t.Key.StartsWith("optimizer/", StringComparison.Ordinal));
            slot = tensors[i].Key;
            tensors[i] = new(slot, Tensor.Zeros([7]));
        });
        var (e, _) = RefusedWithin(broken);
        Assert.Contains($"the slot '{slot["optimizer/".Length..]}' has shape (7,)", e.Message);
    }

    [Fact]
    public void ASequentialBuiltFromHugeStoredShapesIsRefusedBeforeItsBuild()
    {
        // Without an Input the model is built by one call on zeros of the stored per-sample shapes.
        var model = new Sequential([new Conv2D(1, 3, padding: Padding.Same, name: "conv"), new GlobalAveragePooling2D(name: "pool"), new Dense(1, name: "head")], "stack");
        model.Predict(Tensor.Zeros([1, 8, 8, 1]));
        var file = WithArchitecture(Saved(model), a =>
        {
            a["build"]!["input_shapes"] = JsonNode.Parse($"[[{Side}, {Side}, 1]]");
            a["config"]!["layers"]!.AsArray().First(l => (string?)l!["config"]!["name"] == "head")!["config"]!["units"] = 2;
        });
        var (e, _) = RefusedWithin(file);
        Assert.Contains("layer 'head'", e.Message);
    }

    [Fact]
    public void AValidFileWithHugeActivationsIsValidatedWithinTheBoundAndThenLoads()
    {
        var (original, file) = ConvNet();
        using (var warmUp = SafeTensorsFile.Open(new MemoryStream(file), "valid.dlmodel")) ModelFile.Validate(warmUp, new LayerRegistry(), compile: true);
        DeepLearning.Devices.Device.Cpu.TrimPool();
        long before = GC.GetAllocatedBytesForCurrentThread();
        using (var reader = SafeTensorsFile.Open(new MemoryStream(file), "valid.dlmodel")) ModelFile.Validate(reader, new LayerRegistry(), compile: true);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"file {file.Length} bytes, allocated {allocated} bytes to validate it");
        Assert.True(allocated <= Bound(file), $"allocated {allocated} bytes to validate a {file.Length}-byte file (bound {Bound(file)})");

        // Validation passed, so the model is built for real (its one-sample build is what the model costs) and loads.
        var loaded = Model.Load(new MemoryStream(file));
        Assert.Equal(new Shape(Side, Side, 1), Assert.IsType<Input>(loaded.GetLayer("image")).Shape);
        Assert.Equal(original.Weights.Count, loaded.Weights.Count);
        for (int i = 0; i < original.Weights.Count; i++) Assert.Equal(original.Weights[i].ToArray<float>(), loaded.Weights[i].ToArray<float>());
        Assert.Equal(1, Assert.IsType<SGD>(loaded.Optimizer).Iterations);
    }

    /// <summary>A Sequential of an Input (4) and <paramref name="count"/> layers made by <paramref name="layer"/>, saved.</summary>
    private static byte[] Stack(int count, Func<Layer> layer)
    {
        var layers = new List<Layer> { new Input(4) };
        for (int i = 0; i < count; i++) layers.Add(layer());
        return Saved(new Sequential([.. layers], "stack"));
    }

    [Fact]
    public void AnArchitectureOfTensOfThousandsOfTinyLayersIsRefusedWithinTheBound()
    {
        // 20,000 ReLU layers: a 2.8 MB file whose shape-only rebuild would allocate about 110 MB (5.5 KB per layer).
        var file = Stack(20_000, () => new ReLU());
        var (e, _) = RefusedWithin(file);
        Assert.Contains("its header is too large for its weights", e.Message);
    }

    [Fact]
    public void AHeaderThatIsMostOfTheFileIsRefusedBeforeItIsRead()
    {
        // A 40 MB metadata entry: reading and parsing such a header allocates about five times its size.
        var (_, file) = ConvNet();
        var padded = WithMetadata(file, m => m["notes"] = new string('x', 40 << 20));
        var (e, allocated) = RefusedWithin(padded);
        Assert.Contains("reading its header would take", e.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes before refusing the header");
    }

    [Fact]
    public void AThousandLayerModelWithSmallWeightsStillLoads()
    {
        var file = Stack(1000, () => new Dense(4));
        var loaded = Model.Load(new MemoryStream(file));
        Assert.Equal(1000, loaded.Layers.Count);
        Assert.Equal(2000, loaded.Weights.Count);
    }
}
