using Google.Protobuf;
using Onnx;

namespace DeepLearning.Onnx;

/// <summary>Accumulates the nodes, initializers and value names of an ONNX graph being written: unique names, typed
/// attributes and float32/int64 constants, so the layer mappings read as a list of ONNX operators.</summary>
internal sealed class OnnxGraphBuilder(string graphName)
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    public GraphProto Graph { get; } = new() { Name = graphName };

    /// <summary>A value name not used before, derived from <paramref name="hint"/> (a layer name, say).</summary>
    public string Fresh(string hint)
    {
        string name = hint;
        while (!_names.Add(name)) name = $"{hint}_{++_counter}";
        return name;
    }

    /// <summary>Reserves a name exactly (graph inputs and outputs keep the model's names).</summary>
    public string Reserve(string name) => _names.Add(name) ? name
        : throw new ArgumentException($"ONNX export: two graph values are both named '{name}'.");

    /// <summary>Adds a node and returns its outputs' names.</summary>
    public string[] Node(string op, string[] inputs, int outputs, string hint, params (string Name, object Value)[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = Fresh(hint + "/" + op) };
        node.Input.AddRange(inputs);
        var outs = new string[outputs];
        for (int i = 0; i < outputs; i++) outs[i] = Fresh(outputs == 1 ? $"{hint}/{op}" : $"{hint}/{op}:{i}");
        node.Output.AddRange(outs);
        foreach (var (name, value) in attributes) node.Attribute.Add(Attribute(name, value));
        Graph.Node.Add(node);
        return outs;
    }

    /// <summary>Adds a single-output node.</summary>
    public string Op(string op, string hint, string[] inputs, params (string Name, object Value)[] attributes) =>
        Node(op, inputs, 1, hint, attributes)[0];

    /// <summary>Adds a single-output node whose output gets exactly <paramref name="output"/> (a graph output).</summary>
    public void OpInto(string op, string output, string[] inputs)
    {
        var node = new NodeProto { OpType = op, Name = Fresh(output + "/" + op) };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        Graph.Node.Add(node);
    }

    /// <summary>A float32 initializer of the given dims (row-major data).</summary>
    public string Constant(string hint, float[] data, params long[] dims)
    {
        long count = dims.Aggregate(1L, (a, b) => a * b);
        if (count != data.Length)
            throw new InvalidOperationException($"ONNX export: constant '{hint}' has {data.Length} values for dims [{string.Join(", ", dims)}].");
        var t = new TensorProto { Name = Fresh(hint), DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        var bytes = new byte[data.Length * sizeof(float)];
        Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX export needs a little-endian machine (raw_data is little-endian).");
        t.RawData = ByteString.CopyFrom(bytes);
        Graph.Initializer.Add(t);
        return t.Name;
    }

    /// <summary>A float32 initializer holding a tensor's values in its own shape.</summary>
    public string Constant(string hint, Tensor value) =>
        Constant(hint, value.Cast(DType.Float32).ToArray<float>(), value.Shape.ToArray().Select(d => (long)d).ToArray());

    /// <summary>A 1-D int64 initializer (shapes, axes, pads, slice bounds).</summary>
    public string Int64s(string hint, params long[] values)
    {
        var t = new TensorProto { Name = Fresh(hint), DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.Add(values.Length);
        t.Int64Data.AddRange(values);
        Graph.Initializer.Add(t);
        return t.Name;
    }

    /// <summary>Transposes a value (ONNX Transpose: output axis i is input axis perm[i]).</summary>
    public string Transpose(string input, int[] perm, string hint) =>
        Op("Transpose", hint, [input], ("perm", perm.Select(p => (long)p).ToArray()));

    /// <summary>Declares a graph input or output: a float32 (or int32) tensor whose first axis is the dynamic batch "N".</summary>
    public static ValueInfoProto BatchedValue(string name, Shape sampleShape, DType dtype)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        foreach (int d in sampleShape.ToArray()) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        var type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)ElementType(dtype), Shape = shape } };
        return new ValueInfoProto { Name = name, Type = type };
    }

    private static TensorProto.Types.DataType ElementType(DType dtype) => dtype switch
    {
        DType.Float32 => TensorProto.Types.DataType.Float,
        DType.Float64 => TensorProto.Types.DataType.Double,
        DType.Int32 => TensorProto.Types.DataType.Int32,
        _ => throw new NotSupportedException($"ONNX export: no ONNX element type for {dtype}."),
    };

    private static AttributeProto Attribute(string name, object value)
    {
        var a = new AttributeProto { Name = name };
        switch (value)
        {
            case long i: a.Type = AttributeProto.Types.AttributeType.Int; a.I = i; break;
            case int i: a.Type = AttributeProto.Types.AttributeType.Int; a.I = i; break;
            case float f: a.Type = AttributeProto.Types.AttributeType.Float; a.F = f; break;
            case double f: a.Type = AttributeProto.Types.AttributeType.Float; a.F = (float)f; break;
            case string s: a.Type = AttributeProto.Types.AttributeType.String; a.S = ByteString.CopyFromUtf8(s); break;
            case long[] ints: a.Type = AttributeProto.Types.AttributeType.Ints; a.Ints.AddRange(ints); break;
            case int[] ints: a.Type = AttributeProto.Types.AttributeType.Ints; a.Ints.AddRange(ints.Select(i => (long)i)); break;
            case float[] floats: a.Type = AttributeProto.Types.AttributeType.Floats; a.Floats.AddRange(floats); break;
            case string[] strings:
                a.Type = AttributeProto.Types.AttributeType.Strings;
                a.Strings.AddRange(strings.Select(ByteString.CopyFromUtf8));
                break;
            default: throw new ArgumentException($"ONNX export: attribute '{name}' has an unsupported type {value.GetType().Name}.");
        }
        return a;
    }
}
