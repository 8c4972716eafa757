using System.Reflection;
using DeepLearning.Layers;
using DeepLearning.Models;
using Google.Protobuf;
using Onnx;

namespace DeepLearning.Onnx;

/// <summary>
/// Writes a <see cref="Model"/> (Sequential with an <see cref="Input"/>, or functional, nested models included) as an
/// ONNX file for opset <see cref="Opset"/>, which ONNX Runtime, ML.NET and Windows ML run.
/// </summary>
/// <remarks>
/// <para>The graph keeps the library's layouts: images NHWC, sequences (N, T, F); a Transpose is inserted only where an
/// ONNX operator needs channels first (Conv, pooling, BatchNormalization, Resize), once per value, and element-wise
/// operators run in whichever layout their input already has, so Conv → ReLU → Conv transposes once in and once
/// out. Every graph input and output has a dynamic first axis "N". Weights become float32 initializers; dropout and
/// noise layers become nothing (inference). The mapping of every layer is in docs/onnx.md.</para>
/// <para>Graph inputs are named after the model's <see cref="Input"/> layers, outputs after the layers producing
/// them.</para>
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set the files declare (17: LayerNormalization exists; GELU and Mish are composed).</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version written (8, the one that goes with opset 17).</summary>
    public const int IrVersion = 8;

    /// <summary>Writes the model to <paramref name="path"/> (a temporary file renamed over it, so a failure leaves any
    /// previous file intact).</summary>
    /// <exception cref="ArgumentException">The model has no symbolic inputs (a Sequential without an Input, or a
    /// subclassed model).</exception>
    /// <exception cref="NotSupportedException">A layer or option has no ONNX mapping; the message names the layer.</exception>
    public static void Save(Model model, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = ToBytes(model);
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The ONNX file's bytes (a serialized ModelProto).</summary>
    /// <inheritdoc cref="Save" path="/exception"/>
    public static byte[] ToBytes(Model model) => ToProto(model).ToByteArray();

    internal static ModelProto ToProto(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var inputs = model.SymbolicInputs
            ?? throw new ArgumentException($"ONNX export: model '{model.Name}' has no symbolic inputs; export a functional model or a Sequential that starts with an Input.", nameof(model));
        var outputs = model.SymbolicOutputs!;
        var graph = new OnnxGraphBuilder(model.Name);
        var context = new OnnxExportContext(graph);
        using (Tensor.NoGrad())
        using (TensorScope.Begin())
        {
            foreach (var input in inputs)
            {
                if (input.DType == DType.Float64)
                    throw new NotSupportedException($"ONNX export: input '{input.Layer.Name}' is float64; the export writes float32 graphs.");
                string name = graph.Reserve(input.Layer.Name);
                graph.Graph.Input.Add(OnnxGraphBuilder.BatchedValue(name, input.Shape, input.DType));
                context.Set(input, name);
            }
            ExportGraph(context, inputs, outputs);
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var output in outputs)
            {
                string name = output.Layer.Name;
                if (!used.Add(name)) name = $"{name}:{output.OutputIndex}";
                name = graph.Fresh(name); // an output that is an input unchanged gets a name of its own
                graph.OpInto("Identity", name, [context.Native(output)]);
                graph.Graph.Output.Add(OnnxGraphBuilder.BatchedValue(name, output.Shape, output.DType));
            }
        }
        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "DeepLearning for .NET",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
            Graph = graph.Graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return proto;
    }

    /// <summary>Exports the nodes between <paramref name="inputs"/> (already named) and <paramref name="outputs"/> in
    /// topological order; a nested model's nodes are exported in place.</summary>
    private static void ExportGraph(OnnxExportContext context, IReadOnlyList<SymbolicTensor> inputs, IReadOnlyList<SymbolicTensor> outputs)
    {
        var inputSet = new HashSet<SymbolicTensor>(inputs, ReferenceEqualityComparer.Instance);
        foreach (var node in SymbolicGraph.Nodes(outputs, inputSet))
        {
            if (node.Layer is Model nested && nested.SymbolicInputs is { } innerInputs)
            {
                for (int i = 0; i < innerInputs.Count; i++) context.Alias(innerInputs[i], node.Inputs[i]);
                var innerOutputs = nested.SymbolicOutputs!;
                ExportGraph(context, innerInputs, [.. node.Outputs.Select(o => innerOutputs[o.OutputIndex])]);
                foreach (var o in node.Outputs) context.Alias(o, innerOutputs[o.OutputIndex]);
            }
            else context.Export(node.Layer, node.Inputs, node.Outputs);
        }
    }
}
