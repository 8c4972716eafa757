using System.Text;
using DeepLearning.Layers;
using Onnx;

namespace DeepLearning.Onnx;

/// <summary>The state of one import: the ONNX values seen so far (constants and permuted symbolic tensors), the
/// consumers of each value, and the layer names given. The operator mappings are the partial files
/// <c>OnnxImportContext.*.cs</c>.</summary>
internal sealed partial class OnnxImportContext
{
    private readonly GraphProto _graph;
    private readonly bool _channelsFirstInputs;
    private readonly Dictionary<string, ImportValue> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> _consumers = new(StringComparer.Ordinal);
    private readonly HashSet<NodeProto> _absorbed = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> _graphOutputs;
    private readonly HashSet<string> _layerNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeProto> _producers = new(StringComparer.Ordinal);

    public OnnxImportContext(GraphProto graph, bool channelsFirstInputs)
    {
        _graph = graph;
        _channelsFirstInputs = channelsFirstInputs;
        _graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var node in graph.Node)
            foreach (var output in node.Output.Where(o => o.Length > 0)) _producers[output] = node;
        foreach (var node in graph.Node)
            foreach (var input in node.Input.Where(i => i.Length > 0))
            {
                if (!_consumers.TryGetValue(input, out var list)) _consumers[input] = list = [];
                list.Add(node);
            }
    }

    /// <summary>Converts the graph: creates the Inputs, maps every node in order, and returns the model's symbolic
    /// inputs and outputs.</summary>
    public (List<SymbolicTensor> Inputs, List<SymbolicTensor> Outputs) Build()
    {
        foreach (var init in _graph.Initializer) _values[init.Name] = new ImportValue(OnnxConstant.Read(init));
        var inputs = new List<SymbolicTensor>();
        foreach (var input in _graph.Input)
        {
            if (_values.ContainsKey(input.Name)) continue; // an initializer also listed as an input (IR < 4)
            inputs.Add(CreateInput(input));
        }
        if (inputs.Count == 0) throw new InvalidDataException("ONNX import: the graph has no inputs besides its initializers.");
        FindComposedActivations();
        foreach (var node in _graph.Node)
            if (!_absorbed.Contains(node)) Map(node);
        var outputs = new List<SymbolicTensor>();
        foreach (var output in _graph.Output)
        {
            var v = Get(output.Name, "the graph output");
            if (v.Symbol is null || v.FeatureOrder is not null || v.ReversedAxis >= 0 || v.UnsqueezedFrom is not null)
                throw new NotSupportedException($"ONNX import: graph output '{output.Name}' is a constant or is held in a layout the library's layers cannot produce.");
            outputs.Add(v.Symbol);
        }
        return (inputs, outputs);
    }

    private SymbolicTensor CreateInput(ValueInfoProto input)
    {
        var type = input.Type?.TensorType
            ?? throw new NotSupportedException($"ONNX import: graph input '{input.Name}' is not a tensor.");
        var dims = type.Shape?.Dim ?? throw new NotSupportedException($"ONNX import: graph input '{input.Name}' has no shape.");
        if (dims.Count < 2) throw new NotSupportedException($"ONNX import: graph input '{input.Name}' has rank {dims.Count}; inputs need a batch axis and at least one more.");
        var sample = new int[dims.Count - 1];
        for (int i = 1; i < dims.Count; i++)
            sample[i - 1] = dims[i].HasDimValue && dims[i].DimValue > 0 ? (int)dims[i].DimValue
                : throw new NotSupportedException($"ONNX import: graph input '{input.Name}' has a dynamic axis {i} ('{dims[i].DimParam}'); only the batch axis may be dynamic.");
        var dtype = (TensorProto.Types.DataType)type.ElemType switch
        {
            TensorProto.Types.DataType.Float => DType.Float32,
            TensorProto.Types.DataType.Int64 or TensorProto.Types.DataType.Int32 => DType.Int32,
            var t => throw new NotSupportedException($"ONNX import: graph input '{input.Name}' has element type {t}; float32 and integer inputs are read."),
        };
        int rank = dims.Count;
        bool channelsFirst = dtype == DType.Float32 && _channelsFirstInputs && (rank == 4 || (rank == 3 && FeedsChannelsFirstOp(input.Name)));
        var perm = channelsFirst ? ExportValue.ToChannelsLast(rank) : ImportValue.Identity(rank);
        var stored = perm[1..].Select(p => sample[p - 1]).ToArray();
        var layer = new Input(new Shape(stored), dtype, LayerName(input.Name));
        _values[input.Name] = new ImportValue(layer.Output, perm);
        return layer.Output;
    }

    private bool FeedsChannelsFirstOp(string value) =>
        _consumers.TryGetValue(value, out var list) && list.Any(n => n.OpType is "Conv" or "MaxPool" or "AveragePool" or "BatchNormalization" or "GlobalAveragePool" or "GlobalMaxPool");

    private ImportValue Get(string name, string what) => _values.TryGetValue(name, out var v) ? v
        : throw new InvalidDataException($"ONNX import: {what} reads value '{name}', which no earlier node or initializer produces.");

    private ImportValue In(NodeProto node, int i) => i < node.Input.Count && node.Input[i].Length > 0
        ? Get(node.Input[i], $"node '{node.Name}' ({node.OpType})")
        : throw new InvalidDataException($"ONNX import: node '{node.Name}' ({node.OpType}) lacks input {i}.");

    private bool HasInput(NodeProto node, int i) => i < node.Input.Count && node.Input[i].Length > 0;

    /// <summary>A constant input (weights, shapes, axes).</summary>
    private OnnxConstant ConstIn(NodeProto node, int i, string what) => In(node, i).Constant
        ?? throw new NotSupportedException($"ONNX import: node '{node.Name}' ({node.OpType}): its {what} (input {i}) must be a constant (an initializer).");

    /// <summary>A symbolic input held plainly or permuted (no pending feature order, reversal or unsqueeze).</summary>
    private ImportValue SymIn(NodeProto node, int i)
    {
        var v = In(node, i);
        if (v.Symbol is null)
            throw new NotSupportedException($"ONNX import: node '{node.Name}' ({node.OpType}) computes on constants only; fold constants before importing.");
        if (v.FeatureOrder is not null || v.ReversedAxis >= 0 || v.UnsqueezedFrom is not null)
            throw new NotSupportedException($"ONNX import: node '{node.Name}' ({node.OpType}) reads '{node.Input[i]}', which is held in a layout only Gemm/MatMul (after Flatten) or a recurrent operator can take.");
        return v;
    }

    private void Set(NodeProto node, int output, ImportValue value)
    {
        if (output < node.Output.Count && node.Output[output].Length > 0) _values[node.Output[output]] = value;
    }

    private bool Used(NodeProto node, int output) =>
        output < node.Output.Count && node.Output[output].Length > 0 &&
        (_consumers.ContainsKey(node.Output[output]) || _graphOutputs.Contains(node.Output[output]));

    /// <summary>The only consumer of an output, when it has exactly one and is not a graph output.</summary>
    private NodeProto? SoleConsumer(NodeProto node, int output) =>
        !_graphOutputs.Contains(node.Output[output]) && _consumers.TryGetValue(node.Output[output], out var list) && list.Count == 1 ? list[0] : null;

    /// <summary>A unique layer name from an ONNX node or value name: the part before the first '/', when there is one
    /// (this library's exports name nodes "layer/Op"), made of letters, digits, '_', '.' and '-'.</summary>
    private string LayerName(string onnxName, string fallback = "onnx")
    {
        int slash = onnxName.IndexOf('/', StringComparison.Ordinal);
        string baseName = Sanitize(slash > 0 ? onnxName[..slash] : onnxName);
        if (baseName.Length == 0) baseName = Sanitize(fallback).ToLowerInvariant();
        string name = baseName;
        for (int i = 2; !_layerNames.Add(name); i++) name = $"{baseName}_{i}";
        return name;
    }

    private string LayerName(NodeProto node) => LayerName(node.Name, node.OpType);

    internal static string Sanitize(string name)
    {
        var sb = new StringBuilder();
        foreach (char c in name) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_');
        return sb.ToString().Trim('_');
    }

    /// <summary>Where ONNX axis <paramref name="onnxAxis"/> is stored.</summary>
    private static int Stored(ImportValue v, int onnxAxis) => Array.IndexOf(v.Perm, onnxAxis);

    private static bool IsChannelsLast(ImportValue v) => v.Perm.Length > 2 && v.Perm.SequenceEqual(ExportValue.ToChannelsLast(v.Perm.Length));

    private NotSupportedException Unsupported(NodeProto node, string why) =>
        new($"ONNX import: node '{node.Name}' ({node.OpType}): {why}");

    /// <summary>Requires the input stored channels last (its ONNX channel axis 1 last): what Conv, pooling and Resize read.</summary>
    private ImportValue ChannelsLastIn(NodeProto node, int i)
    {
        var v = SymIn(node, i);
        if (!IsChannelsLast(v))
            throw Unsupported(node, $"its input '{node.Input[i]}' is not held channels last (stored axes [{string.Join(", ", v.Perm)}] of the ONNX value); import the graph with ChannelsFirstInputs = true if it is NCHW.");
        return v;
    }

    private static long Int(NodeProto node, string name, long fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.I : fallback;

    private static float Float(NodeProto node, string name, float fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.F : fallback;

    private static string Str(NodeProto node, string name, string fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.S.ToStringUtf8() : fallback;

    private static long[]? Ints(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? [.. a.Ints] : null;

    private static string[]? Strings(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.Strings.Select(s => s.ToStringUtf8()).ToArray() : null;

    /// <summary>Calls a new layer on symbolic inputs (building its weights) and returns its outputs.</summary>
    private static IReadOnlyList<SymbolicTensor> Call(Layer layer, params SymbolicTensor[] inputs) =>
        inputs.Length == 1 && layer is not RecurrentLayer ? [layer.Call(inputs[0])] : layer.CallMultiple(inputs);

    /// <summary>Overwrites a weight with ONNX data given in the weight's own layout.</summary>
    private static void Assign(Tensor? weight, Tensor value, NodeProto node, string what)
    {
        if (weight is null) throw new InvalidOperationException($"ONNX import: node '{node.Name}': the layer has no {what}.");
        if (weight.ElementCount != value.ElementCount)
            throw new InvalidDataException($"ONNX import: node '{node.Name}' ({node.OpType}): {what} has {value.ElementCount} values; the layer's has shape {weight.Shape}.");
        weight.Assign(value.Contiguous().Reshape(weight.Shape).Cast(weight.DType));
    }

    private static Tensor TensorOf(OnnxConstant c) => Tensor.FromArray(c.AsFloats(), new Shape(c.Dims));
}
