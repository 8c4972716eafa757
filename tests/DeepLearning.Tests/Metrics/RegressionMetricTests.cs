using DeepLearning.Devices.Reference;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using static DeepLearning.Tests.TestHelpers;

namespace DeepLearning.Tests.Metrics;

/// <summary>RMSE, loss means and the Mean tracker against keras/src/metrics/regression_metrics.py examples, plus
/// device independence and the absence of host read-backs during updates.</summary>
public class RegressionMetricTests
{
    private static Tensor Y(DeepLearning.Devices.Device? device = null) => D([0, 1, 0, 0], [2, 2], device);

    private static Tensor P(DeepLearning.Devices.Device? device = null) => D([1, 1, 0, 0], [2, 2], device);

    [Fact]
    public void KerasDocExamples()
    {
        // Keras: MSE and MAE of [[0,1],[0,0]] vs [[1,1],[0,0]] → 0.25; MAE weighted [1, 0] → 0.5; MSLE → 0.12011322,
        // weighted 0.24022643 (= (ln 2 − ln(1 + ε))²/4 and /2, the zeros being clipped to ε = 1e-7); RMSE → 0.5,
        // weighted 0.70710677; LogCosh → 0.10844523, weighted 0.21689045.
        double msle = Math.Pow(Math.Log(2) - Math.Log(1 + 1e-7), 2);
        (string Name, double Plain, double Weighted)[] cases =
        [
            ("mse", 0.25, 0.5),
            ("mae", 0.25, 0.5),
            ("msle", msle / 4, msle / 2),
            ("rmse", 0.5, Math.Sqrt(0.5)),
            ("logcosh", Math.Log(Math.Cosh(1)) / 4, Math.Log(Math.Cosh(1)) / 2),
        ];
        foreach (var (name, plain, weighted) in cases)
        {
            var m = Metric.FromName(name);
            m.UpdateState(Y(), P());
            Assert.Equal(plain, m.Result(), 12);
            m.ResetState();
            m.UpdateState(Y(), P(), D([1, 0], [2]));
            Assert.Equal(weighted, m.Result(), 12);
        }
        Assert.Equal(0.12011322, msle / 4, 7);
        Assert.Equal(0.10844523, Math.Log(Math.Cosh(1)) / 4, 7);
    }

    [Fact]
    public void RootMeanSquaredErrorIsTheRootOfTheStreamingMean()
    {
        // Errors² per row: [1, 0], [4, 4], [0, 9] → mean over the 3 rows of the row means (0.5, 4, 4.5) = 3 → √3,
        // not the mean of per-batch roots.
        var y = D([0, 0, 0, 0, 0, 0], [3, 2]);
        var p = D([1, 0, 2, -2, 0, 3], [3, 2]);
        Assert.Equal(Math.Sqrt(3), MetricAssert.StreamingEqualsOneShot(() => new RootMeanSquaredError(), y, p, null, [1]), 12);
    }

    [Fact]
    public void LossMetricAveragesPerSampleLossesAndHonoursIgnoreClass()
    {
        // Sparse CE with ignoreClass −1 as a metric: the ignored entry is weighted out (Keras applies the loss's mask
        // as a weight without rescaling), so the result is the mean over the other two entries.
        var probs = D([0.05, 0.95, 0, 0.3, 0.3, 0.4, 0.1, 0.8, 0.1], [3, 3]);
        var m = new LossMetric(new SparseCategoricalCrossentropy(ignoreClass: -1));
        Assert.Equal("sparse_categorical_crossentropy", m.Name);
        m.UpdateState(Tensor.FromArray(new[] { 1, -1, 2 }), probs);
        Assert.Equal((0.05129329438755058 + 2.3025850929940455) / 2, m.Result(), 12);
        // Streaming equals one shot for a plain loss.
        var gen = new Generator(3);
        var y = Tensor.RandomNormal([9, 4], dtype: DType.Float64, generator: gen);
        var p = Tensor.RandomNormal([9, 4], dtype: DType.Float64, generator: gen);
        double streamed = MetricAssert.StreamingEqualsOneShot(() => new LossMetric(new Huber()), y, p, D([1, 2, 0, 1, 1, 3, 1, 0.5, 1], [9]), [2, 5]);
        var perSample = new Huber(reduction: LossReduction.None).Call(y, p).ToArray<double>();
        double[] w = [1, 2, 0, 1, 1, 3, 1, 0.5, 1];
        Assert.Equal(perSample.Zip(w, (l, x) => l * x).Sum() / w.Sum(), streamed, 12);
    }

    [Fact]
    public void MeanTracksWeightedValues()
    {
        // Keras Mean: [1, 3, 5, 7] → 4; with weights [1, 1, 0, 0] → 2. A scalar is one sample.
        var m = new Mean();
        m.Update(D([1, 3, 5, 7], [4]));
        Assert.Equal(4, m.Result(), 12);
        m.ResetState();
        m.Update(D([1, 3, 5, 7], [4]), D([1, 1, 0, 0], [4]));
        Assert.Equal(2, m.Result(), 12);
        m.ResetState();
        m.Update(Tensor.Scalar(0.5f));
        m.Update(Tensor.Scalar(1.5f));
        Assert.Equal(1, m.Result(), 6);
        Assert.Throws<NotSupportedException>(() => m.UpdateState(Tensor.Scalar(1), Tensor.Scalar(1)));
    }

    [Fact]
    public void MetricsRunOnTheReferenceDeviceWithoutReadingBack()
    {
        // A fresh reference device counts host transfers: updates download nothing; only Result() reads back.
        var device = new ReferenceDevice();
        var labels = Tensor.FromArray(new[] { 2, 1, 0, 1 }, device: device);
        var scores = D([0.1, 0.2, 0.7, 0.3, 0.6, 0.1, 0.5, 0.4, 0.1, 0.2, 0.3, 0.5], [4, 3], device);
        var oneHot = Tensor.OneHot(labels, 3, DType.Float64);
        var weights = D([1, 2, 1, 1], [4], device);
        Metric[] metrics =
        [
            new SparseCategoricalAccuracy(), new SparseTopKCategoricalAccuracy(2), new Precision(), new Recall(),
            new F1Score(), new Auc(), new MeanIoU(3, sparseYPred: false), new ConfusionMatrix(3, sparseYPred: false),
            new LossMetric(new CategoricalCrossentropy()), new RootMeanSquaredError(),
        ];
        long before = device.Downloads;
        foreach (var m in metrics)
        {
            var y = m is SparseCategoricalAccuracy or SparseTopKCategoricalAccuracy or MeanIoU or ConfusionMatrix ? labels : oneHot;
            m.UpdateState(y, scores, weights);
            m.UpdateState(y, scores);
        }
        Assert.Equal(before, device.Downloads);

        // The same metrics on the CPU give the same results.
        var cpuLabels = Tensor.FromArray(new[] { 2, 1, 0, 1 });
        var cpuScores = D([0.1, 0.2, 0.7, 0.3, 0.6, 0.1, 0.5, 0.4, 0.1, 0.2, 0.3, 0.5], [4, 3]);
        var cpuOneHot = Tensor.OneHot(cpuLabels, 3, DType.Float64);
        var cpuWeights = D([1, 2, 1, 1], [4]);
        Metric[] cpu =
        [
            new SparseCategoricalAccuracy(), new SparseTopKCategoricalAccuracy(2), new Precision(), new Recall(),
            new F1Score(), new Auc(), new MeanIoU(3, sparseYPred: false), new ConfusionMatrix(3, sparseYPred: false),
            new LossMetric(new CategoricalCrossentropy()), new RootMeanSquaredError(),
        ];
        for (int i = 0; i < cpu.Length; i++)
        {
            var y = cpu[i] is SparseCategoricalAccuracy or SparseTopKCategoricalAccuracy or MeanIoU or ConfusionMatrix ? cpuLabels : cpuOneHot;
            cpu[i].UpdateState(y, cpuScores, cpuWeights);
            cpu[i].UpdateState(y, cpuScores);
            Assert.Equal(cpu[i].Result(), metrics[i].Result(), 12);
        }
        // Sparse accuracy by hand: argmax [2, 1, 0, 2] vs labels [2, 1, 0, 1] → weighted (1 + 2 + 1 + 0)/5 and 3/4.
        Assert.Equal((4 + 3) / 9.0, metrics[0].Result(), 12);
    }

    [Fact]
    public void Float32InputsAccumulateInFloat64()
    {
        var m = new BinaryAccuracy();
        var y = Tensor.FromArray(new float[] { 1, 0, 1 }, [3, 1]);
        var p = Tensor.FromArray(new float[] { 0.7f, 0.2f, 0.4f }, [3, 1]);
        for (int i = 0; i < 1000; i++) m.UpdateState(y, p);
        Assert.Equal(2.0 / 3, m.Result(), 14);
    }
}
