using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Onnx.Tests;

/// <summary>Our own exports imported back: the imported model predicts what the original predicts, and exporting the
/// imported model again still runs in ONNX Runtime.</summary>
public class ImportRoundTripTests
{
    public static TheoryData<string> Cases() => [.. ExportLayerTests.Layers.Keys];

    public static TheoryData<string> Samples() => [.. SampleModelTests.Models.Keys];

    internal static void AssertSamePredictions(Model original, Model imported, int batch, ulong seed)
    {
        var gen = new Generator(seed);
        var inputs = original.SymbolicInputs!.Select(s => s.DType == DType.Int32
            ? Tensor.RandomInt([batch, .. s.Shape.ToArray()], 0, 10, generator: gen)
            : Tensor.RandomUniform([batch, .. s.Shape.ToArray()], -1, 1, generator: gen)).ToArray();
        using var noGrad = Tensor.NoGrad();
        var expected = original.CallMultiple(inputs, training: false);
        var actual = imported.CallMultiple(inputs, training: false);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Shape, actual[i].Shape);
            OrtHarness.AssertClose(expected[i].ToArray<float>(), actual[i].ToArray<float>(), $"{original.Name} output {i} after import", 1e-6, 1e-6);
        }
    }

    /// <summary>Random weights, export, import: the imported model must predict what the original predicts.</summary>
    private static Model RoundTrip(Model model, ulong weightSeed)
    {
        OrtHarness.RandomizeWeights(model, weightSeed);
        var imported = OnnxImporter.FromBytes(OnnxExporter.ToBytes(model));
        AssertSamePredictions(model, imported, batch: 4, seed: weightSeed + 1);
        return imported;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LayerSurvivesExportAndImport(string name) =>
        OrtHarness.ExportAndCompare(RoundTrip(ExportLayerTests.Layers[name](), 13), batch: 2);

    [Theory]
    [MemberData(nameof(Samples))]
    public void SampleModelSurvivesExportAndImport(string sample)
    {
        var model = SampleModelTests.Models[sample]();
        var imported = RoundTrip(model, 17);
        // The original layer names come back (this library's exports name nodes "layer/Op").
        foreach (var layer in model.Layers.Where(l => l.Weights.Count > 0))
            Assert.Contains(imported.Layers, l => l.Name == layer.Name);
        Assert.Equal(model.CountParams(), imported.CountParams());
    }
}
