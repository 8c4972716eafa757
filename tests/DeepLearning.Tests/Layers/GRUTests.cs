using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.RecurrentTestData;

namespace DeepLearning.Tests.Layers;

public class GRUTests
{
    private static GRU Reference(DType dtype, bool resetAfter, bool goBackwards = false)
    {
        var gru = Built(new GRU(3, returnSequences: true, returnState: true, goBackwards: goBackwards, resetAfter: resetAfter), [2, 5, 4], dtype);
        Set(gru.Kernel!, 0.5, 0.4);
        Set(gru.RecurrentKernel!, 0.4, 0.9);
        Set(gru.Bias!, 0.3, 1.7);
        return gru;
    }

    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        // reset_after: 3·3·(4 + 3) + 2·3·3 = 81; before: 3·3·(4 + 3) + 3·3 = 72.
        LayerHarness.Check(() => new GRU(3), [2, 5, 4], [2, 3], 81);
        LayerHarness.Check(() => new GRU(3, resetAfter: false, returnSequences: true), [2, 4, 4], [2, 4, 3], 72);
        LayerHarness.Check(() => new GRU(2, goBackwards: true, activation: Activation.Softsign), [3, 3, 2], [3, 2], 3 * 2 * 4 + 12);
    }

    [Fact]
    public void ParameterCountsAndLayoutMatchKeras()
    {
        var gru = new GRU(64);
        gru.Call(Tensor.Zeros([1, 28, 28]));
        Assert.Equal(18_048, gru.CountParams());   // 3·64·(28 + 64) + 2·3·64
        Assert.Equal(new Shape(28, 192), gru.Kernel!.Shape);
        Assert.Equal(new Shape(64, 192), gru.RecurrentKernel!.Shape);
        Assert.Equal(new Shape(2, 192), gru.Bias!.Shape);
        var before = new GRU(64, resetAfter: false);
        before.Call(Tensor.Zeros([1, 28, 28]));
        Assert.Equal(17_856, before.CountParams());   // 3·64·(28 + 64) + 3·64
        Assert.Equal(new Shape(192), before.Bias!.Shape);
    }

    public static TheoryData<bool, string, DType> Variants => new()
    {
        { true, "plain", DType.Float64 }, { true, "init", DType.Float64 }, { true, "backwards", DType.Float64 }, { true, "masked", DType.Float64 },
        { false, "plain", DType.Float64 }, { false, "init", DType.Float64 }, { false, "backwards", DType.Float64 }, { false, "masked", DType.Float64 },
        { true, "init", DType.Float32 }, { false, "masked", DType.Float32 },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void MatchesKerasCellReference(bool resetAfter, string variant, DType dtype)
    {
        var gru = Reference(dtype, resetAfter, variant == "backwards");
        var outs = RunVariant(gru, variant, dtype);
        double tol = dtype == DType.Float64 ? 1e-12 : 2e-6;
        var (seq, h) = (resetAfter, variant) switch
        {
            (true, "plain") => (RecurrentReference.GruAfterPlainSeq, RecurrentReference.GruAfterPlainH),
            (true, "init") => (RecurrentReference.GruAfterInitSeq, RecurrentReference.GruAfterInitH),
            (true, "backwards") => (RecurrentReference.GruAfterBackwardsSeq, RecurrentReference.GruAfterBackwardsH),
            (true, _) => (RecurrentReference.GruAfterMaskedSeq, RecurrentReference.GruAfterMaskedH),
            (false, "plain") => (RecurrentReference.GruBeforePlainSeq, RecurrentReference.GruBeforePlainH),
            (false, "init") => (RecurrentReference.GruBeforeInitSeq, RecurrentReference.GruBeforeInitH),
            (false, "backwards") => (RecurrentReference.GruBeforeBackwardsSeq, RecurrentReference.GruBeforeBackwardsH),
            _ => (RecurrentReference.GruBeforeMaskedSeq, RecurrentReference.GruBeforeMaskedH),
        };
        Assert.Equal(2, outs.Count);
        AssertMatches(seq, outs[0], tol, $"{variant} sequence");
        AssertMatches(h, outs[1], tol, $"{variant} h");
    }

    [Fact]
    public void ConfigRoundTripGivesTheSameLayer()
    {
        var gru = new GRU(3, resetAfter: false, returnState: true, useBias: false, name: "g");
        var config = gru.GetConfig();
        Assert.False(config.GetBool("reset_after"));
        var copy = (GRU)GRU.FromConfig(config);
        Assert.True(!copy.ResetAfter && copy.ReturnState && !copy.UseBias && copy.Name == "g");
        var x = X();
        var y = Built(gru, [2, 5, 4]).CallMultiple([x]);
        Built(copy, [2, 5, 4]);
        Assert.Equal(2, copy.Weights.Count);
        for (int i = 0; i < gru.Weights.Count; i++) using (Tensor.NoGrad()) copy.Weights[i].Assign(gru.Weights[i]);
        var z = copy.CallMultiple([x]);
        TestHelpers.AssertClose(y[0], z[0], 0, 0);
        TestHelpers.AssertClose(y[1], z[1], 0, 0);
    }

    [Fact]
    public void BadArgumentsRaiseClearErrors()
    {
        Assert.Contains("GRU: units must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => new GRU(-1)).Message);
        var gru = new GRU(4, name: "dec");
        var e = Assert.Throws<ArgumentException>(() => gru.Call(Tensor.Zeros([2, 3, 4, 5])));
        Assert.Contains("dec", e.Message);
        Assert.Contains("(None, 3, 4, 5)", e.Message);
    }
}
