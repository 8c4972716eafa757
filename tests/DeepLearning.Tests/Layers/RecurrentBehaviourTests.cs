using DeepLearning.Autograd;
using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.RecurrentTestData;

namespace DeepLearning.Tests.Layers;

/// <summary>Masking, initial and carried states, stacking, dropout and bad input, for SimpleRNN, LSTM and GRU
/// (both reset_after settings), on the fused path and (where it differs) on the per-step path.</summary>
public class RecurrentBehaviourTests
{
    public static TheoryData<string> Kinds => new() { "lstm", "gru", "gru_before", "simple" };

    internal static RecurrentLayer Make(string kind, int units = 3, bool returnSequences = false, bool returnState = false,
        bool goBackwards = false, bool stateful = false, double dropout = 0, double recurrentDropout = 0, int? seed = null) => kind switch
    {
        "lstm" => new LSTM(units, dropout: dropout, recurrentDropout: recurrentDropout, seed: seed, returnSequences: returnSequences,
            returnState: returnState, goBackwards: goBackwards, stateful: stateful),
        "gru" => new GRU(units, dropout: dropout, recurrentDropout: recurrentDropout, seed: seed, returnSequences: returnSequences,
            returnState: returnState, goBackwards: goBackwards, stateful: stateful),
        "gru_before" => new GRU(units, dropout: dropout, recurrentDropout: recurrentDropout, seed: seed, returnSequences: returnSequences,
            returnState: returnState, goBackwards: goBackwards, stateful: stateful, resetAfter: false),
        _ => new SimpleRNN(units, dropout: dropout, recurrentDropout: recurrentDropout, seed: seed, returnSequences: returnSequences,
            returnState: returnState, goBackwards: goBackwards, stateful: stateful),
    };

    private static T WithWaveWeights<T>(T layer) where T : Layer
    {
        for (int i = 0; i < layer.Weights.Count; i++) Set(layer.Weights[i], 0.5, 0.3 + 1.1 * i);
        return layer;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void PaddedSequenceGivesTheStatesOfTheUnpaddedOne(string kind)
    {
        // Sample 0 of the reference mask is right-padded after 3 valid steps; sample 1 is left-padded by 1 step.
        var layer = WithWaveWeights(Built(Make(kind, returnSequences: true, returnState: true), [2, 5, 4]));
        var x = X();
        var padded = layer.CallMultiple([x], masks: [ReferenceMask()]);
        var head = layer.CallMultiple([x.Narrow(0, 0, 1).Narrow(1, 0, 3).Contiguous()]);
        var tail = layer.CallMultiple([x.Narrow(0, 1, 1).Narrow(1, 1, 4).Contiguous()]);
        for (int s = 1; s < padded.Count; s++)
        {
            TestHelpers.AssertClose(head[s], padded[s].Narrow(0, 0, 1), 1e-12, 1e-14, $"{kind} right-padded state {s}");
            TestHelpers.AssertClose(tail[s], padded[s].Narrow(0, 1, 1), 1e-12, 1e-14, $"{kind} left-padded state {s}");
        }
        var seq = padded[0];
        // Masked steps repeat the previous output; before the first valid step the output is zeros.
        TestHelpers.AssertClose(seq.Select(0, 0).Select(0, 2), seq.Select(0, 0).Select(0, 3), 0, 0);
        TestHelpers.AssertClose(seq.Select(0, 0).Select(0, 2), seq.Select(0, 0).Select(0, 4), 0, 0);
        TestHelpers.AssertValues([0, 0, 0], seq.Select(0, 1).Select(0, 0));
        TestHelpers.AssertClose(head[0], seq.Narrow(0, 0, 1).Narrow(1, 0, 3), 1e-12, 1e-14, $"{kind} valid outputs");
        // The mask goes on with the sequence (return_state: set on the output by the layer itself).
        var mask = ReferenceMask();
        Assert.Same(mask, layer.CallMultiple([x], masks: [mask])[0].Mask);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void MaskTravelsFromEmbeddingThroughTheLayer(string kind)
    {
        var embedding = new Embedding(10, 4, maskZero: true);
        var layer = Make(kind, returnSequences: true);
        var ids = Tensor.FromArray(new[,] { { 3, 5, 2, 0, 0 }, { 7, 1, 4, 9, 6 } });
        var seq = layer.Call(embedding.Call(ids));
        Assert.NotNull(seq.Mask);
        TestHelpers.AssertValues([1, 1, 1, 0, 0, 1, 1, 1, 1, 1], seq.Mask!);
        var last = Make(kind);
        var final = last.Call(seq);
        Assert.Null(final.Mask);
        // Same as running the unpadded first sample alone.
        var alone = last.Call(layer.Call(embedding.Call(Tensor.FromArray(new[,] { { 3, 5, 2 } }))));
        TestHelpers.AssertClose(alone, final.Narrow(0, 0, 1), 1e-5, 1e-6, kind);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void InitialStatesAndStatefulCallsContinueTheSequence(string kind)
    {
        var whole = WithWaveWeights(Built(Make(kind, returnState: true), [2, 5, 4]));
        var x = X();
        var full = whole.CallMultiple([x]);
        // Feeding the final states of the first 2 steps as the initial states of the last 3 continues the sequence.
        var first = whole.CallMultiple([x.Narrow(1, 0, 2)]);
        var second = whole.CallMultiple([x.Narrow(1, 2, 3), .. first.Skip(1)]);
        for (int i = 0; i < full.Count; i++) TestHelpers.AssertClose(full[i], second[i], 1e-12, 1e-14, $"{kind} output {i}");
        // A stateful layer does the same on its own, until ResetStates.
        var stateful = WithWaveWeights(Built(Make(kind, stateful: true), [2, 5, 4]));
        stateful.ResetStates();
        stateful.Call(x.Narrow(1, 0, 2));
        Assert.NotNull(stateful.States);
        TestHelpers.AssertClose(full[0], stateful.Call(x.Narrow(1, 2, 3)), 1e-12, 1e-14, $"{kind} stateful");
        stateful.ResetStates();
        TestHelpers.AssertClose(first[0], stateful.Call(x.Narrow(1, 0, 2)), 1e-12, 1e-14, $"{kind} after reset");
        Assert.Contains("batch", Assert.Throws<ArgumentException>(() => stateful.Call(X().Narrow(0, 0, 1))).Message);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void StackedLayersPassGradCheck(string kind)
    {
        var lower = Make(kind, units: 3, returnSequences: true);
        var upper = Make(kind, units: 2);
        var x = Wave([2, 4, 3], 0.8, 0.5);
        Built(lower, [2, 4, 3]);
        Built(upper, [2, 4, 3]);
        var report = GradCheck.Check(t => upper.Call(lower.Call(t[0])), [x]);
        Assert.True(report.Passed, $"{kind} stack d/dx: {report}");
        var weights = GradCheck.CheckParameters(() => (upper.Call(lower.Call(x)) * Wave([2, 2], 1, 0.1)).Sum(),
            [.. lower.TrainableWeights, .. upper.TrainableWeights]);
        Assert.True(weights.Passed, $"{kind} stack d/dweights: {weights}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void InputDropoutIsOneMaskPerSequence(string kind)
    {
        // Keras implementation 2 (no recurrent dropout): the same inverted-dropout mask (batch, features) at every
        // step, so the layer in training equals the layer without dropout on x ⊙ mask; inference ignores dropout.
        const double rate = 0.4;
        var dropped = WithWaveWeights(Built(Make(kind, dropout: rate, seed: 11), [2, 5, 4]));
        var plain = WithWaveWeights(Built(Make(kind), [2, 5, 4]));
        var x = X();
        TestHelpers.AssertClose(plain.Call(x), dropped.Call(x, training: false), 0, 0);
        var mask = Tensor.Bernoulli([2, 4], 1 - rate, DType.Float64, new Generator(11)) / (1 - rate);
        TestHelpers.AssertClose(plain.Call(x * mask.Unsqueeze(1)), dropped.Call(x, training: true), 1e-12, 1e-14, kind);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void RecurrentDropoutFollowsKerasImplementation1(string kind)
    {
        // With recurrent dropout Keras uses one mask per gate for the inputs and for h_{t−1} (SimpleRNN: one each),
        // drawn once per call; the expected output is computed here from the cell code with those masks.
        const double rate = 0.3, recRate = 0.2;
        var layer = WithWaveWeights(Built(Make(kind, dropout: rate, recurrentDropout: recRate, seed: 5), [2, 5, 4]));
        var x = X();
        var y = layer.Call(x, training: true);
        int gates = kind == "lstm" ? 4 : kind == "simple" ? 1 : 3;
        var g = new Generator(5);
        var inMasks = Enumerable.Range(0, gates).Select(_ => Tensor.Bernoulli([2, 4], 1 - rate, DType.Float64, g) / (1 - rate)).ToArray();
        var recMasks = Enumerable.Range(0, gates).Select(_ => Tensor.Bernoulli([2, 3], 1 - recRate, DType.Float64, g) / (1 - recRate)).ToArray();
        var w = layer.Weights;
        Tensor K = w[0], U = w[1], b = w[2];
        var h = Tensor.Zeros([2, 3], DType.Float64);
        var c = Tensor.Zeros([2, 3], DType.Float64);
        for (int t = 0; t < 5; t++)
        {
            var xt = x.Select(1, t);
            Tensor XK(int j) => (xt * inMasks[j]).MatMul(K.Narrow(1, 3 * j, 3));
            Tensor HU(int j, Tensor hh) => (hh * recMasks[j]).MatMul(U.Narrow(1, 3 * j, 3));
            switch (kind)
            {
                case "lstm":
                {
                    var i = (XK(0) + b.Narrow(0, 0, 3) + HU(0, h)).Sigmoid();
                    var f = (XK(1) + b.Narrow(0, 3, 3) + HU(1, h)).Sigmoid();
                    c = f * c + i * (XK(2) + b.Narrow(0, 6, 3) + HU(2, h)).Tanh();
                    var o = (XK(3) + b.Narrow(0, 9, 3) + HU(3, h)).Sigmoid();
                    h = o * c.Tanh();
                    break;
                }
                case "gru":
                {
                    var z = (XK(0) + b[0, 0..3] + HU(0, h) + b[1, 0..3]).Sigmoid();
                    var r = (XK(1) + b[0, 3..6] + HU(1, h) + b[1, 3..6]).Sigmoid();
                    var hh = (XK(2) + b[0, 6..9] + r * (HU(2, h) + b[1, 6..9])).Tanh();
                    h = z * h + (1.0 - z) * hh;
                    break;
                }
                case "gru_before":
                {
                    var z = (XK(0) + b.Narrow(0, 0, 3) + HU(0, h)).Sigmoid();
                    var r = (XK(1) + b.Narrow(0, 3, 3) + HU(1, h)).Sigmoid();
                    var hh = (XK(2) + b.Narrow(0, 6, 3) + (r * (h * recMasks[2])).MatMul(U.Narrow(1, 6, 3))).Tanh();
                    h = z * h + (1.0 - z) * hh;
                    break;
                }
                default:
                    h = (XK(0) + b + HU(0, h)).Tanh();
                    break;
            }
        }
        TestHelpers.AssertClose(h, y, 1e-12, 1e-14, kind);
        // Reproducible: the same seed gives the same masks in a fresh layer.
        var again = WithWaveWeights(Built(Make(kind, dropout: rate, recurrentDropout: recRate, seed: 5), [2, 5, 4]));
        TestHelpers.AssertClose(y, again.Call(x, training: true), 0, 0);
        // The dropped path trains: gradients reach every weight.
        again.Call(x, training: true).Sum().Backward();
        Assert.All(again.TrainableWeights, w => Assert.True(w.Grad!.Abs().Max().Item<double>() > 0, w.Name));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void BadInputsNameTheLayerAndShapes(string kind)
    {
        var layer = Make(kind, returnState: true);
        Built(layer, [2, 5, 4]);
        var x = X();
        Assert.Contains(layer.Name, Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Zeros([2, 5, 4], DType.Float32))).Message);
        Assert.Contains("int32", Assert.Throws<ArgumentException>(() => Make(kind).Call(Tensor.Zeros([2, 5, 4], DType.Int32))).Message, StringComparison.OrdinalIgnoreCase);
        var wrongCount = Assert.Throws<ArgumentException>(() => layer.CallMultiple([x, .. InitialStates(layer.StateCount), InitialStates(1)[0]]));
        Assert.Contains("initial state", wrongCount.Message);
        var wrongShape = Assert.Throws<ArgumentException>(() => layer.CallMultiple([x, .. Enumerable.Repeat(Tensor.Zeros([2, 4], DType.Float64), layer.StateCount)]));
        Assert.Contains("(2, 3)", wrongShape.Message);
        var badMask = Assert.Throws<ArgumentException>(() => layer.Call(x, mask: Tensor.Ones([2, 4])));
        Assert.Contains("(2, 5)", badMask.Message);
        Assert.Contains("time step", Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Zeros([2, 0, 4], DType.Float64))).Message);
        var changed = Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Zeros([2, 5, 6], DType.Float64)));
        Assert.Contains("(None, 5, 4)", changed.Message);
    }

    [Fact]
    public void SymbolicCallsInferShapesAndMasks()
    {
        var input = new Input(new Shape(7), DType.Int32);
        var embedded = new Embedding(20, 5, maskZero: true).Call(input);
        Assert.True(embedded.HasMask);
        var seq = new LSTM(4, returnSequences: true).Call(embedded);
        Assert.Equal(new Shape(7, 4), seq.Shape);
        Assert.True(seq.HasMask);
        var states = new GRU(3, returnState: true).CallMultiple([seq]);
        Assert.Equal(2, states.Count);
        Assert.Equal(new Shape(3), states[1].Shape);
        Assert.False(states[0].HasMask);
    }
}
