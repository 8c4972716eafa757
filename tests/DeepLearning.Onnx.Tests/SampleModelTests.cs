using DeepLearning.Layers;
using DeepLearning.Models;
using DeepLearning.Samples;
using DeepLearning.Samples.ResNet;
using DeepLearning.Samples.Techniques;
using DeepLearning.Samples.UNet;

namespace DeepLearning.Onnx.Tests;

/// <summary>Every sample's model exported and run in ONNX Runtime at a batch size other than the one it was built
/// for, compared with Predict within 1e−5 + 1e−4·|y|. The builders are the samples' own source files; the models a
/// sample writes inline are restated here (the file named in each case).</summary>
public class SampleModelTests
{
    public static TheoryData<string> Samples() => [.. Models.Keys];

    internal static readonly Dictionary<string, Func<Model>> Models = new()
    {
        ["FashionMnistCnn/MnistCnn (A9Cnn)"] = A9Cnn.Build,
        ["ResNet"] = () => ResNetBuilder.Build(8, stages: 3, blocksPerStage: 1),
        ["UNet"] = () => UNetBuilder.Build(32, 4, levels: 3, classes: 3),
        ["Techniques FashionMlp"] = () => FashionMlp.Build(),
        ["Techniques FashionMlp with dropout"] = () => FashionMlp.BuildWithDropout(0.2),
        // samples/FashionMnistMlp/Program.cs: the Sequential and the functional MLP.
        ["FashionMnistMlp sequential"] = () => new Sequential(new Input(28, 28, 1), new Flatten(name: "input"),
            new Dense(300, Activation.ReLU, name: "hidden1"), new Dense(100, Activation.ReLU, name: "hidden2"), new Dense(10, Activation.Softmax, name: "output")),
        ["FashionMnistMlp functional"] = () =>
        {
            var input = new Input([28, 28, 1]);
            var hidden = new Dense(100, Activation.ReLU).Call(new Dense(300, Activation.ReLU).Call(new Flatten().Call(input)));
            return new Model(input, new Dense(10, Activation.Softmax).Call(hidden), name: "functional_mlp");
        },
        // samples/Sequences/MnistRows.cs and SeriesForecast.cs.
        ["Sequences MnistRows LSTM"] = () => new Sequential(new Input(28, 28), new LSTM(128, dropout: 0.2, name: "lstm"), new Dense(10, Activation.Softmax, name: "output")),
        ["Sequences SeriesForecast GRU"] = () => new Sequential(new Input(50, 1), new GRU(20, returnSequences: true, name: "gru1"), new GRU(20, name: "gru2"), new Dense(1, name: "forecast")),
        // samples/Techniques/SeluSection.cs (depth 20) and TransferSection.cs (BuildCnn).
        ["Techniques SELU"] = () =>
        {
            var model = new Sequential(new Input(784));
            for (int i = 0; i < 20; i++) model.Add(new Dense(100, Activation.Selu, kernelInitializer: "lecun_normal"));
            model.Add(new AlphaDropout(0.1));
            model.Add(new Dense(10, Activation.Softmax));
            return model;
        },
        ["Techniques transfer CNN"] = () => new Sequential(new Input(28, 28, 1), new Conv2D(32, 3, activation: Activation.ReLU), new MaxPooling2D(2),
            new Conv2D(64, 3, activation: Activation.ReLU), new MaxPooling2D(2), new Flatten(), new Dense(128, Activation.ReLU), new Dense(5, Activation.Softmax)),
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void SampleModelRunsInOnnxRuntime(string sample)
    {
        // Random weights give trained-looking statistics too: BatchNormalization's moving mean and variance away from 0 and 1.
        OrtHarness.CheckWithRandomWeights(Models[sample](), 21, batch: 5);
    }

    [Fact]
    public void McDropoutModelIsRefusedNamingTheLayer()
    {
        // samples/Techniques/McDropoutSection.cs: MCDropout stays active at inference, which ONNX cannot express.
        var model = new Sequential([new Input(28, 28, 1), new Flatten(), new Dense(10), new MCDropout(0.2) ]);
        var e = Assert.Throws<NotSupportedException>(() => OnnxExporter.ToBytes(model));
        Assert.Contains("MCDropout", e.Message);
        Assert.Contains(model.Layers[^1].Name, e.Message);
    }
}
