using DeepLearning.Models;
using Onnx;

namespace DeepLearning.Onnx;

/// <summary>
/// Reads an ONNX file (opsets <see cref="MinOpset"/> to <see cref="MaxOpset"/>) into a functional <see cref="Model"/>
/// of the library's layers, with the file's weights as trainable weights: the result predicts, trains (Fit),
/// saves and exports like any model.
/// </summary>
/// <remarks>
/// <para>Each ONNX operator becomes a named layer (Conv → Conv2D, Gemm → Dense, BatchNormalization →
/// BatchNormalization, …; the list is in docs/onnx.md). Layers are named after the ONNX nodes (for files this library
/// wrote, after the original layers).</para>
/// <para>Layouts: a channels-first graph (PyTorch's NCHW) is converted, not kept: the imported model takes NHWC
/// batches and computes NHWC throughout; ONNX Transposes become bookkeeping, and the weight rows of the first Gemm
/// after a Flatten of a (C, H, W) value are reordered to (H, W, C) so the result is the same function.</para>
/// </remarks>
public static class OnnxImporter
{
    /// <summary>The ONNX operators the import maps (some only with the options docs/onnx.md lists).</summary>
    public static IReadOnlySet<string> SupportedOperators { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Identity", "Dropout", "Transpose", "Constant", "Conv", "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool",
        "GlobalMaxPool", "ReduceMean", "ReduceMax", "BatchNormalization", "LayerNormalization", "Gemm", "MatMul", "Flatten",
        "Reshape", "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Elu", "Selu", "Softplus", "Softsign", "Exp", "HardSigmoid", "Clip",
        "Softmax", "LogSoftmax", "PRelu", "Add", "Sub", "Mul", "Div", "Max", "Min", "Mean", "Concat", "Pad", "Slice", "Resize",
        "Gather", "LSTM", "GRU", "RNN", "Squeeze", "Unsqueeze", "Erf", "Greater", "Where", "Shape", "ConstantOfShape",
    };

    /// <summary>The oldest default-domain opset accepted.</summary>
    public const int MinOpset = 13;

    /// <summary>The newest default-domain opset accepted.</summary>
    public const int MaxOpset = 21;

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid ONNX model (truncated, corrupt, inconsistent).</exception>
    /// <exception cref="NotSupportedException">The opset is outside 13–21, operators have no mapping (all of them are
    /// listed in one message), or an operator uses an option the library's layers cannot express (the message names
    /// the node).</exception>
    public static Model Load(string path, OnnxImportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FromBytes(File.ReadAllBytes(path), options);
    }

    /// <summary>Reads an ONNX model from its bytes.</summary>
    /// <inheritdoc cref="Load" path="/exception"/>
    public static Model FromBytes(byte[] onnx, OnnxImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(onnx);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"ONNX import: the data is not a valid ONNX model ({e.Message}).", e);
        }
        if (proto.Graph is null || proto.Graph.Node.Count == 0)
            throw new InvalidDataException("ONNX import: the model has no graph (or an empty one).");
        CheckOpset(proto);
        var unsupported = proto.Graph.Node
            .Where(n => !(n.Domain is "" or "ai.onnx") || !SupportedOperators.Contains(n.OpType))
            .Select(n => n.Domain is "" or "ai.onnx" ? n.OpType : $"{n.Domain}.{n.OpType}")
            .Distinct().Order(StringComparer.Ordinal).ToList();
        if (unsupported.Count > 0)
            throw new NotSupportedException($"ONNX import: {unsupported.Count} operator(s) have no mapping: {string.Join(", ", unsupported)}.");
        options ??= new OnnxImportOptions();
        bool ours = proto.ProducerName == "DeepLearning for .NET";
        using var noGrad = Tensor.NoGrad();
        var context = new OnnxImportContext(proto.Graph, options.ChannelsFirstInputs ?? !ours);
        var (inputs, outputs) = context.Build();
        string name = options.Name ?? (string.IsNullOrWhiteSpace(proto.Graph.Name) ? "imported" : OnnxImportContext.Sanitize(proto.Graph.Name));
        return new Model(inputs, outputs, name);
    }

    private static void CheckOpset(ModelProto proto)
    {
        var opset = proto.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")
            ?? throw new InvalidDataException("ONNX import: the model imports no default-domain opset.");
        if (opset.Version < MinOpset || opset.Version > MaxOpset)
            throw new NotSupportedException($"ONNX import: opset {opset.Version}; the import reads opsets {MinOpset} to {MaxOpset}.");
    }
}
