using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.RecurrentTestData;

namespace DeepLearning.Tests.Layers;

public class LSTMTests
{
    private static LSTM Reference(DType dtype, bool goBackwards = false)
    {
        var lstm = Built(new LSTM(3, returnSequences: true, returnState: true, goBackwards: goBackwards), [2, 5, 4], dtype);
        Set(lstm.Kernel!, 0.5, 0.1);
        Set(lstm.RecurrentKernel!, 0.4, 0.7);
        Set(lstm.Bias!, 0.3, 1.3);
        return lstm;
    }

    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        // 4·(4·3 + 3·3 + 3) = 96.
        LayerHarness.Check(() => new LSTM(3), [2, 5, 4], [2, 3], 96);
        LayerHarness.Check(() => new LSTM(3, returnSequences: true, goBackwards: true), [2, 4, 4], [2, 4, 3], 96);
        LayerHarness.Check(() => new LSTM(2, useBias: false, activation: Activation.Softsign), [3, 3, 2], [3, 2], 4 * (2 * 2 + 2 * 2));
    }

    [Fact]
    public void ParameterCountAndLayoutMatchKeras()
    {
        var lstm = new LSTM(128);
        lstm.Call(Tensor.Zeros([1, 28, 28]));
        Assert.Equal(80_384, lstm.CountParams());   // 4·(28·128 + 128·128 + 128)
        Assert.Equal(new Shape(28, 512), lstm.Kernel!.Shape);
        Assert.Equal(new Shape(128, 512), lstm.RecurrentKernel!.Shape);
        Assert.Equal(new Shape(512), lstm.Bias!.Shape);
        Assert.Equal(["lstm_1/kernel", "lstm_1/recurrent_kernel", "lstm_1/bias"], lstm.Weights.Select(w => w.Name!.Replace(lstm.Name, "lstm_1")));
    }

    [Fact]
    public void DefaultInitialisationIsKeras()
    {
        var lstm = new LSTM(8);
        lstm.Call(Tensor.Zeros([1, 2, 5]));
        // unit_forget_bias: [zeros(u), ones(u), zeros(2u)].
        TestHelpers.AssertValues([.. Enumerable.Repeat(0.0, 8), .. Enumerable.Repeat(1.0, 8), .. Enumerable.Repeat(0.0, 16)], lstm.Bias!);
        // Orthogonal recurrent kernel (8, 32): orthonormal rows, U·Uᵀ = I.
        TestHelpers.AssertClose(Tensor.Eye(8), lstm.RecurrentKernel!.MatMul(lstm.RecurrentKernel!.Transpose()), 1e-5, 1e-5);
        // Glorot uniform kernel: |w| ≤ √(6/(5 + 32)).
        Assert.True(lstm.Kernel!.Abs().Max().Item() <= Math.Sqrt(6.0 / 37));
    }

    public static TheoryData<string, DType> Variants => new()
    {
        { "plain", DType.Float64 }, { "init", DType.Float64 }, { "backwards", DType.Float64 }, { "masked", DType.Float64 }, { "masked_init", DType.Float64 },
        { "plain", DType.Float32 }, { "masked_init", DType.Float32 }, { "backwards", DType.Float32 },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void MatchesKerasCellReference(string variant, DType dtype)
    {
        var lstm = Reference(dtype, variant == "backwards");
        var outs = RunVariant(lstm, variant, dtype);
        double tol = dtype == DType.Float64 ? 1e-12 : 2e-6;
        var (seq, h, c) = variant switch
        {
            "plain" => (RecurrentReference.LstmPlainSeq, RecurrentReference.LstmPlainH, RecurrentReference.LstmPlainC),
            "init" => (RecurrentReference.LstmInitSeq, RecurrentReference.LstmInitH, RecurrentReference.LstmInitC),
            "backwards" => (RecurrentReference.LstmBackwardsSeq, RecurrentReference.LstmBackwardsH, RecurrentReference.LstmBackwardsC),
            "masked" => (RecurrentReference.LstmMaskedSeq, RecurrentReference.LstmMaskedH, RecurrentReference.LstmMaskedC),
            _ => (RecurrentReference.LstmMaskedInitSeq, RecurrentReference.LstmMaskedInitH, RecurrentReference.LstmMaskedInitC),
        };
        Assert.Equal(3, outs.Count);
        Assert.Equal(new Shape(2, 5, 3), outs[0].Shape);
        AssertMatches(seq, outs[0], tol, $"{variant} sequence");
        AssertMatches(h, outs[1], tol, $"{variant} h");
        AssertMatches(c, outs[2], tol, $"{variant} c");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ManyBatchRowsMatchPyTorchAutograd(bool maskedBackwards)
    {
        const int b = 19, t = 4, f = 2, u = 4;
        var lstm = Built(new LSTM(u, returnSequences: true, returnState: true, goBackwards: maskedBackwards), [b, t, f]);
        Set(lstm.Kernel!, 0.5, 0.1);
        Set(lstm.RecurrentKernel!, 0.4, 0.7);
        Set(lstm.Bias!, 0.3, 1.3);
        var x = Wave([b, t, f], 1.0, 0.2);
        var h0 = Wave([b, u], 0.5, 1.1);
        var c0 = Wave([b, u], 0.4, 2.0);
        foreach (var leaf in new[] { x, h0, c0 }) leaf.RequiresGrad = true;
        var mask = maskedBackwards ? Tensor.FromArray(Enumerable.Range(0, b * t).Select(i => (3 * (i / t) + i % t) % 5 == 0 ? 0f : 1f).ToArray(), [b, t]) : null;
        var outs = lstm.CallMultiple(new[] { x, h0, c0 }, masks: new Tensor?[] { mask, null, null });
        var loss = (outs[0] * Wave(outs[0].Shape, 1, 0.5)).Sum() + (outs[1] * Wave(outs[1].Shape, 1, 1.5)).Sum()
            + (outs[2] * Wave(outs[2].Shape, 1, 2.5)).Sum();
        loss.Backward();
        Tensor[] actual = [outs[0], outs[1], outs[2], x.Grad!, lstm.Kernel!.Grad!, lstm.RecurrentKernel!.Grad!, lstm.Bias!.Grad!, h0.Grad!, c0.Grad!];
        double[][] expected = maskedBackwards
            ? [LstmChunkedReference.ChunkedMaskedBackwardsSeq, LstmChunkedReference.ChunkedMaskedBackwardsH, LstmChunkedReference.ChunkedMaskedBackwardsC,
                LstmChunkedReference.ChunkedMaskedBackwardsGradX, LstmChunkedReference.ChunkedMaskedBackwardsGradKernel,
                LstmChunkedReference.ChunkedMaskedBackwardsGradRecurrent, LstmChunkedReference.ChunkedMaskedBackwardsGradBias,
                LstmChunkedReference.ChunkedMaskedBackwardsGradH0, LstmChunkedReference.ChunkedMaskedBackwardsGradC0]
            : [LstmChunkedReference.ChunkedSeq, LstmChunkedReference.ChunkedH, LstmChunkedReference.ChunkedC, LstmChunkedReference.ChunkedGradX,
                LstmChunkedReference.ChunkedGradKernel, LstmChunkedReference.ChunkedGradRecurrent, LstmChunkedReference.ChunkedGradBias,
                LstmChunkedReference.ChunkedGradH0, LstmChunkedReference.ChunkedGradC0];
        string[] names = ["sequence", "h", "c", "∂x", "∂kernel", "∂recurrent kernel", "∂bias", "∂h₀", "∂c₀"];
        for (int i = 0; i < names.Length; i++) AssertMatches(expected[i], actual[i], 1e-12, names[i]);
    }

    [Fact]
    public void LastOutputIsTheLastStepOfTheSequence()
    {
        var lstm = Built(new LSTM(3), [2, 5, 4]);
        Set(lstm.Kernel!, 0.5, 0.1);
        Set(lstm.RecurrentKernel!, 0.4, 0.7);
        Set(lstm.Bias!, 0.3, 1.3);
        var y = lstm.Call(X());
        Assert.Equal(new Shape(2, 3), y.Shape);
        AssertMatches(RecurrentReference.LstmPlainH, y, 1e-12, "last output");
        Assert.Null(y.Mask);
    }

    [Fact]
    public void ConfigRoundTripGivesTheSameLayer()
    {
        var lstm = new LSTM(3, activation: Activation.Softsign, recurrentActivation: Activation.HardSigmoid, unitForgetBias: false,
            dropout: 0.25, recurrentDropout: 0.125, seed: 7, returnSequences: true, goBackwards: true, name: "my_lstm");
        var config = lstm.GetConfig();
        Assert.Equal(3, config.GetInt("units"));
        Assert.Equal("softsign", config.GetString("activation"));
        Assert.Equal("hard_sigmoid", config.GetString("recurrent_activation"));
        Assert.Equal(0.125, config.GetDouble("recurrent_dropout"));
        Assert.Equal(7, config.GetInt("seed"));
        Assert.False(config.GetBool("unit_forget_bias"));
        var copy = (LSTM)LSTM.FromConfig(config);
        Assert.Equal("my_lstm", copy.Name);
        Assert.True(copy.ReturnSequences && copy.GoBackwards && !copy.ReturnState && !copy.UnitForgetBias);
        Assert.Equal((0.25, 0.125, 7), (copy.Dropout, copy.RecurrentDropout, copy.Seed));
        var x = X();
        var y = Built(lstm, [2, 5, 4]).Call(x);
        Built(copy, [2, 5, 4]);
        for (int i = 0; i < lstm.Weights.Count; i++) using (Tensor.NoGrad()) copy.Weights[i].Assign(lstm.Weights[i]);
        TestHelpers.AssertClose(y, copy.Call(x), 0, 0);
    }

    [Fact]
    public void BadArgumentsRaiseClearErrors()
    {
        Assert.Contains("LSTM: units must be positive; got 0", Assert.Throws<ArgumentOutOfRangeException>(() => new LSTM(0)).Message);
        Assert.Contains("got -3", Assert.Throws<ArgumentOutOfRangeException>(() => new LSTM(-3)).Message);
        Assert.Contains("dropout must be in [0, 1)", Assert.Throws<ArgumentOutOfRangeException>(() => new LSTM(2, dropout: 1)).Message);
        Assert.Contains("recurrentDropout", Assert.Throws<ArgumentOutOfRangeException>(() => new LSTM(2, recurrentDropout: -0.1)).Message);
        var lstm = new LSTM(4, name: "enc");
        var e = Assert.Throws<ArgumentException>(() => lstm.Call(Tensor.Zeros([8, 28])));
        Assert.Contains("enc", e.Message);
        Assert.Contains("(batch, timesteps, features)", e.Message);
        Assert.Contains("(None, 28)", e.Message);
    }
}
