using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;

namespace DeepLearning.Onnx.Tests;

/// <summary>An imported model is an ordinary model: it fine-tunes, saves, loads and exports; bad files are refused.</summary>
public class ImportBehaviourTests
{
    private static string DataPath(string file) => Path.Combine(AppContext.BaseDirectory, "Data", "pytorch", file);

    [Fact]
    public void ImportedPyTorchCnnFineTunesSavesAndExports()
    {
        var model = OnnxImporter.Load(DataPath("cnn-small.onnx"));
        Assert.All(model.Layers.Where(l => l.Weights.Count > 0), l => Assert.NotEmpty(l.TrainableWeights));
        var x = PyTorchImportTests.ToNhwc(PyTorchImportTests.ReadF32(DataPath("cnn-small.in.f32")), 4, 1, 28, 28);
        var y = Tensor.FromArray(new[] { 3, 1, 4, 1 });
        model.Compile(new Adam(learningRate: 1e-3), new SparseCategoricalCrossentropy(fromLogits: true));
        var before = model.Evaluate(x, y)["loss"];
        model.Fit(x, y, epochs: 15, batchSize: 4, verbose: 0);
        var after = model.Evaluate(x, y)["loss"];
        Assert.True(after < 0.5 * before, $"fine-tuning the imported CNN: loss {before} → {after}");

        string dir = Directory.CreateTempSubdirectory("onnx-import").FullName;
        try
        {
            string path = Path.Combine(dir, "tuned.dlmodel");
            model.Save(path);
            var loaded = Model.Load(path);
            Assert.Equal(model.Predict(x).ToArray<float>(), loaded.Predict(x).ToArray<float>());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        OrtHarness.ExportAndCompare(model, batch: 3);
    }

    [Fact]
    public void UnsupportedOperatorsAreListedTogether()
    {
        var proto = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(DataPath("infer-mlp.onnx")));
        proto.Graph.Node[1].OpType = "Einsum";
        proto.Graph.Node[3].OpType = "TopK";
        proto.Graph.Node[4].Domain = "com.example";
        var e = Assert.Throws<NotSupportedException>(() => OnnxImporter.FromBytes(Google.Protobuf.MessageExtensions.ToByteArray(proto)));
        Assert.Contains("3 operator(s) have no mapping", e.Message);
        Assert.Contains("Einsum", e.Message);
        Assert.Contains("TopK", e.Message);
        Assert.Contains("com.example.", e.Message);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(22)]
    public void OpsetOutsideThirteenToTwentyOneIsRefused(int opset)
    {
        var proto = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(DataPath("infer-mlp.onnx")));
        proto.OpsetImport[0].Version = opset;
        var e = Assert.Throws<NotSupportedException>(() => OnnxImporter.FromBytes(Google.Protobuf.MessageExtensions.ToByteArray(proto)));
        Assert.Contains($"opset {opset}", e.Message);
    }

    [Fact]
    public void OpsetTwentyOneIsAccepted()
    {
        var model = new Sequential(new Input(3), new Dense(2, "relu"), new Dense(1));
        var proto = OnnxExporter.ToProto(model);
        proto.OpsetImport[0].Version = 21;
        var imported = OnnxImporter.FromBytes(Google.Protobuf.MessageExtensions.ToByteArray(proto));
        ImportRoundTripTests.AssertSamePredictions(model, imported, 2, 1);
    }

    [Fact]
    public void CorruptOrTruncatedFilesAreInvalidData()
    {
        var bytes = File.ReadAllBytes(DataPath("cnn-small.onnx"));
        Assert.Throws<InvalidDataException>(() => OnnxImporter.FromBytes(bytes[..(bytes.Length / 2)]));
        Assert.Throws<InvalidDataException>(() => OnnxImporter.FromBytes([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]));
        Assert.Throws<InvalidDataException>(() => OnnxImporter.FromBytes([]));
        var proto = global::Onnx.ModelProto.Parser.ParseFrom(bytes);
        proto.Graph.Initializer[0].RawData = Google.Protobuf.ByteString.CopyFrom(new byte[12]);
        var e = Assert.Throws<InvalidDataException>(() => OnnxImporter.FromBytes(Google.Protobuf.MessageExtensions.ToByteArray(proto)));
        Assert.Contains(proto.Graph.Initializer[0].Name, e.Message);
    }
}
