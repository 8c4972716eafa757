using DeepLearning.Losses;
using DeepLearning.Metrics;
using static DeepLearning.Tests.TestHelpers;

namespace DeepLearning.Tests.Metrics;

/// <summary>The accuracy metrics against the examples of keras/src/metrics/accuracy_metrics.py and hand counts.</summary>
public class AccuracyMetricTests
{
    [Fact]
    public void ExactAccuracy()
    {
        // Keras: [[1],[2],[3],[4]] vs [[0],[2],[3],[4]] → 0.75; sample_weight [1, 1, 0, 0] → 0.5.
        var m = new Accuracy();
        var y = Tensor.FromArray(new[] { 1, 2, 3, 4 }, [4, 1]);
        var p = Tensor.FromArray(new[] { 0, 2, 3, 4 }, [4, 1]);
        m.UpdateState(y, p);
        Assert.Equal(0.75, m.Result(), 12);
        m.ResetState();
        m.UpdateState(y, p, D([1, 1, 0, 0], [4]));
        Assert.Equal(0.5, m.Result(), 12);
    }

    [Fact]
    public void BinaryAccuracy()
    {
        // Keras: [[1],[1],[0],[0]] vs [[0.98],[1],[0],[0.6]] → 0.75; sample_weight [1, 0, 0, 1] → 0.5.
        var y = D([1, 1, 0, 0], [4, 1]);
        var p = D([0.98, 1, 0, 0.6], [4, 1]);
        var m = new BinaryAccuracy();
        m.UpdateState(y, p);
        Assert.Equal(0.75, m.Result(), 12);
        m.ResetState();
        m.UpdateState(y, p, D([1, 0, 0, 1], [4]));
        Assert.Equal(0.5, m.Result(), 12);
        // Labels (4) against predictions (4, 1), int labels, and a logit threshold of 0.
        var logits = new BinaryAccuracy(threshold: 0);
        logits.UpdateState(Tensor.FromArray(new[] { 1, 1, 0, 0 }), D([2.5, -0.1, -3, 0.2], [4, 1]));
        Assert.Equal(0.5, logits.Result(), 12);
    }

    [Fact]
    public void CategoricalAndSparseCategoricalAccuracy()
    {
        // Keras: [[0,0,1],[0,1,0]] vs [[0.1,0.9,0.8],[0.05,0.95,0]] → 0.5; sample_weight [0.7, 0.3] → 0.3.
        var oneHot = D([0, 0, 1, 0, 1, 0], [2, 3]);
        var p = D([0.1, 0.9, 0.8, 0.05, 0.95, 0], [2, 3]);
        var w = D([0.7, 0.3], [2]);
        var c = new CategoricalAccuracy();
        c.UpdateState(oneHot, p);
        Assert.Equal(0.5, c.Result(), 12);
        c.ResetState();
        c.UpdateState(oneHot, p, w);
        Assert.Equal(0.3, c.Result(), 12);

        var s = new SparseCategoricalAccuracy();
        s.UpdateState(D([2, 1], [2, 1]), p);
        Assert.Equal(0.5, s.Result(), 12);
        s.ResetState();
        s.UpdateState(Tensor.FromArray(new[] { 2, 1 }), p, w);
        Assert.Equal(0.3, s.Result(), 12);
        // An out-of-range label counts as wrong (no read-back to validate).
        s.ResetState();
        s.UpdateState(Tensor.FromArray(new[] { 7, 1 }), p);
        Assert.Equal(0.5, s.Result(), 12);
    }

    [Fact]
    public void TopKAccuracies()
    {
        // Keras (k = 1): the same data as above → 0.5 and, weighted, 0.3.
        var oneHot = D([0, 0, 1, 0, 1, 0], [2, 3]);
        var p = D([0.1, 0.9, 0.8, 0.05, 0.95, 0], [2, 3]);
        var top1 = new TopKCategoricalAccuracy(k: 1);
        top1.UpdateState(oneHot, p, D([0.7, 0.3], [2]));
        Assert.Equal(0.3, top1.Result(), 12);
        var sparseTop1 = new SparseTopKCategoricalAccuracy(k: 1);
        sparseTop1.UpdateState(Tensor.FromArray(new[] { 2, 1 }), p);
        Assert.Equal(0.5, sparseTop1.Result(), 12);

        // k = 2 by hand: row 0 [0.1, 0.9, 0.8] label 2 → in (0.8 is 2nd); row 1 [0.05, 0.95, 0] label 0 → in;
        // row 2 [0.5, 0.5, 0.5, 0.1] label 2 → in (ties at the boundary count, as tf.math.in_top_k);
        // row 3 [0.4, 0.3, 0.2, 0.1] label 3 → out.
        var scores = D([0.1, 0.9, 0.8, 0, 0.05, 0.95, 0, 0, 0.5, 0.5, 0.5, 0.1, 0.4, 0.3, 0.2, 0.1], [4, 4]);
        var top2 = new SparseTopKCategoricalAccuracy(k: 2);
        top2.UpdateState(Tensor.FromArray(new[] { 2, 0, 2, 3 }), scores);
        Assert.Equal(0.75, top2.Result(), 12);
        // Default k = 5 ≥ classes: everything is in the top 5.
        var top5 = new TopKCategoricalAccuracy();
        top5.UpdateState(Tensor.Eye(4, dtype: DType.Float64), scores);
        Assert.Equal(1, top5.Result(), 12);
    }

    [Fact]
    public void StreamingEqualsOneShotAndResets()
    {
        var gen = new Generator(7);
        var scores = Tensor.RandomUniform([23, 5], dtype: DType.Float64, generator: gen);
        var labels = Tensor.RandomInt([23], 0, 5, generator: gen);
        var oneHot = Tensor.OneHot(labels, 5, DType.Float64);
        var weights = Tensor.RandomUniform([23], 0, 2, DType.Float64, gen);
        int[] splits = [4, 5, 16];
        MetricAssert.StreamingEqualsOneShot(() => new SparseCategoricalAccuracy(), labels, scores, weights, splits);
        MetricAssert.StreamingEqualsOneShot(() => new CategoricalAccuracy(), oneHot, scores, null, splits);
        MetricAssert.StreamingEqualsOneShot(() => new SparseTopKCategoricalAccuracy(2), labels, scores, weights, splits);
        MetricAssert.StreamingEqualsOneShot(() => new TopKCategoricalAccuracy(3), oneHot, scores, weights, splits);
        var binaryTrue = Tensor.RandomInt([23, 1], 0, 2, generator: gen);
        MetricAssert.StreamingEqualsOneShot(() => new BinaryAccuracy(), binaryTrue, scores.Narrow(1, 0, 1), weights, splits);
        // The sparse accuracy equals a hand count of argmax = label, weighted.
        var s = scores.ToArray<double>();
        var l = labels.ToArray<int>();
        var w = weights.ToArray<double>();
        double hits = 0;
        for (int i = 0; i < 23; i++)
        {
            var row = s.AsSpan(i * 5, 5).ToArray();
            if (Array.IndexOf(row, row.Max()) == l[i]) hits += w[i];
        }
        var m = new SparseCategoricalAccuracy();
        m.UpdateState(labels, scores, weights);
        Assert.Equal(hits / w.Sum(), m.Result(), 12);
    }

    [Fact]
    public void SequenceAccuracyWithPerStepMask()
    {
        // (batch 2, time 3, classes 2); the mask [[1,1,0],[1,0,0]] is passed as sample weight. Keras averages each
        // sample's weighted steps: total = Σ_b mean_t(w·hit), count = Σ_b mean_t(w). Hits [[1,0,1],[1,1,0]] →
        // total (1/3 + 1/3), count (2/3 + 1/3) → 2/3.
        var scores = D([0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7, 0.4, 0.6, 0.5, 0.5], [2, 3, 2]);
        var labels = Tensor.FromArray(new[] { 0, 0, 0, 1, 1, 1 }, [2, 3]);
        var m = new SparseCategoricalAccuracy();
        m.UpdateState(labels, scores, D([1, 1, 0, 1, 0, 0], [2, 3]));
        Assert.Equal(2.0 / 3, m.Result(), 12);
        // A per-sample weight [1, 3] weights each sample's mean: (1·2/3 + 3·2/3)/4.
        m.ResetState();
        m.UpdateState(labels, scores, D([1, 3], [2]));
        Assert.Equal(2.0 / 3, m.Result(), 12);
    }

    [Fact]
    public void AccuracyResolvesFromShapesAsKerasCompile()
    {
        Assert.IsType<BinaryAccuracy>(Metric.ResolveAccuracy([8, 1], [8, 1]));
        Assert.IsType<BinaryAccuracy>(Metric.ResolveAccuracy([8], [8, 1]));
        Assert.IsType<SparseCategoricalAccuracy>(Metric.ResolveAccuracy([8], [8, 10]));
        Assert.IsType<SparseCategoricalAccuracy>(Metric.ResolveAccuracy([8, 1], [8, 10]));
        Assert.IsType<CategoricalAccuracy>(Metric.ResolveAccuracy([8, 10], [8, 10]));

        var auto = Metric.Accuracy;
        Assert.Equal("accuracy", auto.Name);
        auto.UpdateState(Tensor.FromArray(new[] { 2, 1 }), D([0.1, 0.9, 0.8, 0.05, 0.95, 0], [2, 3]));
        Assert.IsType<SparseCategoricalAccuracy>(((AutoAccuracy)auto).Resolved);
        Assert.Equal(0.5, auto.Result(), 12);
        auto.ResetState();
        Assert.Equal(0, auto.Result());

        // With a from-logits binary cross-entropy the binary accuracy thresholds logits at 0 (Keras would use 0.5).
        var fromName = (AutoAccuracy)Metric.FromName("acc", new BinaryCrossentropy(fromLogits: true));
        Assert.Equal("acc", fromName.Name);
        Assert.Equal(0, fromName.BinaryThreshold);
        fromName.UpdateState(D([1, 0, 1], [3, 1]), D([0.3, -0.2, 0.1], [3, 1]));
        Assert.Equal(1, fromName.Result(), 12);
        Assert.Equal(0.5, ((AutoAccuracy)Metric.FromName("accuracy", new BinaryCrossentropy())).BinaryThreshold);
    }

    [Fact]
    public void FromNameUsesKerasIdentifiers()
    {
        Assert.IsType<BinaryAccuracy>(Metric.FromName("binary_accuracy"));
        Assert.IsType<CategoricalAccuracy>(Metric.FromName("categorical_accuracy"));
        Assert.IsType<SparseCategoricalAccuracy>(Metric.FromName("sparse_categorical_accuracy"));
        Assert.IsType<TopKCategoricalAccuracy>(Metric.FromName("top_k_categorical_accuracy"));
        Assert.IsType<SparseTopKCategoricalAccuracy>(Metric.FromName("sparse_top_k_categorical_accuracy"));
        Assert.IsType<Precision>(Metric.FromName("precision"));
        Assert.IsType<Recall>(Metric.FromName("recall"));
        Assert.IsType<Auc>(Metric.FromName("AUC"));
        Assert.IsType<F1Score>(Metric.FromName("f1_score"));
        Assert.IsType<FBetaScore>(Metric.FromName("fbeta_score"));
        Assert.IsType<RootMeanSquaredError>(Metric.FromName("rmse"));
        var mae = Assert.IsType<LossMetric>(Metric.FromName("mae"));
        Assert.Equal("mae", mae.Name);
        Assert.IsType<MeanAbsoluteError>(mae.Loss);
        Assert.IsType<SparseCategoricalCrossentropy>(Assert.IsType<LossMetric>(Metric.FromName("sparse_categorical_crossentropy")).Loss);
        Assert.Contains("numClasses", Assert.Throws<ArgumentException>(() => Metric.FromName("mean_iou")).Message);
        Assert.Contains("unknown metric", Assert.Throws<ArgumentException>(() => Metric.FromName("happiness")).Message);
    }

    [Fact]
    public void BadInputNamesTheMetricAndShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new CategoricalAccuracy().UpdateState(D([0, 1], [1, 2]), D([0.2, 0.3, 0.5], [1, 3])));
        Assert.Contains("categorical_accuracy", e.Message);
        Assert.Contains("(1, 2)", e.Message);
        Assert.Contains("(1, 3)", e.Message);
        var s = Assert.Throws<ArgumentException>(() => new SparseCategoricalAccuracy().UpdateState(Tensor.FromArray(new[] { 0, 1, 2 }), D([0.2, 0.3, 0.5, 0.1, 0.1, 0.8], [2, 3])));
        Assert.Contains("sparse_categorical_accuracy", s.Message);
        Assert.Throws<ArgumentException>(() => new BinaryAccuracy().UpdateState(D([1, 0], [2]), D([1, 0], [2], Reference)));
        Assert.Throws<ArgumentException>(() => new BinaryAccuracy().UpdateState(D([1, 0], [2]), Tensor.FromArray(new[] { 1, 0 })));
        Assert.Throws<ArgumentException>(() => new BinaryAccuracy().UpdateState(D([1, 0], [2, 1]), D([0.2, 0.9], [2, 1]), D([1, 2, 3], [3])));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopKCategoricalAccuracy(0));
    }
}
