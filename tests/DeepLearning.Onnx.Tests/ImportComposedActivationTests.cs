using DeepLearning.Activations;
using DeepLearning.Layers;
using DeepLearning.Models;
using Google.Protobuf;
using Onnx;

namespace DeepLearning.Onnx.Tests;

/// <summary>Activations that ONNX opset 17 has no operator for and that the export composes (exact GELU with Erf,
/// Keras's general ReLU with Greater/Where) come back as one layer that predicts what the original predicts.</summary>
public class ImportComposedActivationTests
{
    private static Model Single(int[] shape, Func<SymbolicTensor, SymbolicTensor> body)
    {
        var input = new Input(new Shape(shape));
        return new Model(input.Output, body(input.Output));
    }

    private static Model RoundTrip(Model model, ulong seed)
    {
        OrtHarness.RandomizeWeights(model, seed);
        var imported = OnnxImporter.FromBytes(OnnxExporter.ToBytes(model));
        ImportRoundTripTests.AssertSamePredictions(model, imported, batch: 5, seed: seed + 1);
        return imported;
    }

    [Theory]
    [MemberData(nameof(ExportLayerTests.ActivationNames), MemberType = typeof(ExportLayerTests))]
    public void EveryActivationSurvivesExportAndImport(string activation)
    {
        RoundTrip(Single([6], x => new Dense(5, ActivationFunction.FromName(activation)).Call(x)), 3);
        RoundTrip(Single([4, 4, 2], x => new Conv2D(3, 3, activation: ActivationFunction.FromName(activation)).Call(x)), 5);
    }

    [Fact]
    public void ExactGeluComesBackAsOneGeluActivation()
    {
        var model = Single([6], x => new Activation(ActivationFunction.Gelu, "act").Call(new Dense(8, name: "dense").Call(x)));
        var imported = RoundTrip(model, 21);
        var act = Assert.Single(imported.Layers.OfType<Activation>());
        Assert.Equal("act", act.Name);
        Assert.Equal("gelu", act.Function.Name);
        Assert.DoesNotContain(imported.Layers, l => l is Rescaling or Multiply or Add);
    }

    [Theory]
    [InlineData(0.4, 0.1, 0.2)]
    [InlineData(null, 0.3, 0.0)]
    [InlineData(null, 0.0, 0.5)]
    [InlineData(2.0, 0.0, 0.25)]
    public void GeneralReluComesBackAsOneReluLayer(double? maxValue, double slope, double threshold)
    {
        var model = Single([6], x => new ReLU(maxValue, slope, threshold, "relu").Call(x));
        var imported = RoundTrip(model, 23);
        var relu = Assert.Single(imported.Layers.OfType<ReLU>());
        Assert.Equal("relu", relu.Name);
        Assert.Equal(maxValue, relu.MaxValue is double m ? Math.Round(m, 6) : null);
        Assert.Equal(slope, relu.NegativeSlope, 6);
        Assert.Equal(threshold, relu.Threshold, 6);
        // Hand values of Keras's formula on the input grid: x > t → x, else slope·(x − t) (0 at x = t); then min(·, max).
        float[] xs = [-1f, -0.25f, 0f, 0.2f, 0.5f, 0.9f];
        var grid = Tensor.FromArray(xs, new Shape(1, 6));
        var y = imported.Predict(grid).ToArray<float>();
        var ort = OrtHarness.Run(OnnxExporter.ToBytes(model), grid)[0].Values; // the export in ONNX Runtime, x = t included
        for (int i = 0; i < xs.Length; i++)
        {
            double v = xs[i] > (float)threshold ? xs[i] : slope * (xs[i] - (float)threshold);
            if (maxValue is double mv) v = Math.Min(v, mv);
            Assert.Equal(v, y[i], 1e-6);
            Assert.Equal(v, ort[i], 1e-6);
        }
    }

    /// <summary>PyTorch's exact GELU export order, Mul(Mul(x, Add(Erf(Div(x, √2)), 1)), 0.5), against Φ from normal
    /// tables: GELU(x) = x·Φ(x), Φ(0.5) = 0.6914624613, Φ(1) = 0.8413447461, Φ(2) = 0.9772498681.</summary>
    [Fact]
    public void PyTorchGeluOrderIsRecognised()
    {
        var imported = OnnxImporter.FromBytes(GraphBytes(
            [Node("Div", ["x", "sqrt2"], "d"), Node("Erf", ["d"], "e"), Node("Add", ["e", "one"], "p"),
             Node("Mul", ["x", "p"], "m"), Node("Mul", ["m", "half"], "y")],
            ("sqrt2", 1.4142135381698608f), ("one", 1f), ("half", 0.5f)));
        Assert.Single(imported.Layers.OfType<Activation>());
        var y = imported.Predict(Tensor.FromArray(new[] { 0.5f, 1f, 2f, -1f, -2f, 0f }, new Shape(1, 6))).ToArray<float>();
        double[] expected = [0.5 * 0.6914624613, 0.8413447461, 2 * 0.9772498681, -(1 - 0.8413447461), -2 * (1 - 0.9772498681), 0];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], y[i], 1e-6);
    }

    [Fact]
    public void ErfOutsideGeluIsRefusedNamingTheNode()
    {
        var bytes = GraphBytes([Node("Erf", ["x"], "y")]);
        var e = Assert.Throws<NotSupportedException>(() => OnnxImporter.FromBytes(bytes));
        Assert.Contains("Erf", e.Message);
        Assert.Contains("'erf_node'", e.Message);
    }

    internal static NodeProto Node(string op, string[] inputs, string output)
    {
        var n = new NodeProto { OpType = op, Name = op == "Erf" ? "erf_node" : output + "_node" };
        n.Input.AddRange(inputs);
        n.Output.Add(output);
        return n;
    }

    /// <summary>A graph x (N, 6) → y (N, 6) with scalar float initializers, opset 17.</summary>
    internal static byte[] GraphBytes(NodeProto[] nodes, params (string Name, float Value)[] scalars)
    {
        static ValueInfoProto Value(string name)
        {
            var shape = new TensorShapeProto();
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 6 });
            return new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
            };
        }
        var graph = new GraphProto { Name = "g" };
        graph.Node.AddRange(nodes);
        graph.Input.Add(Value("x"));
        graph.Output.Add(Value("y"));
        foreach (var (name, value) in scalars)
        {
            var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
            t.FloatData.Add(value);
            graph.Initializer.Add(t);
        }
        var model = new ModelProto { IrVersion = 8, ProducerName = "test", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model.ToByteArray();
    }
}
