using DeepLearning.Autograd;
using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.RecurrentTestData;

namespace DeepLearning.Tests.Layers;

public class MultiHeadAttentionTests
{
    /// <summary>Self-attention as a one-input layer, so the shared harness can drive it.</summary>
    private sealed class SelfAttention(MultiHeadAttention mha, bool causal) : Layer
    {
        private readonly MultiHeadAttention _mha = mha;

        protected override void Build(Shape inputShape) => Track(_mha);

        protected override Tensor Forward(Tensor input, CallContext context) => _mha.Call(input, input, useCausalMask: causal);
    }

    /// <summary>Sets the eight weights in Keras's order to the script's wave values.</summary>
    private static void SetReferenceWeights(MultiHeadAttention mha)
    {
        double[] phases = [0.1, 0.5, 0.9, 1.3, 1.7, 2.1, 2.5, 2.9];
        var w = mha.Weights;
        Assert.Equal(8, w.Count);
        for (int i = 0; i < 8; i++) Set(w[i], i % 2 == 0 ? 0.5 : 0.2, phases[i]);
    }

    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        // dim 6, 2 heads of 3: q, k, v 6·2·3 + 2·3 = 42 each; output 2·3·6 + 6 = 42; total 168.
        LayerHarness.Check(() => new SelfAttention(new MultiHeadAttention(2, 3), causal: true), [2, 4, 6], [2, 4, 6], 168);
        LayerHarness.Check(() => new SelfAttention(new MultiHeadAttention(3, 2, valueDim: 4, useBias: false, outputShape: new Shape(5)), causal: false),
            [2, 3, 4], [2, 3, 5], 4 * 3 * 2 * 2 + 4 * 3 * 4 + 3 * 4 * 5);
    }

    [Fact]
    public void WeightLayoutsAreKerasEinsumDense()
    {
        var mha = new MultiHeadAttention(2, 3, valueDim: 2, outputShape: new Shape(4));
        mha.Call(Tensor.Zeros([1, 4, 6]), Tensor.Zeros([1, 3, 5]), Tensor.Zeros([1, 3, 7]));
        Assert.Equal([new Shape(6, 2, 3), new Shape(2, 3), new Shape(7, 2, 3), new Shape(2, 3), new Shape(5, 2, 2), new Shape(2, 2),
            new Shape(2, 2, 4), new Shape(4)], mha.Weights.Select(w => w.Shape));
        Assert.EndsWith("query/kernel", mha.QueryKernel!.Name);
        Assert.EndsWith("attention_output/bias", mha.OutputBias!.Name);
        Assert.Equal(6 * 6 + 6 + 7 * 6 + 6 + 5 * 4 + 4 + 2 * 2 * 4 + 4, mha.CountParams());
    }

    [Fact]
    public void CausalSelfAttentionMatchesKerasAndTorch()
    {
        var mha = new MultiHeadAttention(2, 3);
        var x = Wave([2, 4, 6], 1.0, 0.3);
        mha.DType = DType.Float64;
        mha.Call(x, x);
        SetReferenceWeights(mha);
        var (output, scores) = mha.CallWithScores(x, x, useCausalMask: true);
        AssertMatches(AttentionReference.CausalOut, output, 1e-12, "output");
        Assert.Equal(new Shape(2, 2, 4, 4), scores.Shape);
        AssertMatches(AttentionReference.CausalScores, scores, 1e-12, "scores");
        TestHelpers.AssertClose(output, mha.Call(x, x, useCausalMask: true), 0, 0);
        // The same mask given explicitly (batch, T, S), and fixed on the layer.
        var lower = Tensor.FromArray(new float[,] { { 1, 0, 0, 0 }, { 1, 1, 0, 0 }, { 1, 1, 1, 0 }, { 1, 1, 1, 1 } });
        TestHelpers.AssertClose(output, mha.Call(x, x, attentionMask: lower.Unsqueeze(0).Expand([2, 4, 4])), 1e-15, 1e-15);
        TestHelpers.AssertClose(output, mha.Call(x, x, attentionMask: lower), 1e-15, 1e-15);
        var fixedCausal = new MultiHeadAttention(2, 3, useCausalMask: true) { DType = DType.Float64 };
        fixedCausal.Call(x, x);
        for (int i = 0; i < 8; i++) using (Tensor.NoGrad()) fixedCausal.Weights[i].Assign(mha.Weights[i]);
        TestHelpers.AssertClose(output, fixedCausal.Call(x, x), 0, 0);
        // Scores through CallMultiple when fixed on the layer (functional graphs).
        var withScores = new MultiHeadAttention(2, 3, useCausalMask: true, returnAttentionScores: true) { DType = DType.Float64 };
        withScores.Call(x, x);
        for (int i = 0; i < 8; i++) using (Tensor.NoGrad()) withScores.Weights[i].Assign(mha.Weights[i]);
        var both = withScores.CallMultiple([x, x]);
        Assert.Equal(2, both.Count);
        TestHelpers.AssertClose(output, both[0], 0, 0);
        TestHelpers.AssertClose(scores, both[1], 0, 0);
        var symbolic = withScores.CallMultiple([new Input(new Shape(4, 6), DType.Float64).Output, new Input(new Shape(4, 6), DType.Float64).Output]);
        Assert.Equal(new Shape(2, 4, 4), symbolic[1].Shape);
        // Float32 agrees to single precision.
        var f32 = new MultiHeadAttention(2, 3);
        f32.Call(x.Cast(DType.Float32), x.Cast(DType.Float32));
        SetReferenceWeights(f32);
        AssertMatches(AttentionReference.CausalOut, f32.Call(x.Cast(DType.Float32), x.Cast(DType.Float32), useCausalMask: true), 2e-6, "float32");
    }

    [Fact]
    public void CrossAttentionWithPaddingAndAttentionMasksMatchesKeras()
    {
        var mha = new MultiHeadAttention(2, 3, valueDim: 2, outputShape: new Shape(4)) { DType = DType.Float64 };
        var x = Wave([2, 4, 6], 1.0, 0.3);
        var v = Wave([2, 3, 5], 0.9, 1.1);
        var k = Wave([2, 3, 7], 0.8, 2.3);
        mha.Call(x, v, k);
        SetReferenceWeights(mha);
        var q = x.Detach();
        q.Mask = Tensor.FromArray(new float[,] { { 1, 1, 1, 0 }, { 1, 1, 1, 1 } });
        var vv = v.Detach();
        vv.Mask = Tensor.FromArray(new float[,] { { 1, 1, 0 }, { 1, 1, 1 } });
        var attention = Tensor.Ones([2, 4, 3]);
        attention.SetItem(0, 1, 0, 2);
        attention.SetItem(0, 1, 2, 0);
        var (output, scores) = mha.CallWithScores(q, vv, k, attention);
        Assert.Equal(new Shape(2, 4, 4), output.Shape);
        AssertMatches(AttentionReference.CrossOut, output, 1e-12, "output");
        AssertMatches(AttentionReference.CrossScores, scores, 1e-12, "scores");
        Assert.Same(q.Mask, output.Mask);   // the output carries the query's mask
        Assert.Same(q.Mask, mha.Call(q, vv, k, attention).Mask);
    }

    [Fact]
    public void GradientsPassGradCheckWithMasksAndDropoutOff()
    {
        var mha = new MultiHeadAttention(2, 2, valueDim: 3) { DType = DType.Float64 };
        var q = Wave([2, 3, 4], 0.9, 0.2);
        var v = Wave([2, 2, 5], 0.8, 1.2);
        mha.Call(q, v);
        var mask = Tensor.FromArray(new float[,] { { 1, 0 }, { 1, 1 } }).Unsqueeze(1).Expand([2, 3, 2]);
        var report = GradCheck.Check(t => mha.Call(t[0], t[1], attentionMask: mask), [q, v]);
        Assert.True(report.Passed, report.ToString());
        var weights = GradCheck.CheckParameters(() => (mha.Call(q, v, attentionMask: mask) * Wave([2, 3, 4], 1, 0.4)).Sum(), mha.TrainableWeights);
        Assert.True(weights.Passed, weights.ToString());
    }

    [Fact]
    public void DropoutActsOnTheAttentionWeightsInTrainingOnly()
    {
        var mha = new MultiHeadAttention(2, 3, dropout: 0.5, seed: 3) { DType = DType.Float64 };
        var x = Wave([2, 4, 6], 1.0, 0.3);
        var (inference, scores) = mha.CallWithScores(x, x);
        TestHelpers.AssertClose(inference, mha.Call(x, x, training: false), 0, 0);
        var (trained, trainedScores) = mha.CallWithScores(x, x, training: true);
        // Returned scores are taken before dropout (Keras); the output uses the dropped weights.
        TestHelpers.AssertClose(scores, trainedScores, 1e-15, 1e-15);
        Assert.True((trained - inference).Abs().Max().Item<double>() > 1e-3);
        var keep = Tensor.Bernoulli([2, 2, 4, 4], 0.5, DType.Float64, new Generator(3)) / 0.5;
        var wv = mha.ValueKernel!.Reshape(6, 6);
        var values = (x.Reshape(8, 6).MatMul(wv) + mha.ValueBias!.Reshape(6)).Reshape(2, 4, 2, 3).Permute(0, 2, 1, 3);
        var heads = (scores * keep).MatMul(values).Permute(0, 2, 1, 3).Reshape(8, 6);
        var expected = (heads.MatMul(mha.OutputKernel!.Reshape(6, 6)) + mha.OutputBias!).Reshape(2, 4, 6);
        TestHelpers.AssertClose(expected, trained, 1e-12, 1e-14);
    }

    [Fact]
    public void HigherRankInputsAttendOverAllPositionAxes()
    {
        // (batch, 2, 3, dim) attends like (batch, 6, dim): Keras's default attention_axes.
        var mha = new MultiHeadAttention(2, 2) { DType = DType.Float64 };
        var x = Wave([2, 2, 3, 4], 1, 0.6);
        var (y, scores) = mha.CallWithScores(x, x);
        Assert.Equal(new Shape(2, 2, 3, 4), y.Shape);
        Assert.Equal(new Shape(2, 2, 2, 3, 2, 3), scores.Shape);
        var flatLayer = new MultiHeadAttention(2, 2) { DType = DType.Float64 };
        flatLayer.Call(x.Reshape(2, 6, 4), x.Reshape(2, 6, 4));
        for (int i = 0; i < 8; i++) using (Tensor.NoGrad()) flatLayer.Weights[i].Assign(mha.Weights[i]);
        var flat = flatLayer.Call(x.Reshape(2, 6, 4), x.Reshape(2, 6, 4));
        TestHelpers.AssertClose(flat.Reshape(2, 2, 3, 4), y, 1e-14, 1e-15);
    }

    [Fact]
    public void ConfigRoundTripAndBadInput()
    {
        var mha = new MultiHeadAttention(4, 8, valueDim: 6, dropout: 0.1, useBias: false, outputShape: new Shape(10), seed: 2,
            useCausalMask: true, returnAttentionScores: true, name: "att");
        var config = mha.GetConfig();
        Assert.Equal([10], config.GetInts("output_shape"));
        var copy = (MultiHeadAttention)MultiHeadAttention.FromConfig(config);
        Assert.Equal((4, 8, 6, 0.1, false, 2, "att"), (copy.NumHeads, copy.KeyDim, copy.ValueDim, copy.Dropout, copy.UseBias, copy.Seed!.Value, copy.Name));
        Assert.Equal(new Shape(10), copy.OutputShape);
        Assert.True(copy.UseCausalMask && copy.ReturnAttentionScores);
        Assert.Null(((MultiHeadAttention)MultiHeadAttention.FromConfig(new MultiHeadAttention(2, 3).GetConfig())).OutputShape);

        Assert.Contains("numHeads must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => new MultiHeadAttention(0, 3)).Message);
        Assert.Contains("keyDim", Assert.Throws<ArgumentOutOfRangeException>(() => new MultiHeadAttention(2, -1)).Message);
        Assert.Contains("dropout", Assert.Throws<ArgumentOutOfRangeException>(() => new MultiHeadAttention(2, 3, dropout: 1)).Message);
        var layer = new MultiHeadAttention(2, 3, name: "mha_bad");
        var e = Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Zeros([2, 4, 6]), Tensor.Zeros([2, 3, 5]), Tensor.Zeros([2, 2, 5])));
        Assert.Contains("mha_bad", e.Message);
        layer.Call(Tensor.Zeros([2, 4, 6]), Tensor.Zeros([2, 3, 6]));
        var m = Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Zeros([2, 4, 6]), Tensor.Zeros([2, 3, 6]), attentionMask: Tensor.Ones([2, 3, 4])));
        Assert.Contains("(2, 4, 3)", m.Message);
        Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Zeros([2, 4, 6]), Tensor.Zeros([3, 3, 6])));
        Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Zeros([2, 6])));
    }
}
