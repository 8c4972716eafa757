using DeepLearning.Activations;
using DeepLearning.Layers;
using Onnx;

namespace DeepLearning.Onnx;

internal sealed partial class OnnxImportContext
{
    /// <summary>ONNX LSTM, GRU and RNN (one direction, layout 0) → LSTM, GRU and SimpleRNN. The input must be held
    /// batch first (an ONNX Transpose of a (N, T, F) value), outputs are read through the Squeeze that drops the
    /// direction axis; W/R gate blocks go back to Keras's order (the export's <c>GateOrder</c>); B = [Wb; Rb] becomes
    /// Wb + Rb, or the two rows of a reset-after GRU's bias (linear_before_reset = 1). A reversed input (the
    /// export's go_backwards Slice) or direction "reverse" with only the final state used gives go_backwards.</summary>
    private void MapRecurrent(NodeProto node)
    {
        var x = In(node, 0);
        if (x.Symbol is null || x.FeatureOrder is not null || x.UnsqueezedFrom is not null || !x.Perm.SequenceEqual([1, 0, 2]) || x.ReversedAxis is not (-1 or 0))
            throw Unsupported(node, "its input must be a batch-first (N, T, F) value transposed to ONNX's (T, N, F).");
        if (Int(node, "layout", 0) != 0) throw Unsupported(node, "layout = 1 is not mapped.");
        if (node.Attribute.Any(a => a.Name is "clip" or "activation_alpha" or "activation_beta") || Int(node, "input_forget", 0) != 0)
            throw Unsupported(node, "clip, input_forget and activation parameters are not mapped.");
        if (HasInput(node, 4)) throw Unsupported(node, "sequence_lens is not mapped (no masking).");
        string direction = Str(node, "direction", "forward");
        bool sequencesUsed = Used(node, 0);
        bool goBackwards = x.ReversedAxis == 0;
        if (direction == "reverse" && !sequencesUsed && !goBackwards) goBackwards = true;
        else if (direction != "forward") throw Unsupported(node, $"direction {direction} is not mapped here (bidirectional recurrence has no layer mapping).");

        int units = (int)Int(node, "hidden_size", 0);
        var w = ConstIn(node, 1, "W");
        var r = ConstIn(node, 2, "R");
        int gates = node.OpType switch { "LSTM" => 4, "GRU" => 3, _ => 1 };
        if (units <= 0 || w.Dims.Length != 3 || w.Dims[0] != 1 || w.Dims[1] != gates * units || r.Dims[1] != gates * units)
            throw new InvalidDataException($"ONNX import: node '{node.Name}' ({node.OpType}): W [{string.Join(", ", w.Dims)}] and R [{string.Join(", ", r.Dims)}] do not fit hidden_size {units}.");
        var names = Strings(node, "activations") ?? (node.OpType switch { "LSTM" => ["Sigmoid", "Tanh", "Tanh"], "GRU" => ["Sigmoid", "Tanh"], _ => ["Tanh"] });
        var fns = names.Select(n => n switch
        {
            "Sigmoid" => ActivationFunction.Sigmoid, "Tanh" => ActivationFunction.Tanh, "Relu" => ActivationFunction.ReLU,
            _ => throw Unsupported(node, $"activation {n} is not mapped."),
        }).ToArray();
        if (node.OpType == "LSTM" && fns[1] != fns[2]) throw Unsupported(node, "different cell and output activations are not mapped.");
        bool resetAfter = node.OpType == "GRU" && Int(node, "linear_before_reset", 0) != 0;
        bool returnState = Used(node, 1) || Used(node, 2);
        string name = LayerName(node);
        RecurrentLayer layer = node.OpType switch
        {
            "LSTM" => new LSTM(units, fns[1], fns[0], returnSequences: sequencesUsed, returnState: returnState, goBackwards: goBackwards, name: name),
            "GRU" => new GRU(units, fns[1], fns[0], returnSequences: sequencesUsed, returnState: returnState, goBackwards: goBackwards, resetAfter: resetAfter, name: name),
            _ => new SimpleRNN(units, fns[0], returnSequences: sequencesUsed, returnState: returnState, goBackwards: goBackwards, name: name),
        };
        var inputs = new List<SymbolicTensor> { x.Symbol };
        for (int i = 5; i < 5 + layer.StateCount; i++)
            if (HasInput(node, i))
            {
                if (IsZeroState(In(node, i), units)) continue; // ONNX's default initial state is zero, as the layer's
                var state = In(node, i).UnsqueezedFrom ?? throw Unsupported(node, $"initial state {i} must be an Unsqueeze(axis 0) of a (N, units) value.");
                if (!state.IsPlain) throw Unsupported(node, $"initial state {i} is held permuted.");
                inputs.Add(state.Symbol!);
            }
        if (inputs.Count is not 1 && inputs.Count != 1 + layer.StateCount) throw Unsupported(node, "give all initial states or none.");
        var outs = Call(layer, [.. inputs]);

        var order = OnnxExportContext.GateOrder(layer);
        Assign(layer.Kernel, Tensor.FromArray(KerasColumns(w.AsFloats(), order, units), layer.Kernel!.Shape), node, "W");
        Assign(layer.RecurrentKernel, Tensor.FromArray(KerasColumns(r.AsFloats(), order, units), layer.RecurrentKernel!.Shape), node, "R");
        var b = HasInput(node, 3) ? ConstIn(node, 3, "B").AsFloats() : new float[2 * gates * units];
        if (b.Length != 2 * gates * units) throw new InvalidDataException($"ONNX import: node '{node.Name}' ({node.OpType}): B has {b.Length} values, not {2 * gates * units}.");
        var bias = new float[layer.Bias!.ElementCount];
        int g3 = gates * units;
        for (int k = 0; k < gates; k++)
            for (int j = 0; j < units; j++)
            {
                float wb = b[k * units + j], rb = b[g3 + k * units + j];
                int col = order[k] * units + j;
                if (resetAfter) (bias[col], bias[g3 + col]) = (wb, rb);
                else bias[col] = wb + rb;
            }
        Assign(layer.Bias, Tensor.FromArray(bias, layer.Bias.Shape), node, "B");

        // Y (T, 1, N, H) is read through Squeeze(axis 1), Y_h and Y_c (1, N, H) through Squeeze(axis 0).
        for (int o = 0; o < 3; o++)
        {
            if (!Used(node, o)) continue;
            var squeeze = SoleConsumer(node, o);
            long[] expected = o == 0 ? [1] : [0];
            if (squeeze is not { OpType: "Squeeze" } || !SqueezeAxes(squeeze).SequenceEqual(expected))
                throw Unsupported(node, $"its output {o} must be read by one Squeeze of axis {expected[0]} (the direction axis).");
            _absorbed.Add(squeeze);
            var symbol = o == 0 ? outs[0] : outs[o];
            Set(squeeze, 0, new ImportValue(symbol, o == 0 ? [1, 0, 2] : [0, 1]));
        }
    }

    private long[] SqueezeAxes(NodeProto squeeze) =>
        Ints(squeeze, "axes") ?? (HasInput(squeeze, 1) && StaticConstant(squeeze.Input[1]) is { } c ? c.AsInts("axes") : []);

    /// <summary>ONNX's (G·units, cols) gate rows as a Keras kernel (cols, G·units), ONNX block k into Keras block order[k].</summary>
    private static float[] KerasColumns(float[] onnx, int[] order, int units)
    {
        int gates = order.Length;
        int cols = onnx.Length / (gates * units);
        var result = new float[onnx.Length];
        for (int k = 0; k < gates; k++)
            for (int j = 0; j < units; j++)
                for (int c = 0; c < cols; c++)
                    result[c * gates * units + order[k] * units + j] = onnx[(k * units + j) * cols + c];
        return result;
    }
}
