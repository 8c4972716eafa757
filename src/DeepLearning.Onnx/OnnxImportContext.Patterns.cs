using DeepLearning.Activations;
using DeepLearning.Layers;
using Onnx;

namespace DeepLearning.Onnx;

/// <summary>Composed activations recognised before mapping: exact GELU written with Erf, and Keras's general ReLU
/// written with Greater/Where. The helper nodes of a match are absorbed; the anchor node (Erf, Where) creates
/// the one layer and binds it to the pattern's last output.</summary>
internal sealed partial class OnnxImportContext
{
    private sealed record FusedActivation(string Input, string Output, Func<string, Layer> Create);

    private readonly Dictionary<NodeProto, FusedActivation> _fused = new(ReferenceEqualityComparer.Instance);

    /// <summary>Finds every GELU and general-ReLU pattern whose intermediate values have no other reader.</summary>
    private void FindComposedActivations()
    {
        foreach (var node in _graph.Node)
        {
            if (node.OpType == "Erf") MatchGelu(node);
            else if (node.OpType == "Where") MatchGeneralRelu(node);
        }
    }

    /// <summary>0.5·x·(1 + erf(x/√2)) in the two orders producers write it: this library's
    /// Mul(Mul(x, ½), Add(Erf(Mul(x, 1/√2)), 1)) and PyTorch's Mul(Mul(x, Add(Erf(Div(x, √2)), 1)), ½).</summary>
    private void MatchGelu(NodeProto erf)
    {
        if (erf.Input.Count != 1 || !_producers.TryGetValue(erf.Input[0], out var scale) || Sole(scale) != erf) return;
        if (ScalarOperand(scale) is not (string x, float c, int at)) return;
        bool halfSqrt2 = (scale.OpType == "Mul" && Near(c, 1 / Math.Sqrt(2))) || (scale.OpType == "Div" && at == 1 && Near(c, Math.Sqrt(2)));
        if (!halfSqrt2) return;
        if (Sole(erf) is not { OpType: "Add" } add || ScalarOperand(add) is not (string e, float one, _) || e != erf.Output[0] || !Near(one, 1)) return;
        if (Sole(add) is not { OpType: "Mul", Input.Count: 2 } mul) return;
        string other = mul.Input[0] == add.Output[0] ? mul.Input[1] : mul.Input[0];
        List<NodeProto> helpers = [scale, add, mul];
        NodeProto last;
        if (other == x && Sole(mul) is { OpType: "Mul" } outer && ScalarOperand(outer) is (string m, float h, _) && m == mul.Output[0] && Near(h, 0.5))
        {
            helpers.Add(outer);
            last = outer;
        }
        else if (_producers.TryGetValue(other, out var halfX) && halfX.OpType == "Mul" && Sole(halfX) == mul
                 && ScalarOperand(halfX) is (string hx, float h2, _) && hx == x && Near(h2, 0.5))
        {
            helpers.Add(halfX);
            last = mul;
        }
        else return;
        _absorbed.UnionWith(helpers);
        _fused[erf] = new FusedActivation(x, last.Output[0], name => new Activation(ActivationFunction.Gelu, name));
    }

    /// <summary>Keras's ReLU(maxValue, negativeSlope, threshold) as this library exports it:
    /// Where(Greater(x, t), x, Mul(Sub(x, t), slope)), optionally followed by Min(·, max).</summary>
    private void MatchGeneralRelu(NodeProto where)
    {
        if (where.Input.Count != 3 || !_producers.TryGetValue(where.Input[0], out var ge) || ge.OpType != "Greater" || Sole(ge) != where) return;
        if (ScalarOperand(ge) is not (string x, float t, 1) || where.Input[1] != x) return;
        if (!_producers.TryGetValue(where.Input[2], out var mul) || mul.OpType != "Mul" || Sole(mul) != where) return;
        if (ScalarOperand(mul) is not (string shifted, float slope, _) || !_producers.TryGetValue(shifted, out var sub)) return;
        if (sub.OpType != "Sub" || Sole(sub) != mul || ScalarOperand(sub) is not (string sx, float t2, 1) || sx != x || t2 != t) return;
        if (t < 0 || slope < 0 || !float.IsFinite(t) || !float.IsFinite(slope)) return;
        List<NodeProto> helpers = [ge, mul, sub];
        string output = where.Output[0];
        float? max = null;
        if (Sole(where) is { OpType: "Min" } min && ScalarOperand(min) is (string y, float m, _) && y == output && m >= 0 && float.IsFinite(m))
        {
            helpers.Add(min);
            output = min.Output[0];
            max = m;
        }
        _absorbed.UnionWith(helpers);
        _fused[where] = new FusedActivation(x, output, name => new ReLU(maxValue: max, negativeSlope: slope, threshold: t, name: name));
    }

    /// <summary>Creates the layer of a matched pattern at its anchor node.</summary>
    private void MapFused(NodeProto anchor, FusedActivation fused)
    {
        var x = Get(fused.Input, $"node '{anchor.Name}' ({anchor.OpType})");
        if (x.Symbol is null || x.ReversedAxis >= 0 || x.UnsqueezedFrom is not null)
            throw Unsupported(anchor, $"its input '{fused.Input}' is a constant or is held in a layout an activation cannot take.");
        var layer = fused.Create(LayerName(anchor));
        _values[fused.Output] = new ImportValue(layer.Call(x.Symbol), x.Perm) { FeatureOrder = x.FeatureOrder };
    }

    private NodeProto? Sole(NodeProto node) => node.Output.Count > 0 ? SoleConsumer(node, 0) : null;

    /// <summary>For a two-input node with exactly one scalar constant operand: the other input, the scalar, and the
    /// constant's input position.</summary>
    private (string Other, float Value, int At)? ScalarOperand(NodeProto node)
    {
        if (node.Input.Count != 2) return null;
        var c0 = StaticConstant(node.Input[0]);
        var c1 = StaticConstant(node.Input[1]);
        if ((c0 is null) == (c1 is null)) return null;
        var (c, at) = c0 is not null ? (c0, 0) : (c1!, 1);
        return c.Count == 1 && c.Floats is not null ? (node.Input[1 - at], c.Floats[0], at) : null;
    }

    /// <summary>A value known before mapping: an initializer, or the output of a Constant node.</summary>
    private OnnxConstant? StaticConstant(string name) =>
        _values.TryGetValue(name, out var v) ? v.Constant
        : _producers.TryGetValue(name, out var p) && p.OpType == "Constant" ? ReadConstant(p) : null;

    private static bool Near(double value, double target) => Math.Abs(value - target) <= 1e-6 * Math.Abs(target);
}
