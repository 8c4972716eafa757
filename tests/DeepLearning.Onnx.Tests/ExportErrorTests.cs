using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Onnx.Tests;

/// <summary>What the export refuses, and how.</summary>
public class ExportErrorTests
{
    [Fact]
    public void LayerWithoutMappingIsNamed()
    {
        var model = new Sequential(new Input(5, 3), new Bidirectional(new LSTM(4), name: "bi"), new Dense(2));
        var e = Assert.Throws<NotSupportedException>(() => OnnxExporter.ToBytes(model));
        Assert.Contains("'bi'", e.Message);
        Assert.Contains("Bidirectional", e.Message);
    }

    [Fact]
    public void MaskedRecurrenceIsRefused()
    {
        var input = new Input(new Shape(6), DType.Int32);
        var output = new LSTM(3, name: "masked_lstm").Call(new Embedding(10, 4, maskZero: true).Call(input.Output));
        var e = Assert.Throws<NotSupportedException>(() => OnnxExporter.ToBytes(new Model(input.Output, output)));
        Assert.Contains("masked_lstm", e.Message);
    }

    [Fact]
    public void SequentialWithoutInputIsAnArgumentError()
    {
        var model = new Sequential(new Dense(3));
        Assert.Throws<ArgumentException>(() => OnnxExporter.ToBytes(model));
        Assert.Throws<ArgumentNullException>(() => OnnxExporter.ToBytes(null!));
    }

    [Fact]
    public void SaveWritesTheFileAtomically()
    {
        var model = new Sequential(new Input(4), new Dense(2));
        string dir = Directory.CreateTempSubdirectory("onnx-export").FullName;
        try
        {
            string path = Path.Combine(dir, "m.onnx");
            File.WriteAllText(path, "previous");
            Assert.Throws<NotSupportedException>(() => OnnxExporter.Save(new Sequential(new Input(3, 4), new Bidirectional(new GRU(2))), path));
            Assert.Equal("previous", File.ReadAllText(path));
            OnnxExporter.Save(model, path);
            Assert.Equal(OnnxExporter.ToBytes(model), File.ReadAllBytes(path));
            Assert.Single(Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
