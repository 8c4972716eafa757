using DeepLearning.Activations;
using DeepLearning.Layers;
using DeepLearning.Models;
using DeepLearning.Serialization;
using static DeepLearning.Tests.Interop.InteropFixtures;

namespace DeepLearning.Tests.Interop;

/// <summary>
/// PyTorch state_dicts (F32, F16, BF16) imported into Keras-layout models reproduce the outputs PyTorch 1.13
/// computed (Interop/Fixtures, written by make_interop.py): within 1e-5 absolute, against the outputs from the F32
/// weights for F32 files and against the outputs PyTorch computed from the rounded weights for F16 and BF16 files.
/// </summary>
public class PyTorchImportTests
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string, string> Precisions => new()
    {
        { "f32", "output" },
        { "f16", "output_from_f16_weights" },
        { "bf16", "output_from_bf16_weights" },
    };

    [Theory]
    [MemberData(nameof(Precisions))]
    public void MlpReproducesPyTorch(string precision, string output)
    {
        var io = Read("mlp.io.safetensors");
        var model = new Sequential(
            new Input(784),
            new Dense(128, activation: Activation.ReLU, name: "fc1"),
            new Dense(64, activation: Activation.ReLU, name: "fc2"),
            new Dense(10, name: "fc3"));
        var report = PyTorchWeights.Load(model, PathOf($"mlp.{precision}.safetensors"));
        Assert.Equal(["fc1", "fc2", "fc3"], report.LoadedLayers);
        Assert.Empty(report.SkippedLayers);
        Assert.Empty(report.UnusedTensors);
        TestHelpers.AssertClose(io[output], model.Predict(io["input"]), rtol: 0, atol: Tolerance, what: $"mlp {precision}");
        if (precision == "f32")
        {
            var fc1 = (Dense)model.GetLayer("fc1");
            TestHelpers.AssertClose(io["fc1_preact"], io["input"].MatMul(fc1.Kernel!) + fc1.Bias!, rtol: 0, atol: Tolerance, what: "mlp fc1_preact");
        }
    }

    [Theory]
    [MemberData(nameof(Precisions))]
    public void CnnReproducesPyTorchThroughTheFlattenPermutation(string precision, string output)
    {
        var io = Read("cnn.io.safetensors");
        // Functional, with fc1's ReLU as its own layer so its pre-activation is an output: every one of fc1's rows
        // is then checked, not only the 4 of 8 units that fire.
        var input = new Input(28, 28, 1);
        var x = new Conv2D(32, 3, padding: Padding.Same, activation: Activation.ReLU, name: "conv1").Call(input.Output);
        x = new Conv2D(64, 3, padding: Padding.Same, activation: Activation.ReLU, name: "conv2").Call(x);
        x = new MaxPooling2D(2).Call(x);
        x = new Flatten().Call(x);
        var preact = new Dense(8, name: "fc1").Call(x);
        var logits = new Dense(10, name: "fc2").Call(new ReLU().Call(preact));
        var model = new Model(input.Output, logits);
        var features = new Model(input.Output, preact);

        var report = PyTorchWeights.Load(model, PathOf($"cnn.{precision}.safetensors"));
        Assert.Equal(["conv1", "conv2", "fc1", "fc2"], report.LoadedLayers);
        TestHelpers.AssertClose(io[output], model.Predict(io["input_nhwc"]), rtol: 0, atol: Tolerance, what: $"cnn {precision}");
        if (precision == "f32")
            TestHelpers.AssertClose(io["fc1_preact"], features.Predict(io["input_nhwc"]), rtol: 0, atol: Tolerance, what: "cnn fc1_preact");
    }

    [Theory]
    [MemberData(nameof(Precisions))]
    public void LstmReproducesPyTorchWithTheTwoBiasesSummed(string precision, string output)
    {
        var io = Read("lstm.io.safetensors");
        var input = new Input(28, 28);
        var h = new LSTM(32, name: "lstm").Call(input.Output);
        var model = new Model(input.Output, new Dense(10, name: "fc").Call(h));
        var report = PyTorchWeights.Load(model, PathOf($"lstm.{precision}.safetensors"));
        Assert.Equal(["lstm", "fc"], report.LoadedLayers);
        TestHelpers.AssertClose(io[output], model.Predict(io["input"]), rtol: 0, atol: Tolerance, what: $"lstm {precision}");
        if (precision == "f32")
            TestHelpers.AssertClose(io["lstm_last_h"], new Model(input.Output, h).Predict(io["input"]), rtol: 0, atol: Tolerance, what: "lstm_last_h");
    }

    [Theory]
    [MemberData(nameof(Precisions))]
    public void GruReproducesPyTorchWithTheGatesReordered(string precision, string output)
    {
        var io = Read("gru.io.safetensors");
        var model = new Sequential(new Input(5, 8), new GRU(16, returnSequences: true, name: "gru"));
        PyTorchWeights.Load(model, PathOf($"gru.{precision}.safetensors"));
        TestHelpers.AssertClose(io[output], model.Predict(io["input"]), rtol: 0, atol: Tolerance, what: $"gru {precision}");
    }

    [Fact]
    public void HalfFilesDecodeToTheRoundedF32Weights()
    {
        // Independent of the reader's decoding: .NET's float → Half conversion and the bit formula of the fixtures'
        // README, (u + 0x7FFF + ((u >> 16) & 1)) >> 16, both round to nearest, ties to even.
        foreach (var model in new[] { "mlp", "cnn", "lstm", "gru" })
        {
            var f32 = Read($"{model}.f32.safetensors");
            var f16 = Read($"{model}.f16.safetensors");
            var bf16 = Read($"{model}.bf16.safetensors");
            foreach (var (name, t) in f32)
            {
                var values = t.ToArray<float>();
                var h = f16[name].ToArray<float>();
                var b = bf16[name].ToArray<float>();
                for (int i = 0; i < values.Length; i++)
                {
                    Assert.Equal((float)(Half)values[i], h[i]);
                    uint u = BitConverter.SingleToUInt32Bits(values[i]);
                    uint rounded = (u + 0x7FFF + ((u >> 16) & 1)) >> 16 << 16;
                    Assert.Equal(BitConverter.UInt32BitsToSingle(rounded), b[i]);
                }
            }
        }
    }

    [Theory]
    [InlineData("f32", "output", 1e-4)]
    [InlineData("bf16", "output_from_bf16_weights", 1e-4)]
    public void TrainedMnistCnnReproducesPyTorchWithADropoutAfterTheFlatten(string precision, string output, double atol)
    {
        // Activations reach 26 here, so float32 rounding needs the README's scaled tolerance 1e-4 + 1e-5·|ref|. The
        // Dropout (identity at inference) checks that the flatten permutation is found through a weightless layer.
        var io = Read("mnist_cnn.io.safetensors");
        var model = new Sequential(
            new Input(28, 28, 1),
            new Conv2D(16, 3, padding: Padding.Same, activation: Activation.ReLU, name: "conv1"),
            new MaxPooling2D(2),
            new Conv2D(32, 3, padding: Padding.Same, activation: Activation.ReLU, name: "conv2"),
            new MaxPooling2D(2),
            new Flatten(),
            new Dropout(0.5),
            new Dense(64, activation: Activation.ReLU, name: "fc1"),
            new Dense(10, name: "fc2"));
        PyTorchWeights.Load(model, PathOf($"mnist_cnn.{precision}.safetensors"));
        var logits = model.Predict(io["input_nhwc"]);
        TestHelpers.AssertClose(io[output], logits, rtol: 1e-5, atol: atol, what: $"mnist_cnn {precision}");
        Assert.Equal(io["output"].ArgMax(1).ToArray<int>(), logits.ArgMax(1).ToArray<int>());
    }

    [Fact]
    public void StrictModeListsEveryMismatchAtOnceAndChangesNothing()
    {
        var model = new Sequential(
            new Input(784),
            new Dense(100, activation: Activation.ReLU, name: "fc1"),  // the file has 128 units
            new Dense(64, activation: Activation.ReLU, name: "hidden"), // the file calls it fc2
            new Dense(10, name: "fc3"));
        var before = model.GetWeights().Select(w => w.ToArray<float>()).ToList();
        var e = Assert.Throws<InvalidDataException>(() => PyTorchWeights.Load(model, PathOf("mlp.f32.safetensors")));
        Assert.Contains("mlp.f32.safetensors", e.Message);
        Assert.Contains("layer 'fc1' (Dense): tensor 'fc1.weight' has shape (128, 784) in the file, but the layer's kernel needs PyTorch shape (100, 784)", e.Message);
        Assert.Contains("layer 'fc1' (Dense): tensor 'fc1.bias' has shape (128,) in the file, but the layer's bias needs PyTorch shape (100,)", e.Message);
        Assert.Contains("layer 'hidden' (Dense): tensor 'hidden.weight' (for the kernel, PyTorch shape (64, 100)) is missing from the file", e.Message);
        Assert.Contains("tensor 'fc2.weight' (64, 128) is used by no layer", e.Message);
        Assert.Contains("tensor 'fc2.bias' (64,) is used by no layer", e.Message);
        Assert.Equal(before, model.GetWeights().Select(w => w.ToArray<float>()).ToList());
    }

    [Fact]
    public void LenientModeSkipsMismatchedLayersAndTheNameMapRenames()
    {
        var io = Read("mlp.io.safetensors");
        var model = new Sequential(
            new Input(784),
            new Dense(128, activation: Activation.ReLU, name: "fc1"),
            new Dense(64, activation: Activation.ReLU, name: "hidden"),
            new Dense(5, name: "head"));
        var head = (Dense)model.GetLayer("head");
        var headBefore = head.Kernel!.ToArray<float>();
        var report = PyTorchWeights.Load(model, PathOf("mlp.f32.safetensors"), new WeightImportOptions
        {
            Strict = false,
            LayerNames = path => path switch { "hidden" => "fc2", "head" => "fc3", _ => path },
        });
        Assert.Equal(["fc1", "hidden"], report.LoadedLayers);
        Assert.Equal(["layer 'head' (Dense): tensor 'fc3.weight' has shape (10, 64) in the file, but the layer's kernel needs PyTorch shape (5, 64); " +
            "layer 'head' (Dense): tensor 'fc3.bias' has shape (10,) in the file, but the layer's bias needs PyTorch shape (5,)"], report.SkippedLayers);
        Assert.Empty(report.UnusedTensors);
        Assert.Equal(headBefore, head.Kernel!.ToArray<float>());

        // The hidden layer is PyTorch's: relu(relu(x·W1ᵀ + b1)·W2ᵀ + b2), from the file's tensors directly.
        var t = Read("mlp.f32.safetensors");
        var expected = (io["input"].MatMul(t["fc1.weight"].Transpose()) + t["fc1.bias"]).Relu().MatMul(t["fc2.weight"].Transpose()) + t["fc2.bias"];
        var hiddenModel = new Model(model.Input!.Output, model.GetLayer("hidden").Call(model.GetLayer("fc1").Call(model.Input!.Output)));
        TestHelpers.AssertClose(expected.Relu(), hiddenModel.Predict(io["input"]), rtol: 0, atol: Tolerance, what: "hidden");
    }

    [Fact]
    public void ANameMapReturningNullLeavesALayerAloneEvenWhenStrict()
    {
        var model = new Sequential(new Input(784), new Dense(128, name: "fc1"), new Dense(64, name: "fc2"), new Dense(10, name: "fc3"));
        var e = Assert.Throws<InvalidDataException>(() =>
            PyTorchWeights.Load(model, PathOf("mlp.f32.safetensors"), new WeightImportOptions { LayerNames = p => p == "fc3" ? null : p }));
        Assert.Contains("tensor 'fc3.weight' (10, 64) is used by no layer", e.Message); // strict still rejects the unused tensors
        Assert.DoesNotContain("layer 'fc3'", e.Message);
        var report = PyTorchWeights.Load(model, PathOf("mlp.f32.safetensors"),
            new WeightImportOptions { Strict = false, LayerNames = p => p == "fc3" ? null : p });
        Assert.Equal(["fc1", "fc2"], report.LoadedLayers);
        Assert.Equal(["layer 'fc3' (Dense): left alone by the name map"], report.SkippedLayers);
        Assert.Equal(["'fc3.weight' (10, 64)", "'fc3.bias' (10,)"], report.UnusedTensors);
    }

    [Fact]
    public void AResetBeforeGruAndAnUnmappableLayerAreReported()
    {
        var model = new Sequential(new Input(5, 8), new GRU(16, returnSequences: true, resetAfter: false, name: "gru"),
            new Bidirectional(new LSTM(4), name: "bi"));
        var e = Assert.Throws<InvalidDataException>(() => PyTorchWeights.Load(model, PathOf("gru.f32.safetensors")));
        Assert.Contains("layer 'gru' (GRU): PyTorch's GRU applies the reset gate after the recurrent product", e.Message);
        Assert.Contains("layer 'bi' (Bidirectional): has no PyTorch mapping", e.Message);
    }

    [Fact]
    public void AnUnbuiltModelIsRejected()
    {
        var model = new Sequential(new Dense(3));
        var e = Assert.Throws<InvalidOperationException>(() => PyTorchWeights.Load(model, PathOf("mlp.f32.safetensors")));
        Assert.Contains("build it", e.Message);
    }
}
