using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.RecurrentTestData;

namespace DeepLearning.Tests.Layers;

public class SimpleRNNTests
{
    private static SimpleRNN Reference(DType dtype, bool goBackwards = false)
    {
        var rnn = Built(new SimpleRNN(3, returnSequences: true, returnState: true, goBackwards: goBackwards), [2, 5, 4], dtype);
        Set(rnn.Kernel!, 0.5, 0.3);
        Set(rnn.RecurrentKernel!, 0.4, 0.8);
        Set(rnn.Bias!, 0.3, 1.5);
        return rnn;
    }

    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        // 4·3 + 3·3 + 3 = 24.
        LayerHarness.Check(() => new SimpleRNN(3), [2, 5, 4], [2, 3], 24);
        LayerHarness.Check(() => new SimpleRNN(3, returnSequences: true, goBackwards: true), [2, 4, 4], [2, 4, 3], 24);
        LayerHarness.Check(() => new SimpleRNN(2, activation: Activation.Softsign, useBias: false), [3, 3, 2], [3, 2], 8);
    }

    [Fact]
    public void ParameterCountAndLayoutMatchKeras()
    {
        var rnn = new SimpleRNN(32);
        rnn.Call(Tensor.Zeros([1, 10, 8]));
        Assert.Equal(8 * 32 + 32 * 32 + 32, rnn.CountParams());
        Assert.Equal(new Shape(8, 32), rnn.Kernel!.Shape);
        Assert.Equal(new Shape(32, 32), rnn.RecurrentKernel!.Shape);
    }

    public static TheoryData<string, DType> Variants => new()
    {
        { "plain", DType.Float64 }, { "init", DType.Float64 }, { "backwards", DType.Float64 }, { "masked", DType.Float64 }, { "masked_zero", DType.Float64 },
        { "init", DType.Float32 },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void MatchesKerasCellReference(string variant, DType dtype)
    {
        var rnn = Reference(dtype, variant == "backwards");
        rnn.ZeroOutputForMask = variant == "masked_zero";
        var outs = RunVariant(rnn, variant == "masked_zero" ? "masked" : variant, dtype);
        double tol = dtype == DType.Float64 ? 1e-12 : 2e-6;
        var (seq, h) = variant switch
        {
            "plain" => (RecurrentReference.SimplePlainSeq, RecurrentReference.SimplePlainH),
            "init" => (RecurrentReference.SimpleInitSeq, RecurrentReference.SimpleInitH),
            "backwards" => (RecurrentReference.SimpleBackwardsSeq, RecurrentReference.SimpleBackwardsH),
            "masked" => (RecurrentReference.SimpleMaskedSeq, RecurrentReference.SimpleMaskedH),
            _ => (RecurrentReference.SimpleMaskedZeroSeq, RecurrentReference.SimpleMaskedZeroH),
        };
        AssertMatches(seq, outs[0], tol, $"{variant} sequence");
        AssertMatches(h, outs[1], tol, $"{variant} h");
    }

    [Fact]
    public void MatchesTheNotesRecurrence()
    {
        // SEEDS L18: a⟨t⟩ = g(W_aa a⟨t−1⟩ + W_ax x⟨t⟩ + b_a) with W_ax = Wᵀ, W_aa = Uᵀ; hand-computed for one unit:
        // W = 0.5, U = 0.25, b = 0.1, x = [1, 2], g = identity: a1 = 0.5 + 0.1 = 0.6; a2 = 0.25·0.6 + 1 + 0.1 = 1.25.
        var rnn = new SimpleRNN(1, activation: Activation.Linear, kernelInitializer: new Initializers.Constant(0.5),
            recurrentInitializer: new Initializers.Constant(0.25), biasInitializer: new Initializers.Constant(0.1), returnSequences: true);
        TestHelpers.AssertValues([0.6, 1.25], rnn.Call(Tensor.FromArray(new float[] { 1, 2 }, [1, 2, 1])));
    }

    [Fact]
    public void ConfigRoundTripGivesTheSameLayer()
    {
        var rnn = new SimpleRNN(3, activation: Activation.ReLU, stateful: true, name: "s");
        var copy = (SimpleRNN)SimpleRNN.FromConfig(rnn.GetConfig());
        Assert.True(copy.Stateful && copy.ActivationFunction.Name == "relu" && copy.Name == "s");
    }
}
