using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.RecurrentTestData;

namespace DeepLearning.Tests.Layers;

public class BidirectionalTests
{
    /// <summary>Bidirectional(LSTM(3)) on the reference input with both directions given the reference weights, so the
    /// forward output is RecurrentReference.LstmPlainSeq and the backward one LstmBackwardsSeq.</summary>
    private static Bidirectional Reference(BidirectionalMergeMode mode, bool returnSequences = true, bool returnState = false)
    {
        var bi = new Bidirectional(new LSTM(3, returnSequences: returnSequences, returnState: returnState), mode);
        Built(bi, [2, 5, 4]);
        foreach (var lstm in new[] { (LSTM)bi.ForwardLayer, (LSTM)bi.BackwardLayer })
        {
            Set(lstm.Kernel!, 0.5, 0.1);
            Set(lstm.RecurrentKernel!, 0.4, 0.7);
            Set(lstm.Bias!, 0.3, 1.3);
        }
        return bi;
    }

    /// <summary>The backward reference sequence flipped back along time (Keras: y_rev = flip(y_rev, axis=1)).</summary>
    private static Tensor BackwardFlipped() =>
        Tensor.FromArray(RecurrentReference.LstmBackwardsSeq, [2, 5, 3]).Gather(Tensor.FromArray(new[] { 4, 3, 2, 1, 0 }), 1);

    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        // Twice the wrapped layer: 2·96 = 192 (LSTM), 2·81 = 162 (GRU), 2·24 = 48 (SimpleRNN).
        LayerHarness.Check(() => new Bidirectional(new LSTM(3)), [2, 4, 4], [2, 6], 192);
        LayerHarness.Check(() => new Bidirectional(new GRU(3, returnSequences: true), BidirectionalMergeMode.Sum), [2, 4, 4], [2, 4, 3], 162);
        LayerHarness.Check(() => new Bidirectional(new SimpleRNN(3, returnSequences: true), BidirectionalMergeMode.Ave), [2, 4, 4], [2, 4, 3], 48);
        var bi = new Bidirectional(new LSTM(128));
        bi.Call(Tensor.Zeros([1, 28, 28]));
        Assert.Equal(2 * 80_384, bi.CountParams());
        Assert.Equal("forward_", bi.ForwardLayer.Name[..8]);
        Assert.Equal("backward_", bi.BackwardLayer.Name[..9]);
        Assert.True(bi.BackwardLayer.GoBackwards && !bi.ForwardLayer.GoBackwards);
    }

    [Fact]
    public void MergeModesCombineForwardAndFlippedBackwardOutputs()
    {
        var x = X();
        var forward = Tensor.FromArray(RecurrentReference.LstmPlainSeq, [2, 5, 3]);
        var backward = BackwardFlipped();
        TestHelpers.AssertClose(Tensor.Concat([forward, backward], -1), Reference(BidirectionalMergeMode.Concat).Call(x), 1e-12, 1e-14, "concat");
        TestHelpers.AssertClose(forward + backward, Reference(BidirectionalMergeMode.Sum).Call(x), 1e-12, 1e-14, "sum");
        TestHelpers.AssertClose(forward * backward, Reference(BidirectionalMergeMode.Mul).Call(x), 1e-12, 1e-14, "mul");
        TestHelpers.AssertClose((forward + backward) / 2.0, Reference(BidirectionalMergeMode.Ave).Call(x), 1e-12, 1e-14, "ave");
        var both = Reference(BidirectionalMergeMode.None).CallMultiple([x]);
        Assert.Equal(2, both.Count);
        TestHelpers.AssertClose(forward, both[0], 1e-12, 1e-14, "none forward");
        TestHelpers.AssertClose(backward, both[1], 1e-12, 1e-14, "none backward");
        // Without return_sequences: the last forward output and the last backward output (the one for input step 0).
        var last = Reference(BidirectionalMergeMode.Concat, returnSequences: false).Call(x);
        TestHelpers.AssertClose(Tensor.Concat([Tensor.FromArray(RecurrentReference.LstmPlainH, [2, 3]), Tensor.FromArray(RecurrentReference.LstmBackwardsH, [2, 3])], -1),
            last, 1e-12, 1e-14, "last");
    }

    [Fact]
    public void ReturnStateAndInitialStatesAreSplitBetweenDirections()
    {
        var bi = Reference(BidirectionalMergeMode.Concat, returnState: true);
        var x = X();
        var states = InitialStates(2);
        var outs = bi.CallMultiple([x, states[0], states[1], Tensor.ZerosLike(states[0]), Tensor.ZerosLike(states[1])]);
        Assert.Equal(5, outs.Count);   // output, forward h and c, backward h and c
        TestHelpers.AssertClose(Tensor.FromArray(RecurrentReference.LstmInitSeq, [2, 5, 3]), outs[0].Narrow(2, 0, 3), 1e-12, 1e-14, "forward from the initial state");
        AssertMatches(RecurrentReference.LstmInitH, outs[1], 1e-12, "forward h");
        AssertMatches(RecurrentReference.LstmInitC, outs[2], 1e-12, "forward c");
        AssertMatches(RecurrentReference.LstmBackwardsH, outs[3], 1e-12, "backward h");
        AssertMatches(RecurrentReference.LstmBackwardsC, outs[4], 1e-12, "backward c");
        Assert.Contains("4 initial states", Assert.Throws<ArgumentException>(() => bi.CallMultiple([x, states[0]])).Message);
    }

    [Fact]
    public void MaskedStepsOutputZerosInBothDirections()
    {
        var bi = Reference(BidirectionalMergeMode.None);
        var x = X();
        var mask = ReferenceMask();
        var outs = bi.CallMultiple([x], masks: [mask]);
        Assert.True(bi.ForwardLayer.ZeroOutputForMask && bi.BackwardLayer.ZeroOutputForMask);
        foreach (var y in outs)
        {
            Assert.Same(mask, y.Mask);
            TestHelpers.AssertValues([0, 0, 0], y.Select(0, 0).Select(0, 4));
            TestHelpers.AssertValues([0, 0, 0], y.Select(0, 1).Select(0, 0));
        }
        // Valid steps of the forward direction equal the plain forward run (padding only at the end of sample 0).
        TestHelpers.AssertClose(Tensor.FromArray(RecurrentReference.LstmMaskedSeq, [2, 5, 3]).Narrow(1, 0, 3).Narrow(0, 0, 1),
            outs[0].Narrow(1, 0, 3).Narrow(0, 0, 1), 1e-12, 1e-14);
        // Merged output carries the mask on; the last output does not.
        Assert.Same(mask, Reference(BidirectionalMergeMode.Concat).Call(x, mask: mask).Mask);
        Assert.Null(Reference(BidirectionalMergeMode.Concat, returnSequences: false).Call(x, mask: mask).Mask);
    }

    [Fact]
    public void ConfigRoundTripAndBadArguments()
    {
        var bi = new Bidirectional(new GRU(3, returnSequences: true, name: "g"), BidirectionalMergeMode.Mul, name: "bi");
        var config = bi.GetConfig();
        Assert.Equal("mul", config.GetString("merge_mode"));
        var copy = (Bidirectional)Bidirectional.FromConfig(config);
        Assert.Equal((BidirectionalMergeMode.Mul, "bi", "forward_g", "backward_g"), (copy.MergeMode, copy.Name, copy.ForwardLayer.Name, copy.BackwardLayer.Name));
        var x = X(DType.Float32);
        var y = bi.Call(x);
        copy.Call(x);
        for (int i = 0; i < bi.Weights.Count; i++) using (Tensor.NoGrad()) copy.Weights[i].Assign(bi.Weights[i]);
        TestHelpers.AssertClose(y, copy.Call(x), 0, 0);
        Assert.Equal(BidirectionalMergeMode.None, ((Bidirectional)Bidirectional.FromConfig(new Bidirectional(new LSTM(2), BidirectionalMergeMode.None).GetConfig())).MergeMode);

        Assert.Contains("go_backwards", Assert.Throws<ArgumentException>(() => new Bidirectional(new LSTM(2), backwardLayer: new LSTM(2))).Message);
        Assert.Contains("return_sequences", Assert.Throws<ArgumentException>(() =>
            new Bidirectional(new LSTM(2), backwardLayer: new LSTM(2, returnSequences: true, goBackwards: true))).Message);
        var e = Assert.Throws<ArgumentException>(() => new Bidirectional(new LSTM(2), name: "bd").Call(Tensor.Zeros([3, 4])));
        Assert.Contains("bd", e.Message);
        Assert.Contains("(None, 4)", e.Message);
    }
}
