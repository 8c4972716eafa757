using DeepLearning.Metrics;
using static DeepLearning.Tests.TestHelpers;

namespace DeepLearning.Tests.Metrics;

/// <summary>
/// AUC against the Keras docstring example and a numpy transcription of keras/src/metrics/confusion_metrics.py
/// (AUC.result, interpolate_pr_auc) with counts taken as p &gt; threshold on the clipped predictions:
/// <code>
/// import numpy as np
/// eps = 1e-7
/// def counts(y, p, w, T):
///     th = np.array([-eps] + [(i + 1) / (T - 1) for i in range(T - 2)] + [1 + eps])
///     p = np.clip(p, 0, 1); pos = (y != 0).astype(float)
///     pp = (p[None, :] &gt; th[:, None]).astype(float)
///     tp = (pp*pos*w).sum(1); fp = (pp*(1 - pos)*w).sum(1)
///     return tp, fp, ((1 - pos)*w).sum() - fp, (pos*w).sum() - tp          # tp, fp, tn, fn
/// def dnn(a, b): return np.where(b == 0, 0.0, a / np.where(b == 0, 1, b))
/// def area(tp, fp, tn, fn, curve, method):
///     if curve == "PR" and method == "interpolation":
///         dtp = tp[:-1] - tp[1:]; p = tp + fp; dp = p[:-1] - p[1:]
///         slope = dnn(dtp, np.maximum(dp, 0)); intercept = tp[1:] - slope*p[1:]
///         ratio = np.where((p[:-1] &gt; 0) &amp; (p[1:] &gt; 0), dnn(p[:-1], np.maximum(p[1:], 0)), np.ones_like(p[1:]))
///         return dnn(slope*(dtp + intercept*np.log(ratio)), np.maximum(tp[1:] + fn[1:], 0)).sum()
///     rec = dnn(tp, tp + fn)
///     x, y = (dnn(fp, fp + tn), rec) if curve == "ROC" else (rec, dnn(tp, tp + fp))
///     h = {"interpolation": (y[:-1] + y[1:])/2, "minoring": np.minimum(y[:-1], y[1:]), "majoring": np.maximum(y[:-1], y[1:])}[method]
///     return ((x[:-1] - x[1:])*h).sum()
/// y = np.array([0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0.]); p = np.array([0.1, 0.8, 0.35, 0.4, 0.9, 0.05, 0.6, 0.55, 0.72, 0.2, 0.33, 0.48])
/// w = np.array([1, 2, 0.5, 1, 1, 3, 1, 1, 0.2, 1, 1, 1.])
/// </code>
/// </summary>
public class AucTests
{
    private static Tensor Y() => D([0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0], [12]);

    private static Tensor P() => D([0.1, 0.8, 0.35, 0.4, 0.9, 0.05, 0.6, 0.55, 0.72, 0.2, 0.33, 0.48], [12]);

    private static Tensor W() => D([1, 2, 0.5, 1, 1, 3, 1, 1, 0.2, 1, 1, 1], [12]);

    [Fact]
    public void KerasDocExample()
    {
        // AUC(num_thresholds=3) on [0,0,1,1] vs [0, 0.5, 0.3, 0.9]: tp = [2,1,0], fp = [2,0,0] → 0.75;
        // with sample_weight [1,0,0,1] → 1.
        var m = new Auc(numThresholds: 3);
        Assert.Equal([-1e-7, 0.5, 1 + 1e-7], m.Thresholds);
        m.UpdateState(D([0, 0, 1, 1], [4]), D([0, 0.5, 0.3, 0.9], [4]));
        Assert.Equal(0.75, m.Result(), 12);
        m.ResetState();
        m.UpdateState(D([0, 0, 1, 1], [4]), D([0, 0.5, 0.3, 0.9], [4]), D([1, 0, 0, 1], [4]));
        Assert.Equal(1, m.Result(), 12);
    }

    [Theory]
    [InlineData(AucCurve.Roc, AucSummationMethod.Interpolation, 0.8055555555555556, 0.8793859649122807)]
    [InlineData(AucCurve.Roc, AucSummationMethod.Minoring, 0.8055555555555556, 0.8793859649122807)]
    [InlineData(AucCurve.PrecisionRecall, AucSummationMethod.Interpolation, 0.8371521939738453, 0.862929807155501)]
    [InlineData(AucCurve.PrecisionRecall, AucSummationMethod.Minoring, 0.6577380952380953, 0.6778879015721121)]
    [InlineData(AucCurve.PrecisionRecall, AucSummationMethod.Majoring, 0.8486111111111111, 0.871589390645652)]
    public void TwoHundredThresholds(AucCurve curve, AucSummationMethod method, double expected, double expectedWeighted)
    {
        Assert.Equal(expected, MetricAssert.StreamingEqualsOneShot(() => new Auc(curve: curve, summationMethod: method), Y(), P(), null, [5, 6]), 12);
        Assert.Equal(expectedWeighted, MetricAssert.StreamingEqualsOneShot(() => new Auc(curve: curve, summationMethod: method), Y(), P(), W(), [3, 11]), 12);
    }

    [Fact]
    public void RocMatchesTheExactAreaWhenThresholdsSeparateThePredictions()
    {
        // Mann–Whitney by hand: of the 6·6 positive/negative pairs, 29 are ordered correctly → 29/36 = 0.80556, which
        // the 200-threshold ROC reproduces exactly here (no two predictions share a bucket).
        var m = new Auc();
        m.UpdateState(Y(), P());
        Assert.Equal(29.0 / 36, m.Result(), 12);
        // Logits through a sigmoid give the same curve.
        var logits = P().ToArray<double>().Select(q => Math.Log(q / (1 - q))).ToArray();
        var fromLogits = new Auc(fromLogits: true);
        fromLogits.UpdateState(Y(), Tensor.FromArray(logits));
        Assert.Equal(29.0 / 36, fromLogits.Result(), 12);
    }

    [Fact]
    public void MultiLabelAveragesPerLabelCurves()
    {
        // Y = [[0,1],[1,1],[1,0],[0,0],[1,1],[0,1]], P = [[.2,.7],[.9,.6],[.6,.3],[.3,.1],[.4,.8],[.5,.2]]:
        // per-label ROC AUC [8/9, 7/8] → mean 0.88194; pooled (multiLabel false) 0.87143.
        var y = D([0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 1], [6, 2]);
        var p = D([0.2, 0.7, 0.9, 0.6, 0.6, 0.3, 0.3, 0.1, 0.4, 0.8, 0.5, 0.2], [6, 2]);
        Assert.Equal(0.8819444444444444, MetricAssert.StreamingEqualsOneShot(() => new Auc(multiLabel: true), y, p, null, [2]), 12);
        Assert.Equal(0.8714285714285713, MetricAssert.StreamingEqualsOneShot(() => new Auc(), y, p, null, [4]), 12);
        Assert.Throws<ArgumentException>(() => new Auc(multiLabel: true).UpdateState(Y(), P()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Auc(numThresholds: 1));
    }
}
