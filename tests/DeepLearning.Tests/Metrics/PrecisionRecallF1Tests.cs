using DeepLearning.Metrics;
using static DeepLearning.Tests.TestHelpers;

namespace DeepLearning.Tests.Metrics;

/// <summary>Precision, recall and the F-scores against keras/src/metrics/confusion_metrics.py and
/// f_score_metrics.py examples, a hand-counted confusion table and a numpy transcription of FBetaScore:
/// <code>
/// import numpy as np
/// eps = 1e-7
/// def fbeta(yt, yp, beta=1.0, threshold=None, average=None, sw=None):
///     if threshold is None: pr = np.logical_and(yp &gt;= yp.max(-1, keepdims=True), np.abs(yp) &gt; 1e-9).astype(float)
///     else: pr = (yp &gt; threshold).astype(float)
///     w = np.ones((yt.shape[0], 1)) if sw is None else sw.reshape(-1, 1)
///     axis = None if average == "micro" else 0
///     tp = (pr*yt*w).sum(axis); fp = (pr*(1-yt)*w).sum(axis); fn = ((1-pr)*yt*w).sum(axis); sup = (yt*w).sum(axis)
///     p = tp/(tp + fp + eps); r = tp/(tp + fn + eps); f = (1 + beta**2)*p*r/(beta**2*p + r + eps)
///     if average == "weighted": return (f*sup/(sup.sum() + eps)).sum()
///     return f.mean() if average in ("micro", "macro") else f
/// </code>
/// </summary>
public class PrecisionRecallF1Tests
{
    [Fact]
    public void KerasDocExamples()
    {
        // Precision and Recall of [0,1,1,1] vs [1,0,1,1]: TP 2, FP 1, FN 1 → 2/3 each; weight [0,0,1,0] → 1.
        var y = D([0, 1, 1, 1], [4]);
        var p = D([1, 0, 1, 1], [4]);
        foreach (var m in new Metric[] { new Precision(), new Recall() })
        {
            m.UpdateState(y, p);
            Assert.Equal(2.0 / 3, m.Result(), 12);
            m.ResetState();
            m.UpdateState(y, p, D([0, 0, 1, 0], [4]));
            Assert.Equal(1, m.Result(), 12);
        }
        // top_k = 2 keeps the first two of four tied scores (both negatives) → 0; top_k = 4 → 0.5.
        var top2 = new Precision(topK: 2);
        top2.UpdateState(D([0, 0, 1, 1], [4]), D([1, 1, 1, 1], [4]));
        Assert.Equal(0, top2.Result());
        var top4 = new Precision(topK: 4);
        top4.UpdateState(D([0, 0, 1, 1], [4]), D([1, 1, 1, 1], [4]));
        Assert.Equal(0.5, top4.Result(), 12);
    }

    [Fact]
    public void SmallConfusionTable()
    {
        // Ten samples, threshold 0.5: TP = 3 (rows 0, 1, 2), FN = 2 (rows 3, 4), FP = 1 (row 5), TN = 4.
        // Precision 3/4, recall 3/5, F1 = 2·(3/4)(3/5)/(3/4 + 3/5) = 2/3 (SEEDS M3: 2/(1/P + 1/R)).
        var y = D([1, 1, 1, 1, 1, 0, 0, 0, 0, 0], [10, 1]);
        var p = D([0.9, 0.8, 0.6, 0.4, 0.1, 0.7, 0.3, 0.2, 0.45, 0.05], [10, 1]);
        var precision = new Precision();
        var recall = new Recall();
        precision.UpdateState(y, p);
        recall.UpdateState(y, p);
        Assert.Equal(0.75, precision.Result(), 12);
        Assert.Equal(0.6, recall.Result(), 12);
        // The F1 metric on the same table (one class column, threshold 0.5) has Keras's ε terms:
        // P = 3/(4 + 1e-7), R = 3/(5 + 1e-7), F = 2PR/(P + R + 1e-7).
        double pe = 3 / (4 + 1e-7), re = 3 / (5 + 1e-7);
        var f1 = new F1Score(threshold: 0.5);
        f1.UpdateState(y, p);
        Assert.Equal(2 * pe * re / (pe + re + 1e-7), f1.Result(), 12);
        // Streaming in uneven batches gives the same counts.
        MetricAssert.StreamingEqualsOneShot(() => new Precision(), y, p, null, [3, 4, 9]);
        MetricAssert.StreamingEqualsOneShot(() => new Recall(), y, p, D([1, 2, 1, 1, 0.5, 1, 1, 3, 1, 1], [10]), [2, 7]);
        // Weighted by hand: weights [1,2,1,1,0.5,1,1,3,1,1]: TP = 4, FN = 1.5 → recall 4/5.5.
        var weighted = new Recall();
        weighted.UpdateState(y, p, D([1, 2, 1, 1, 0.5, 1, 1, 3, 1, 1], [10]));
        Assert.Equal(4 / 5.5, weighted.Result(), 12);
    }

    [Fact]
    public void ClassIdAndLogitThreshold()
    {
        // Class 1 of a (3, 3) one-hot: labels [1, 0, 1] vs scores column [0.7, 0.6, 0.2] → TP 1, FP 1, FN 1.
        var y = D([0, 1, 0, 1, 0, 0, 0, 1, 0], [3, 3]);
        var p = D([0.1, 0.7, 0.2, 0.3, 0.6, 0.1, 0.5, 0.2, 0.3], [3, 3]);
        var precision = new Precision(classId: 1);
        precision.UpdateState(y, p);
        Assert.Equal(0.5, precision.Result(), 12);
        var recall = new Recall(classId: 1);
        recall.UpdateState(y, p, D([1, 1, 3], [3]));
        Assert.Equal(1.0 / 4, recall.Result(), 12);
        var logits = new Precision(threshold: 0);
        logits.UpdateState(D([1, 0, 1], [3]), D([2, 0.5, -1], [3]));
        Assert.Equal(0.5, logits.Result(), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Precision(classId: 5).UpdateState(y, p));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Recall(threshold: 1.5));
    }

    [Fact]
    public void F1ScoreMatchesKeras()
    {
        // Keras docstring: F1Score(threshold=0.5) → [0.5, 0.8, 0.6666667]; FBetaScore(beta=2) → [0.3846, 0.9091, 0.8333].
        var y = D([1, 1, 1, 1, 0, 0, 1, 1, 0], [3, 3]);
        var p = D([0.2, 0.6, 0.7, 0.2, 0.6, 0.6, 0.6, 0.8, 0.0], [3, 3]);
        var perClass = new F1Score(threshold: 0.5);
        perClass.UpdateState(y, p);
        Assert.Equal([0.4999999375000028, 0.7999999200000041, 0.666666577777783], perClass.ResultPerClass(), new Tolerance(1e-12));
        Assert.Equal(0.65555547842593, perClass.Result(), 12);     // macro
        var micro = new F1Score(FScoreAverage.Micro, 0.5);
        micro.UpdateState(y, p);
        Assert.Equal(0.6666666055555593, micro.Result(), 12);
        var weighted = new F1Score(FScoreAverage.Weighted, 0.5);
        weighted.UpdateState(y, p);
        Assert.Equal(0.6277776945833383, weighted.Result(), 12);
        var f2 = new FBetaScore(beta: 2, threshold: 0.5);
        f2.UpdateState(y, p);
        Assert.Equal([0.38461536094674575, 0.9090908429752095, 0.8333332361111183], f2.ResultPerClass(), new Tolerance(1e-12));
    }

    [Fact]
    public void F1ScoreWithArgmaxWeightsAndStreaming()
    {
        // Without a threshold each row's maximum is the prediction (fbeta(yt2, yp2, 1.0, None, avg[, sw])).
        var y = D([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0], [5, 3]);
        var p = D([0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.2, 0.2, 0.6, 0.3, 0.5, 0.2, 0.2, 0.5, 0.3], [5, 3]);
        var w = D([1, 2, 1, 0.5, 1], [5]);
        (FScoreAverage Average, double Plain, double Weighted)[] cases =
        [
            (FScoreAverage.Micro, 0.5999999380000044, 0.4545453962809974),
            (FScoreAverage.Macro, 0.6111110268518575, 0.47222215196759826),
            (FScoreAverage.Weighted, 0.5999999046666742, 0.44696961816747816),
        ];
        foreach (var (average, plain, weightedValue) in cases)
        {
            Assert.Equal(plain, MetricAssert.StreamingEqualsOneShot(() => new F1Score(average), y, p, null, [2, 3]), 12);
            Assert.Equal(weightedValue, MetricAssert.StreamingEqualsOneShot(() => new F1Score(average), y, p, w, [1, 4]), 12);
        }
        var perClass = new F1Score();
        perClass.UpdateState(y, p, w);
        Assert.Equal([0.666666577777783, 0.2499999406250091, 0.4999999375000028], perClass.ResultPerClass(), new Tolerance(1e-12));
        Assert.Throws<ArgumentException>(() => new F1Score().UpdateState(D([1, 0], [2]), D([0.3, 0.2], [2])));
        Assert.Throws<ArgumentOutOfRangeException>(() => new F1Score(threshold: 0));
    }

    private sealed class Tolerance(double tol) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tol;

        public int GetHashCode(double x) => 0;
    }
}
