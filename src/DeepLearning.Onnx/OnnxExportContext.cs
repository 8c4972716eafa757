using DeepLearning.Activations;
using DeepLearning.Layers;

namespace DeepLearning.Onnx;

/// <summary>The state of one export: the graph being written and the ONNX names of every model value, with the
/// layout bookkeeping that keeps NHWC values NHWC and inserts a Transpose only where an ONNX operator needs channels
/// first. The per-layer mappings are the partial files <c>OnnxExportContext.*.cs</c>.</summary>
internal sealed partial class OnnxExportContext(OnnxGraphBuilder graph)
{
    private readonly Dictionary<SymbolicTensor, ExportValue> _values = new(ReferenceEqualityComparer.Instance);

    public OnnxGraphBuilder Graph { get; } = graph;

    private ExportValue Value(SymbolicTensor s) => _values.TryGetValue(s, out var v) ? v
        : throw new InvalidOperationException($"ONNX export: the value of {s} was not produced before its use.");

    /// <summary>The value's name in the library's channels-last layout (transposing once if it only exists channels first).</summary>
    public string Native(SymbolicTensor s)
    {
        var v = Value(s);
        return v.Native ??= Graph.Transpose(v.ChannelsFirst!, ExportValue.ToChannelsLast(v.Rank), s.Layer.Name + "/to_nhwc");
    }

    /// <summary>The value's name in channels-first layout (transposing once if it only exists channels last).</summary>
    public string ChannelsFirst(SymbolicTensor s)
    {
        var v = Value(s);
        if (v.Rank <= 2) return Native(s);
        return v.ChannelsFirst ??= Graph.Transpose(v.Native!, ExportValue.ToChannelsFirst(v.Rank), s.Layer.Name + "/to_nchw");
    }

    /// <summary>Records a value's name in one layout.</summary>
    public void Set(SymbolicTensor s, string name, bool channelsFirst = false)
    {
        var v = new ExportValue(s.Shape.Rank + 1);
        if (channelsFirst && v.Rank > 2) v.ChannelsFirst = name;
        else v.Native = name;
        _values[s] = v;
    }

    /// <summary>Records an output that is the input unchanged in every layout it has (Dropout at inference).</summary>
    public void Alias(SymbolicTensor output, SymbolicTensor input) => _values[output] = Value(input);

    /// <summary>Whether the value exists channels first and not channels last, so an element-wise op should stay there.</summary>
    public bool PrefersChannelsFirst(SymbolicTensor s) => Value(s) is { Native: null, ChannelsFirst: not null };

    /// <summary>Applies <paramref name="f"/> to <paramref name="x"/> (in the layout <paramref name="channelsFirst"/>
    /// says) and records the result as <paramref name="output"/>. Softmax-like functions work on the last axis, so
    /// they move the value to channels last first.</summary>
    public void Activate(SymbolicTensor output, string x, bool channelsFirst, ActivationFunction f, string hint)
    {
        if (f.Name is "softmax" or "log_softmax" && channelsFirst)
        {
            x = Graph.Transpose(x, ExportValue.ToChannelsLast(output.Shape.Rank + 1), hint + "/to_nhwc");
            channelsFirst = false;
        }
        Set(output, Activation(f, x, hint, output.Shape.Rank + 1), channelsFirst);
    }

    /// <summary>The ONNX operators of an activation function (opset 17: GELU and Mish are composed).</summary>
    /// <exception cref="NotSupportedException">The function has no mapping.</exception>
    public string Activation(ActivationFunction f, string x, string hint, int rank)
    {
        var g = Graph;
        switch (f.Name)
        {
            case "linear": return x;
            case "relu": return g.Op("Relu", hint, [x]);
            case "relu6": return g.Op("Clip", hint, [x, g.Constant(hint + "/zero", [0f]), g.Constant(hint + "/six", [6f])]);
            case "sigmoid": return g.Op("Sigmoid", hint, [x]);
            case "tanh": return g.Op("Tanh", hint, [x]);
            case "softmax":
            case "log_softmax":
                int axis = (int)(f.Parameter ?? -1);
                return g.Op(f.Name == "softmax" ? "Softmax" : "LogSoftmax", hint, [x], ("axis", axis < 0 ? axis + rank : axis));
            case "elu": return g.Op("Elu", hint, [x], ("alpha", f.Parameter ?? 1.0));
            case "selu": return g.Op("Selu", hint, [x]);
            case "leaky_relu": return g.Op("LeakyRelu", hint, [x], ("alpha", f.Parameter ?? 0.3));
            case "softplus": return g.Op("Softplus", hint, [x]);
            case "softsign": return g.Op("Softsign", hint, [x]);
            case "exponential": return g.Op("Exp", hint, [x]);
            case "hard_sigmoid": return g.Op("HardSigmoid", hint, [x], ("alpha", 1.0 / 6), ("beta", 0.5));
            case "silu": return g.Op("Mul", hint, [x, g.Op("Sigmoid", hint, [x])]);
            case "mish": return g.Op("Mul", hint, [x, g.Op("Tanh", hint, [g.Op("Softplus", hint, [x])])]);
            case "gelu":
            {
                // x·Φ(x) = 0.5·x·(1 + erf(x/√2)) (ONNX has Gelu only from opset 20).
                var erf = g.Op("Erf", hint, [g.Op("Mul", hint, [x, g.Constant(hint + "/inv_sqrt2", [(float)(1 / Math.Sqrt(2))])])]);
                var onePlus = g.Op("Add", hint, [erf, g.Constant(hint + "/one", [1f])]);
                return g.Op("Mul", hint, [g.Op("Mul", hint, [x, g.Constant(hint + "/half", [0.5f])]), onePlus]);
            }
            case "gelu_approximate":
            {
                // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) (Hendrycks & Gimpel 2016, the tanh form).
                var x3 = g.Op("Mul", hint, [g.Op("Mul", hint, [x, x]), x]);
                var inner = g.Op("Add", hint, [x, g.Op("Mul", hint, [x3, g.Constant(hint + "/c", [0.044715f])])]);
                var t = g.Op("Tanh", hint, [g.Op("Mul", hint, [inner, g.Constant(hint + "/k", [(float)Math.Sqrt(2 / Math.PI)])])]);
                var onePlus = g.Op("Add", hint, [t, g.Constant(hint + "/one", [1f])]);
                return g.Op("Mul", hint, [g.Op("Mul", hint, [x, g.Constant(hint + "/half", [0.5f])]), onePlus]);
            }
            default:
                throw new NotSupportedException($"ONNX export: layer '{hint}': the activation '{f}' has no ONNX mapping.");
        }
    }
}
