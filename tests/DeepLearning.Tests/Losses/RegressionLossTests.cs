using DeepLearning.Devices;
using DeepLearning.Losses;
using static DeepLearning.Tests.TestHelpers;

namespace DeepLearning.Tests.Losses;

/// <summary>
/// The regression and distribution losses against a numpy transcription of keras/src/losses/losses.py (float64):
/// <code>
/// import numpy as np
/// eps = 1e-7
/// yt = np.array([[1.0, 0.3, -2.0], [0.0, 4.0, 0.5]]); yp = np.array([[1.9, 0.3, -1.0], [0.2, 2.5, 0.5]])
/// e = yp - yt
/// def sp(x): return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))
/// mse = np.mean(e**2, -1); mae = np.mean(np.abs(e), -1)
/// mape = 100*np.mean(np.abs((yt - yp) / np.maximum(np.abs(yt), eps)), -1)
/// msle = np.mean((np.log(np.maximum(yp, eps) + 1) - np.log(np.maximum(yt, eps) + 1))**2, -1)
/// a = np.abs(e); huber = lambda d: np.mean(np.where(a &lt;= d, 0.5*e**2, d*a - 0.5*d**2), -1)
/// logcosh = np.mean(e + sp(-2*e) - np.log(2), -1)             # equals np.mean(np.log(np.cosh(e)), -1)
/// ytp = np.array([[1.0, 0.0, 3.0], [2.0, 1.0, 0.0]]); ypp = np.array([[0.5, 0.2, 2.0], [2.0, 0.0, 1.5]])
/// poisson = np.mean(ypp - ytp*np.log(ypp + eps), -1)
/// ytk = np.array([[0.2, 0.8, 0.0], [0.5, 0.25, 0.25]]); ypk = np.array([[0.3, 0.6, 0.1], [0.0, 0.5, 0.5]])
/// c = lambda x: np.clip(x, eps, 1); kld = np.sum(c(ytk)*np.log(c(ytk)/c(ypk)), -1)
/// def norm(x): return x / np.sqrt(np.maximum((x**2).sum(-1, keepdims=True), eps*eps))
/// cos = -(norm(ytc)*norm(ypc)).sum(-1)
/// </code>
/// </summary>
public class RegressionLossTests
{
    private static Tensor YTrue(Device? device = null) => D([1.0, 0.3, -2.0, 0.0, 4.0, 0.5], [2, 3], device);

    private static Tensor YPred(Device? device = null) => D([1.9, 0.3, -1.0, 0.2, 2.5, 0.5], [2, 3], device);

    public static TheoryData<string, double[]> PerSample() => new()
    {
        { "mse", [0.6033333333333333, 0.7633333333333333] },
        { "mae", [0.6333333333333333, 0.5666666666666667] },
        // yTrue = 0 divides by ε: 100·0.2/1e-7/3 dominates the second sample.
        { "mape", [46.666666666666664, 66666679.16666667] },
        { "msle", [0.04601982548958498, 0.05348604308038981] },
        { "huber", [0.30166666666666664, 0.34] },
        { "logcosh", [0.26453708681638527, 0.2917694142846013] },
    };

    [Theory]
    [MemberData(nameof(PerSample))]
    public void PerSampleValuesMatchKeras(string name, double[] expected)
    {
        var loss = name switch
        {
            "mse" => (Loss)new MeanSquaredError(LossReduction.None),
            "mae" => new MeanAbsoluteError(LossReduction.None),
            "mape" => new MeanAbsolutePercentageError(LossReduction.None),
            "msle" => new MeanSquaredLogarithmicError(LossReduction.None),
            "huber" => new Huber(reduction: LossReduction.None),
            _ => new LogCosh(LossReduction.None),
        };
        AssertValues(expected, loss.Call(YTrue(), YPred()), 1e-12);
        // Float32 and the reference device compute the same values.
        AssertValues(expected, loss.Call(YTrue().Cast(DType.Float32), YPred().Cast(DType.Float32)), 1e-5);
        var onReference = loss.Call(YTrue(Reference), YPred(Reference));
        Assert.Same(Reference, onReference.Device);
        AssertValues(expected, onReference, 1e-12);
    }

    [Fact]
    public void KerasDocExamples()
    {
        // MeanSquaredError()([1,0,1], [0.9,0.1,0.8]) and MeanAbsoluteError()([1,0.3,1], [1.9,0.3,1.8]) as in the Keras
        // docstrings: rank-1 inputs are one sample, (0.01 + 0.01 + 0.04)/3 = 0.02 and (0.9 + 0 + 0.8)/3 = 0.5667.
        Assert.Equal(0.02, new MeanSquaredError().Call(D([1, 0, 1], [3]), D([0.9, 0.1, 0.8], [3])).Item<double>(), 12);
        Assert.Equal(1.7 / 3, new MeanAbsoluteError().Call(D([1, 0.3, 1], [3]), D([1.9, 0.3, 1.8], [3])).Item<double>(), 12);
        // MAPE([100,200,300], [90,210,310]) = 100·(0.1 + 0.05 + 1/30)/3 = 6.111.
        Assert.Equal(100 * (0.1 + 0.05 + 1.0 / 30) / 3, new MeanAbsolutePercentageError().Call(D([100, 200, 300], [3]), D([90, 210, 310], [3])).Item<double>(), 10);
    }

    [Fact]
    public void HuberSwitchesAtDelta()
    {
        AssertValues([0.2333333333333333, 0.215], new Huber(0.5, LossReduction.None).Call(YTrue(), YPred()), 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Huber(0));
    }

    [Fact]
    public void LogCoshIsStableForLargeErrors()
    {
        // ln cosh(±1000) = 1000 − ln 2 exactly in float64; the gradient is tanh(x) = ±1.
        var yPred = D([1000, -1000], [2, 1]);
        yPred.RequiresGrad = true;
        var loss = new LogCosh(LossReduction.None).Call(D([0, 0], [2, 1]), yPred);
        AssertValues([1000 - Math.Log(2), 1000 - Math.Log(2)], loss, 1e-15);
        loss.Sum().Backward();
        AssertValues([1, -1], yPred.Grad!, 1e-15);
    }

    [Fact]
    public void PoissonAndKLDivergence()
    {
        AssertValues([0.4379017629600445, 6.077267063279478],
            new Poisson(LossReduction.None).Call(D([1.0, 0.0, 3.0, 2.0, 1.0, 0.0], [2, 3]), D([0.5, 0.2, 2.0, 2.0, 0.0, 1.5], [2, 3])), 1e-12);
        // KL with zero probabilities on both sides: clipped to ε, finite loss and gradient.
        var yPred = D([0.3, 0.6, 0.1, 0.0, 0.5, 0.5], [2, 3]);
        yPred.RequiresGrad = true;
        var kld = new KLDivergence(LossReduction.None).Call(D([0.2, 0.8, 0.0, 0.5, 0.25, 0.25], [2, 3]), yPred);
        AssertValues([0.14905125478873618, 7.365900644919215], kld, 1e-12);
        kld.Sum().Backward();
        Assert.All(yPred.Grad!.ToArray<double>(), g => Assert.True(double.IsFinite(g)));
        Assert.Equal(0, yPred.Grad!.ToArray<double>()[3]);   // p = 0 is clipped: no gradient
    }

    [Fact]
    public void CosineSimilarityMatchesKerasAndHandlesZeroVectors()
    {
        // Keras doc: y_true [[0,1],[1,1],[1,1]], y_pred [[1,0],[1,1],[-1,-1]] → [-0, -1, 1]; plus a zero yTrue row → 0.
        var yPred = D([1, 0, 1, 1, -1, -1, 3, 4], [4, 2]);
        yPred.RequiresGrad = true;
        var loss = new CosineSimilarity(reduction: LossReduction.None).Call(D([0, 1, 1, 1, 1, 1, 0, 0], [4, 2]), yPred);
        AssertValues([0, -1, 1, 0], loss, 1e-15);
        loss.Sum().Backward();
        Assert.All(yPred.Grad!.ToArray<double>(), g => Assert.True(double.IsFinite(g)));
        var zero = D([0, 0], [1, 2]);
        zero.RequiresGrad = true;
        new CosineSimilarity().Call(D([1, 2], [1, 2]), zero).Backward();
        Assert.All(zero.Grad!.ToArray<double>(), g => Assert.True(double.IsFinite(g)));
        AssertValues([-0.6415330278717848, 0.629940788348712],
            new CosineSimilarity(reduction: LossReduction.None).Call(D([1, 2, 3, 0.5, -1, 2], [2, 3]), D([2, 1, 0.5, 1, 1, -1], [2, 3])), 1e-12);
    }
}
