using DeepLearning.Losses;
using static DeepLearning.Tests.TestHelpers;

namespace DeepLearning.Tests.Losses;

/// <summary>
/// Binary, categorical and sparse categorical cross-entropy against Keras's documented examples and a numpy
/// transcription of keras/src/losses/losses.py and the backends' cross-entropies (float64):
/// <code>
/// import numpy as np
/// eps = 1e-7
/// def sp(x): return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))
/// def bce_logits(y, x, s=0.0):                 # tf.nn.sigmoid_cross_entropy_with_logits, mean over axis -1
///     y = y * (1 - s) + 0.5 * s
///     return np.mean(sp(x) - x * y, axis=-1)
/// def bce_probs(y, p, s=0.0):
///     y = y * (1 - s) + 0.5 * s
///     p = np.clip(p, eps, 1 - eps)
///     return np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)), axis=-1)
/// def cce(y, p, s=0.0, logits=False):
///     K = p.shape[-1]
///     y = y * (1 - s) + s / K if s else y
///     if logits:
///         m = p.max(-1, keepdims=True); lp = p - m - np.log(np.exp(p - m).sum(-1, keepdims=True))
///     else:
///         q = p / p.sum(-1, keepdims=True); lp = np.log(np.clip(q, eps, 1 - eps))
///     return -(y * lp).sum(-1)
/// </code>
/// </summary>
public class CrossEntropyTests
{
    // Keras docstring: y_true [[0,1],[0,0]], logits [[-18.6,0.51],[2.94,-12.8]] → 0.8654, sw [0.8,0.2] → 0.243,
    // sum → 1.730, none → [0.235, 1.496]; bce_logits(...) gives the digits below.
    private static readonly double[] BceNone = [0.23515666320163253, 1.495759236360562];

    private static Tensor BceTrue(DType dtype = DType.Float64) => Tensor.FromArray(new double[,] { { 0, 1 }, { 0, 0 } }).Cast(dtype);

    private static Tensor BceLogits(DType dtype = DType.Float64) => Tensor.FromArray(new double[,] { { -18.6, 0.51 }, { 2.94, -12.8 } }).Cast(dtype);

    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 1e-6)]
    public void BinaryFromLogitsMatchesKerasDocExample(DType dtype, double tol)
    {
        AssertValues(BceNone, new BinaryCrossentropy(fromLogits: true, reduction: LossReduction.None).Call(BceTrue(dtype), BceLogits(dtype)), tol);
        AssertValues([0.8654579497810972], new BinaryCrossentropy(fromLogits: true).Call(BceTrue(dtype), BceLogits(dtype)), tol);
        AssertValues([1.7309158995621945], new BinaryCrossentropy(fromLogits: true, reduction: LossReduction.Sum).Call(BceTrue(dtype), BceLogits(dtype)), tol);
        var sw = Tensor.FromArray(new[] { 0.8, 0.2 }).Cast(dtype);
        AssertValues([0.24363858891670923], new BinaryCrossentropy(fromLogits: true).Call(BceTrue(dtype), BceLogits(dtype), sw), tol);
    }

    [Fact]
    public void BinaryFromLogitsOfRankOneIsOneSample()
    {
        // Keras Example 1: y_true [0,1,0,0] with logits [-18.6, 0.51, 2.94, -12.8] → 0.8654 (one sample of four outputs).
        var loss = new BinaryCrossentropy(fromLogits: true).Call(D([0, 1, 0, 0], [4]), D([-18.6, 0.51, 2.94, -12.8], [4]));
        Assert.Equal(0, loss.Rank);
        Assert.Equal(0.8654579497810972, loss.Item<double>(), 12);
    }

    [Fact]
    public void BinaryFromProbabilities()
    {
        // bce_probs([[0,1],[0,0]], [[0.6,0.3],[0.2,0.8]]) and with s = 0.1.
        var y = BceTrue();
        var p = D([0.6, 0.3, 0.2, 0.8], [2, 2]);
        AssertValues([1.0601317681000455, 0.9162907318741551], new BinaryCrossentropy(reduction: LossReduction.None).Call(y, p), 1e-12);
        AssertValues([1.0288126938876614, 0.916290731874155], new BinaryCrossentropy(labelSmoothing: 0.1, reduction: LossReduction.None).Call(y, p), 1e-12);
        // With logits and s = 0.2: bce_logits(y, x, 0.2).
        AssertValues([1.1906566632016327, 1.9887592363605622], new BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.2, reduction: LossReduction.None).Call(y, BceLogits()), 1e-12);
    }

    [Fact]
    public void BinaryAcceptsIntegerLabelsAndAColumnOutput()
    {
        // Labels (4) int32 with predictions (4, 1): yTrue is expanded to (4, 1), the per-sample loss has shape (4).
        var labels = Tensor.FromArray(new[] { 0, 1, 1, 0 });
        var p = D([0.2, 0.7, 0.9, 0.4], [4, 1]);
        var loss = new BinaryCrossentropy(reduction: LossReduction.None).Call(labels, p);
        AssertValues([-Math.Log(0.8), -Math.Log(0.7), -Math.Log(0.9), -Math.Log(0.6)], loss, 1e-12);
    }

    [Fact]
    public void BinaryHardCasesAreFiniteAndExact()
    {
        // Probabilities exactly 0 and 1 are clipped to [ε, 1 − ε]: the loss is −ln ε or −ln(1 − ε), the gradient 0
        // (outside the clip range). bce_probs gives 16.11809565095832, 16.118095651484676 and 1.0000000494736474e-07.
        var p = D([0, 1, 1, 0], [4, 1]);
        p.RequiresGrad = true;
        var loss = new BinaryCrossentropy(reduction: LossReduction.None).Call(D([1, 0, 1, 0], [4, 1]), p);
        AssertValues([16.11809565095832, 16.118095651484676, 1.0000000494736474e-07, 1.0000000494736474e-07], loss, 1e-12);
        loss.Sum().Backward();
        AssertValues([0, 0, 0, 0], p.Grad!, 0);

        // Logits ±100: softplus(x) − x·y per element is [0, 100, 100, 3.72e-44]; ∂/∂x = σ(x) − y.
        var x = D([100, 100, -100, -100], [4, 1]);
        x.RequiresGrad = true;
        var y = D([1, 0, 1, 0], [4, 1]);
        var logitLoss = new BinaryCrossentropy(fromLogits: true, reduction: LossReduction.None).Call(y, x);
        AssertValues([0, 100, 100, 3.720075976020836e-44], logitLoss, 1e-12);
        logitLoss.Sum().Backward();
        AssertValues([0, 1, -1, 0], x.Grad!, 1e-12);
    }

    [Fact]
    public void BinaryHardCasesInFloat32()
    {
        var x = Tensor.FromArray(new float[] { 100, 100, -100, -100 }, [4, 1]);
        x.RequiresGrad = true;
        var loss = new BinaryCrossentropy(fromLogits: true, reduction: LossReduction.None).Call(Tensor.FromArray(new float[] { 1, 0, 1, 0 }, [4, 1]), x);
        AssertValues([0, 100, 100, 0], loss, 1e-6);
        loss.Sum().Backward();
        AssertValues([0, 1, -1, 0], x.Grad!, 1e-6);

        var p = Tensor.FromArray(new float[] { 0, 1 }, [2, 1]);
        p.RequiresGrad = true;
        var probLoss = new BinaryCrossentropy(reduction: LossReduction.None).Call(Tensor.FromArray(new float[] { 1, 0 }, [2, 1]), p);
        // float32: ε = 1e-7f and 1 − ε rounds to 0.99999988, so −ln(1 − 0.99999988) = 15.942385.
        AssertValues([16.118095, 15.942385], probLoss, 1e-6);
        probLoss.Sum().Backward();
        AssertValues([0, 0], p.Grad!, 0);
    }

    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 1e-6)]
    public void CategoricalMatchesKerasDocExample(DType dtype, double tol)
    {
        // Keras docstring: 1.177, sw [0.3, 0.7] → 0.814, sum → 2.354, none → [0.0513, 2.303].
        var y = Tensor.FromArray(new double[,] { { 0, 1, 0 }, { 0, 0, 1 } }).Cast(dtype);
        var p = Tensor.FromArray(new double[,] { { 0.05, 0.95, 0 }, { 0.1, 0.8, 0.1 } }).Cast(dtype);
        AssertValues([0.05129329438755058, 2.3025850929940455], new CategoricalCrossentropy(reduction: LossReduction.None).Call(y, p), tol);
        AssertValues([1.176939193690798], new CategoricalCrossentropy().Call(y, p), tol);
        AssertValues([2.353878387381596], new CategoricalCrossentropy(reduction: LossReduction.Sum).Call(y, p), tol);
        AssertValues([0.8135987767060484], new CategoricalCrossentropy().Call(y, p, Tensor.FromArray(new[] { 0.3, 0.7 }).Cast(dtype)), tol);
        // Label smoothing 0.1 over K = 3: targets y·0.9 + 0.1/3.
        AssertValues([0.6850013389121242, 2.233270374938051], new CategoricalCrossentropy(labelSmoothing: 0.1, reduction: LossReduction.None).Call(y, p), tol);
    }

    [Fact]
    public void CategoricalFromLogits()
    {
        var y = D([0, 1, 0, 0, 0, 1], [2, 3]);
        var logits = D([2.0, -1.0, 0.5, 0.3, 0.2, -2.0], [2, 3]);
        AssertValues([3.241311296657157, 2.995692070458299], new CategoricalCrossentropy(fromLogits: true, reduction: LossReduction.None).Call(y, logits), 1e-12);
        AssertValues([2.7913112966571565, 2.545692070458299], new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.3, reduction: LossReduction.None).Call(y, logits), 1e-12);
    }

    [Fact]
    public void CategoricalHardCasesAreFiniteAndExact()
    {
        var y = D([0, 1, 0, 0, 0, 1], [2, 3]);
        // Logits ±100: the loss is 200 and 100, the gradient softmax(x) − y (cce_grad in the script above).
        var x = D([100, -100, 0, -100, 100, 0], [2, 3]);
        x.RequiresGrad = true;
        var loss = new CategoricalCrossentropy(fromLogits: true, reduction: LossReduction.None).Call(y, x);
        AssertValues([200, 100], loss, 1e-12);
        loss.Sum().Backward();
        AssertValues([1, -1, 3.720075976020836e-44, 1.3838965267367376e-87, 1, -1], x.Grad!, 1e-12);

        // Probabilities of exactly 0 and 1: −ln(1 − ε) for the right one-hot, −ln ε for a wrong one.
        var p = D([0, 1, 0, 1, 0, 0], [2, 3]);
        p.RequiresGrad = true;
        var probLoss = new CategoricalCrossentropy(reduction: LossReduction.None).Call(y, p);
        AssertValues([1.0000000494736474e-07, 16.11809565095832], probLoss, 1e-12);
        probLoss.Sum().Backward();
        Assert.All(p.Grad!.ToArray<double>(), g => Assert.True(double.IsFinite(g)));
    }

    [Fact]
    public void SparseMatchesCategoricalOnOneHotLabels()
    {
        // Keras docstring: labels [1, 2] with the probabilities above → 1.177, sw → 0.814, sum → 2.354.
        var labels = Tensor.FromArray(new[] { 1, 2 });
        var p = D([0.05, 0.95, 0, 0.1, 0.8, 0.1], [2, 3]);
        AssertValues([0.05129329438755058, 2.3025850929940455], new SparseCategoricalCrossentropy(reduction: LossReduction.None).Call(labels, p), 1e-12);
        AssertValues([1.176939193690798], new SparseCategoricalCrossentropy().Call(labels, p), 1e-12);
        AssertValues([2.353878387381596], new SparseCategoricalCrossentropy(reduction: LossReduction.Sum).Call(labels, p), 1e-12);
        AssertValues([0.8135987767060484], new SparseCategoricalCrossentropy().Call(labels, p, D([0.3, 0.7], [2])), 1e-12);

        // Labels of shape (batch, 1), and float labels holding whole numbers, are accepted as Keras does.
        AssertValues([1.176939193690798], new SparseCategoricalCrossentropy().Call(Tensor.FromArray(new[] { 1, 2 }, [2, 1]), p), 1e-12);
        AssertValues([1.176939193690798], new SparseCategoricalCrossentropy().Call(D([1, 2], [2]), p), 1e-12);

        var logits = D([2.0, -1.0, 0.5, 0.3, 0.2, -2.0], [2, 3]);
        AssertClose(new CategoricalCrossentropy(fromLogits: true, reduction: LossReduction.None).Call(D([0, 1, 0, 0, 0, 1], [2, 3]), logits),
            new SparseCategoricalCrossentropy(fromLogits: true, reduction: LossReduction.None).Call(labels, logits), 1e-14, 1e-14);
    }

    [Fact]
    public void SparseOnSequencesAndHardLogits()
    {
        // (batch 2, time 2, classes 3) with labels (2, 2): the per-sample loss is (2, 2).
        var x = D([100, -100, 0, 0, 0, 0, -100, 100, 0, 1, 2, 3], [2, 2, 3]);
        x.RequiresGrad = true;
        var labels = Tensor.FromArray(new[] { 1, 2, 1, 0 }, [2, 2]);
        var loss = new SparseCategoricalCrossentropy(fromLogits: true, reduction: LossReduction.None).Call(labels, x);
        Assert.Equal(new Shape(2, 2), loss.Shape);
        // −log_softmax: [200, ln 3, 0 (to 1e-43), −1 + ln(e + e² + e³)]
        AssertValues([200, Math.Log(3), 0, Math.Log(Math.E + Math.Exp(2) + Math.Exp(3)) - 1], loss, 1e-12);
        loss.Sum().Backward();
        Assert.All(x.Grad!.ToArray<double>(), g => Assert.True(double.IsFinite(g)));
    }

    [Fact]
    public void SparseFromProbabilitiesOfZeroAndOne()
    {
        // The true class has probability 0 (clipped to ε: −ln ε) or 1 (−ln(1 − ε)); gradients stay finite.
        var p = D([0, 1, 0, 0, 0, 1], [2, 3]);
        p.RequiresGrad = true;
        var loss = new SparseCategoricalCrossentropy(reduction: LossReduction.None).Call(Tensor.FromArray(new[] { 0, 2 }), p);
        AssertValues([16.11809565095832, 1.0000000494736474e-07], loss, 1e-12);
        loss.Sum().Backward();
        Assert.All(p.Grad!.ToArray<double>(), g => Assert.True(double.IsFinite(g)));
    }

    [Fact]
    public void SparseIgnoreClassAveragesOverTheOtherEntries()
    {
        // Labels [1, -1, 2] with ignoreClass −1: the middle entry contributes 0 and is masked out of the mean, so the
        // default reduction is (ℓ₀ + ℓ₂)/2, and Sum is ℓ₀ + ℓ₂ (Keras's apply_mask: only the mean reductions rescale).
        var p = D([0.05, 0.95, 0, 0.3, 0.3, 0.4, 0.1, 0.8, 0.1], [3, 3]);
        p.RequiresGrad = true;
        var labels = Tensor.FromArray(new[] { 1, -1, 2 });
        var none = new SparseCategoricalCrossentropy(ignoreClass: -1, reduction: LossReduction.None).Call(labels, p);
        AssertValues([0.05129329438755058, 0, 2.3025850929940455], none, 1e-12);
        var mean = new SparseCategoricalCrossentropy(ignoreClass: -1).Call(labels, p);
        Assert.Equal((0.05129329438755058 + 2.3025850929940455) / 2, mean.Item<double>(), 12);
        Assert.Equal(0.05129329438755058 + 2.3025850929940455,
            new SparseCategoricalCrossentropy(ignoreClass: -1, reduction: LossReduction.Sum).Call(labels, p).Item<double>(), 12);
        mean.Backward();
        var g = p.Grad!.ToArray<double>();
        Assert.Equal([0, 0, 0], g[3..6]);
        Assert.All(g, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void SparseRejectsBadLabels()
    {
        var p = D([0.2, 0.3, 0.5, 0.1, 0.1, 0.8], [2, 3]);
        var loss = new SparseCategoricalCrossentropy();
        var high = Assert.Throws<ArgumentOutOfRangeException>(() => loss.Call(Tensor.FromArray(new[] { 0, 3 }), p));
        Assert.Contains("sparse_categorical_crossentropy", high.Message);
        Assert.Contains("[0, 3)", high.Message);
        Assert.Contains("[0, 3]", high.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => loss.Call(Tensor.FromArray(new[] { -1, 2 }), p));
        var fractional = Assert.Throws<ArgumentException>(() => loss.Call(D([0.5, 1], [2]), p));
        Assert.Contains("not integers", fractional.Message);
        var shape = Assert.Throws<ArgumentException>(() => loss.Call(Tensor.FromArray(new[] { 0, 1, 2 }), p));
        Assert.Contains("(3,)", shape.Message);
        Assert.Contains("(2, 3)", shape.Message);
        // One-hot targets (yTrue shaped as yPred) say so and name the loss that takes them.
        var oneHot = Assert.Throws<ArgumentException>(() => loss.Call(D([0, 0, 1, 0, 1, 0], [2, 3]), p));
        Assert.Equal("sparse_categorical_crossentropy: yTrue has the shape of yPred, (2, 3): it holds one-hot (or probability) targets, " +
            "but SparseCategoricalCrossentropy takes integer class indices of shape (2,). Use CategoricalCrossentropy " +
            "(\"categorical_crossentropy\") for one-hot targets, or pass the indices (yTrue.ArgMax(-1)).", oneHot.Message);
        // ignoreClass allows exactly that out-of-range value.
        Assert.Throws<ArgumentOutOfRangeException>(() => new SparseCategoricalCrossentropy(ignoreClass: 255).Call(Tensor.FromArray(new[] { 0, 254 }), p));
        Assert.Equal(-Math.Log(0.2), new SparseCategoricalCrossentropy(ignoreClass: 255).Call(Tensor.FromArray(new[] { 0, 255 }), p).Item<double>(), 12);
    }

    [Fact]
    public void CrossEntropiesRunOnTheReferenceDevice()
    {
        var y = D([0, 1, 0, 0, 0, 1], [2, 3], Reference);
        var p = D([0.05, 0.95, 0, 0.1, 0.8, 0.1], [2, 3], Reference);
        var cce = new CategoricalCrossentropy().Call(y, p);
        Assert.Same(Reference, cce.Device);
        Assert.Equal(1.176939193690798, cce.Item<double>(), 12);
        var labels = Tensor.FromArray(new[] { 1, 2 }, device: Reference);
        Assert.Equal(1.176939193690798, new SparseCategoricalCrossentropy().Call(labels, p).Item<double>(), 12);
        var bce = new BinaryCrossentropy(fromLogits: true).Call(D([0, 1, 0, 0], [2, 2], Reference), D([-18.6, 0.51, 2.94, -12.8], [2, 2], Reference));
        Assert.Equal(0.8654579497810972, bce.Item<double>(), 12);
    }
}
