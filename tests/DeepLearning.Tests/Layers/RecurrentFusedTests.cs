using DeepLearning.Autograd;
using RecurrentOps = DeepLearning.Autograd.Ops;
using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.RecurrentTestData;

namespace DeepLearning.Tests.Layers;

/// <summary>The fused sequence nodes against the per-step autograd path (same layer, same weights, float64) and
/// GradCheck of the fused path with masks, go_backwards and initial states.</summary>
public class RecurrentFusedTests
{
    public static TheoryData<string> Kinds => new() { "lstm", "gru", "gru_before", "simple", "simple_relu", "lstm_linear" };

    private static RecurrentLayer Make(string kind, bool goBackwards = false, bool returnSequences = true, bool returnState = true) => kind switch
    {
        "lstm" => new LSTM(3, returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards),
        "lstm_linear" => new LSTM(3, activation: Activation.Linear, recurrentActivation: Activation.Sigmoid, returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards),
        "gru" => new GRU(3, returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards),
        "gru_before" => new GRU(3, resetAfter: false, returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards),
        "simple" => new SimpleRNN(3, returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards),
        _ => new SimpleRNN(3, activation: Activation.ReLU, returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards),
    };

    private static readonly float[,] MaskValues = { { 1, 1, 0, 1, 0 }, { 0, 1, 1, 1, 1 } };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void FusedMatchesStepwiseWithGradients(string kind)
    {
        foreach (bool backwards in new[] { false, true })
        foreach (bool masked in new[] { false, true })
        {
            var x = Wave([2, 5, 4], 0.9, 0.3);
            var mask = masked ? Tensor.FromArray(MaskValues) : null;
            var results = new List<(Tensor[] Outputs, Tensor[] Grads)>();
            foreach (bool stepwise in new[] { false, true })
            {
                var layer = Built(Make(kind, backwards), [2, 5, 4]);
                layer.ForceStepwise = stepwise;
                for (int i = 0; i < layer.Weights.Count; i++) Set(layer.Weights[i], 0.6, 0.2 + i);
                var h0 = Wave([2, 3], 0.5, 1.1);
                var xs = x.Detach().Clone();
                xs.RequiresGrad = true;
                h0.RequiresGrad = true;
                var inputs = layer.StateCount == 2 ? new[] { xs, h0, Wave([2, 3], 0.4, 2.0) } : new[] { xs, h0 };
                var outs = layer.CallMultiple(inputs, masks: new Tensor?[] { mask, null, null }[..inputs.Length]);
                Assert.Equal(!stepwise, GraphContains(outs[1], "Sequence"));
                var loss = (outs[0] * Wave(outs[0].Shape, 1, 0.5)).Sum() + (outs[1] * Wave(outs[1].Shape, 1, 1.5)).Sum();
                loss.Backward();
                results.Add(([.. outs.Select(o => o.Detach().Clone())], [xs.Grad!, h0.Grad!, .. layer.TrainableWeights.Select(w => w.Grad!)]));
            }
            for (int i = 0; i < results[0].Outputs.Length; i++)
                TestHelpers.AssertClose(results[1].Outputs[i], results[0].Outputs[i], 1e-12, 1e-12, $"{kind} backwards={backwards} masked={masked} output {i}");
            for (int i = 0; i < results[0].Grads.Length; i++)
                TestHelpers.AssertClose(results[1].Grads[i], results[0].Grads[i], 1e-10, 1e-12, $"{kind} backwards={backwards} masked={masked} grad {i}");
        }
    }

    /// <summary>True when a node whose name contains <paramref name="name"/> produced t or one of its ancestors.</summary>
    internal static bool GraphContains(Tensor t, string name)
    {
        var seen = new HashSet<Node>();
        var stack = new Stack<Node>();
        if (t.GradFn is { } root) stack.Push(root);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (!seen.Add(n)) continue;
            if (n.Name.Contains(name)) return true;
            for (int i = 0; i < n.InputCount; i++)
                if (n.GetInput(i).GradFn is { } c) stack.Push(c);
        }
        return false;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void FusedPathPassesGradCheck(string kind)
    {
        var layer = Built(Make(kind, goBackwards: true), [2, 5, 4]);
        for (int i = 0; i < layer.Weights.Count; i++) Set(layer.Weights[i], 0.6, 0.2 + i);
        var mask = Tensor.FromArray(MaskValues);
        var x = Wave([2, 5, 4], 0.9, 0.3);
        var h0 = Wave([2, 3], 0.5, 1.1);
        var c0 = Wave([2, 3], 0.4, 2.0);
        var report = GradCheck.Check(t =>
        {
            Tensor[] inputs = layer.StateCount == 2 ? [t[0], t[1], t[2]] : [t[0], t[1]];
            var outs = layer.CallMultiple(inputs, masks: new Tensor?[] { mask, null, null }[..inputs.Length]);
            return Tensor.Concat([outs[0].Reshape(-1), .. outs.Skip(1).Select(o => o.Reshape(-1))], 0);
        }, [x, h0, c0]);
        Assert.True(report.Passed, $"{kind} inputs: {report}");
        var projection = Wave([2, 5, 3], 1, 0.7);
        var weights = GradCheck.CheckParameters(() => (layer.CallMultiple([x, .. (layer.StateCount == 2 ? new[] { h0, c0 } : [h0])],
            masks: new Tensor?[] { mask, null, null }[..(1 + layer.StateCount)])[0] * projection).Sum(), layer.TrainableWeights);
        Assert.True(weights.Passed, $"{kind} weights: {weights}");
    }

    [Fact]
    public void FusedNodesRunOnTheReferenceDevice()
    {
        // The nodes use only the device interface (strided and broadcast views, batched GEMM, select), so the float64
        // reference device gives the CPU's values and gradients.
        var mask = Tensor.FromArray(new double[,] { { 1, 1, 0, 1, 0 }, { 0, 1, 1, 1, 1 } });
        foreach (var (gates, make) in new (int, Func<Tensor[], Tensor>)[]
        {
            (4, t => RecurrentOps.LstmSequenceNode.Apply(t[0], t[1], t[2], t[3], t[4], t[5], true, DeepLearning.Devices.FusedActivation.Tanh, DeepLearning.Devices.FusedActivation.Sigmoid)),
            (3, t => RecurrentOps.GruSequenceNode.Apply(t[0], t[1], t[2], t[4], t[5], false, true, DeepLearning.Devices.FusedActivation.Tanh, DeepLearning.Devices.FusedActivation.Sigmoid)),
            (3, t => RecurrentOps.GruSequenceNode.Apply(t[0], t[1], t[2], null, t[5], true, false, DeepLearning.Devices.FusedActivation.Relu, DeepLearning.Devices.FusedActivation.Sigmoid)),
            (1, t => RecurrentOps.SimpleRnnSequenceNode.Apply(t[0], t[1], t[2], t[5], false, DeepLearning.Devices.FusedActivation.Tanh)),
        })
        {
            var results = new List<Tensor[]>();
            foreach (var device in new DeepLearning.Devices.Device[] { DeepLearning.Devices.Device.Cpu, TestHelpers.Reference })
            {
                var leaves = new[] { Wave([2, 5, 3 * gates], 0.9, 0.3), Wave([3, 3 * gates], 0.5, 1.1), Wave([2, 3], 0.5, 2.1), Wave([2, 3], 0.4, 0.2), Wave([3 * gates], 0.3, 0.8) }
                    .Select(t => { var d = t.To(device); d.RequiresGrad = true; return d; }).ToArray();
                var y = make([.. leaves, mask.To(device)]);
                (y * Wave(y.Shape, 1, 0.9).To(device)).Sum().Backward();
                results.Add([y, .. leaves.Select(l => l.Grad ?? Tensor.Zeros(l.Shape, DType.Float64, device))]);
            }
            for (int i = 0; i < results[0].Length; i++)
                TestHelpers.AssertClose(results[0][i], results[1][i].To(DeepLearning.Devices.Device.Cpu), 1e-12, 1e-14, $"{gates} gates, tensor {i}");
        }
    }
}
