using DeepLearning.Activations;
using DeepLearning.Layers;

namespace DeepLearning.Onnx;

internal sealed partial class OnnxExportContext
{
    /// <summary>ONNX's gate blocks in Keras's kernel columns. LSTM: ONNX i, o, f, c ← Keras i, f, c, o; GRU: z, r, h on
    /// both sides; SimpleRNN: one block.</summary>
    internal static int[] GateOrder(RecurrentLayer r) => r switch { LSTM => [0, 3, 1, 2], GRU => [0, 1, 2], _ => [0] };

    /// <summary>SimpleRNN, LSTM and GRU as ONNX RNN, LSTM and GRU (one direction, layout 0: time first).
    /// W = kernelᵀ with the gate blocks reordered (<see cref="GateOrder"/>), R = recurrent kernelᵀ likewise;
    /// B = [Wb; Rb]: Keras's bias as Wb and zeros as Rb, except GRU with reset_after, whose two bias rows are Wb and Rb
    /// (linear_before_reset = 1). go_backwards reverses the sequence before the operator, so the outputs come in
    /// processing order as in Keras. (N, T, F) is transposed to (T, N, F) and back.</summary>
    private void ExportRecurrent(RecurrentLayer r, IReadOnlyList<SymbolicTensor> ins, IReadOnlyList<SymbolicTensor> outs)
    {
        string name = r.Name;
        if (ins[0].HasMask)
            throw new NotSupportedException($"ONNX export: layer '{name}' ({r.GetType().Name}) receives a mask; masked recurrence has no ONNX mapping here.");
        if (r.Stateful)
            throw new NotSupportedException($"ONNX export: layer '{name}' ({r.GetType().Name}) is stateful; an ONNX graph starts from given or zero states.");
        var g = Graph;
        int units = r.Units;
        var order = GateOrder(r);
        var (op, activations) = r switch
        {
            LSTM l => ("LSTM", new[] { OnnxActivation(l.RecurrentActivation, name), OnnxActivation(l.ActivationFunction, name), OnnxActivation(l.ActivationFunction, name) }),
            GRU gru => ("GRU", new[] { OnnxActivation(gru.RecurrentActivation, name), OnnxActivation(gru.ActivationFunction, name) }),
            _ => ("RNN", new[] { OnnxActivation(r.ActivationFunction, name) }),
        };
        int features = ins[0].Shape[1];
        string w = g.Constant(name + "/W", GateRows(r.Kernel!, order, units), 1, order.Length * units, features);
        string rw = g.Constant(name + "/R", GateRows(r.RecurrentKernel!, order, units), 1, order.Length * units, units);
        var bias = new float[2 * order.Length * units];
        if (r.Bias is { } b)
        {
            var bv = b.Cast(DType.Float32).ToArray<float>();
            int rows = bv.Length / (order.Length * units); // 2 for GRU with reset_after: [b_in; b_rec]
            for (int row = 0; row < rows; row++)
                for (int gi = 0; gi < order.Length; gi++)
                    Array.Copy(bv, row * order.Length * units + order[gi] * units, bias, row * order.Length * units + gi * units, units);
        }
        string bName = g.Constant(name + "/B", bias, 1, bias.Length);

        string x = Native(ins[0]);
        if (r.GoBackwards)
            x = g.Op("Slice", name, [x, g.Int64s(name + "/start", -1), g.Int64s(name + "/end", long.MinValue), g.Int64s(name + "/axis", 1), g.Int64s(name + "/step", -1)]);
        x = g.Transpose(x, [1, 0, 2], name);
        string axis0 = g.Int64s(name + "/axis0", 0);
        var inputs = new List<string> { x, w, rw, bName, "" };
        for (int i = 1; i < ins.Count; i++) inputs.Add(g.Op("Unsqueeze", name, [Native(ins[i]), axis0]));
        var attributes = new List<(string, object)> { ("hidden_size", units), ("activations", activations), ("direction", "forward") };
        if (r is GRU { ResetAfter: true }) attributes.Add(("linear_before_reset", 1));
        int nOut = r is LSTM ? 3 : 2;
        var y = g.Node(op, [.. inputs], nOut, name, [.. attributes]);
        string? output = !outs.Any(o => o.OutputIndex == 0) ? null : r.ReturnSequences
            ? g.Transpose(g.Op("Squeeze", name, [y[0], g.Int64s(name + "/axis1", 1)]), [1, 0, 2], name)
            : g.Op("Squeeze", name, [y[1], axis0]);
        foreach (var o in outs)
            Set(o, o.OutputIndex == 0 ? output! : g.Op("Squeeze", name, [y[o.OutputIndex], axis0]));
    }

    /// <summary>A Keras kernel (rows, G·units) as ONNX's (G·units, rows), gate block k taken from Keras block order[k].</summary>
    internal static float[] GateRows(Tensor kernel, int[] order, int units)
    {
        var k = kernel.Cast(DType.Float32).ToArray<float>();
        int rows = kernel.Shape[0], cols = kernel.Shape[1];
        var result = new float[k.Length];
        for (int gi = 0; gi < order.Length; gi++)
            for (int j = 0; j < units; j++)
                for (int row = 0; row < rows; row++)
                    result[((gi * units) + j) * rows + row] = k[row * cols + order[gi] * units + j];
        return result;
    }

    private static string OnnxActivation(ActivationFunction f, string layer) => f.Name switch
    {
        "sigmoid" => "Sigmoid",
        "tanh" => "Tanh",
        "relu" => "Relu",
        _ => throw new NotSupportedException($"ONNX export: layer '{layer}': the recurrent activation '{f}' has no ONNX mapping (sigmoid, tanh, relu)."),
    };
}
