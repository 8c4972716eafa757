using DeepLearning.Metrics;
using static DeepLearning.Tests.TestHelpers;

namespace DeepLearning.Tests.Metrics;

/// <summary>Mean IoU and the confusion matrix against keras/src/metrics/iou_metrics.py examples and hand counts.</summary>
public class IouAndConfusionMatrixTests
{
    [Fact]
    public void MeanIoUMatchesKeras()
    {
        // Keras: [0,0,1,1] vs [0,1,0,1] → cm [[1,1],[1,1]], IoU 1/3 each → 0.33333334; weights [0.3,0.3,0.3,0.1] →
        // cm [[0.3,0.3],[0.3,0.1]], IoU [0.3/0.9, 0.1/0.7] → 0.23809525. With Keras's ε: IoU = tp/(den + ε), mean/(2 + ε).
        var m = new MeanIoU(2);
        m.UpdateState(Tensor.FromArray(new[] { 0, 0, 1, 1 }), Tensor.FromArray(new[] { 0, 1, 0, 1 }));
        Assert.Equal(2 * (1 / (3 + 1e-7)) / (2 + 1e-7), m.Result(), 12);
        m.ResetState();
        m.UpdateState(Tensor.FromArray(new[] { 0, 0, 1, 1 }), Tensor.FromArray(new[] { 0, 1, 0, 1 }), D([0.3, 0.3, 0.3, 0.1], [4]));
        Assert.Equal((0.3 / (0.9 + 1e-7) + 0.1 / (0.7 + 1e-7)) / (2 + 1e-7), m.Result(), 12);
        Assert.Equal(0.23809525, m.Result(), 7);
    }

    [Fact]
    public void MeanIoUOnSegmentationMapsWithIgnoreClassAndAbsentClasses()
    {
        // Two 2×3 maps, 4 classes; label 255 is ignored; class 3 never occurs (skipped in the mean).
        // true [[0,0,1],[1,2,255]] / [[2,2,0],[1,1,255]], predicted (argmax of one-hot scores) [[0,1,1],[1,2,0]] / [[2,0,0],[1,2,2]].
        // Kept pairs (true, pred): (0,0) (0,1) (1,1) (1,1) (2,2) | (2,2) (2,0) (0,0) (1,1) (1,2):
        // cm = [[2,1,0],[0,3,1],[1,0,2]] → IoU0 = 2/(3+3−2) = 1/2, IoU1 = 3/(4+4−3) = 3/5, IoU2 = 2/(3+3−2) = 1/2.
        var yTrue = Tensor.FromArray(new[] { 0, 0, 1, 1, 2, 255, 2, 2, 0, 1, 1, 255 }, [2, 2, 3]);
        int[] predicted = [0, 1, 1, 1, 2, 0, 2, 0, 0, 1, 2, 2];
        var scores = Tensor.OneHot(Tensor.FromArray(predicted, [2, 2, 3]), 4, DType.Float64) * 0.9 + 0.01;
        var m = new MeanIoU(4, ignoreClass: 255, sparseYPred: false);
        m.UpdateState(yTrue, scores);
        var cm = m.Matrix;
        Assert.Equal(new double[,] { { 2, 1, 0, 0 }, { 0, 3, 1, 0 }, { 1, 0, 2, 0 }, { 0, 0, 0, 0 } }, cm);
        double e = 1e-7;
        Assert.Equal([2 / (4 + e), 3 / (5 + e), 2 / (4 + e), 0], m.ResultPerClass());
        Assert.Equal((2 / (4 + e) + 3 / (5 + e) + 2 / (4 + e)) / (3 + e), m.Result(), 12);
        MetricAssert.StreamingEqualsOneShot(() => new MeanIoU(4, ignoreClass: 255, sparseYPred: false), yTrue, scores, null, [1]);
    }

    [Fact]
    public void ConfusionMatrixCountsAndAccuracy()
    {
        // true [0,1,2,2,1,0,2], predicted [0,2,2,1,1,0,2] → rows (true) × columns (predicted):
        // [[2,0,0],[0,1,1],[0,1,2]]; accuracy 5/7. With weights [1,1,1,2,1,1,0.5]: [[2,0,0],[0,1,1],[0,2,1.5]].
        var y = Tensor.FromArray(new[] { 0, 1, 2, 2, 1, 0, 2 });
        var p = Tensor.FromArray(new[] { 0, 2, 2, 1, 1, 0, 2 });
        var m = new ConfusionMatrix(3);
        m.UpdateState(y, p);
        Assert.Equal(new double[,] { { 2, 0, 0 }, { 0, 1, 1 }, { 0, 1, 2 } }, m.Matrix);
        Assert.Equal(5.0 / 7, m.Result(), 12);
        m.ResetState();
        m.UpdateState(y, p, D([1, 1, 1, 2, 1, 1, 0.5], [7]));
        Assert.Equal(new double[,] { { 2, 0, 0 }, { 0, 1, 1 }, { 0, 2, 1.5 } }, m.Matrix);
        Assert.Equal(4.5 / 7.5, m.Result(), 12);
        // Dense inputs (one-hot targets, probabilities) and streaming give the same matrix; out-of-range labels are dropped.
        var dense = new ConfusionMatrix(3, sparseYTrue: false, sparseYPred: false);
        dense.UpdateState(Tensor.OneHot(y, 3, DType.Float64).Narrow(0, 0, 4), Tensor.OneHot(p, 3, DType.Float64).Narrow(0, 0, 4) * 0.8);
        dense.UpdateState(Tensor.OneHot(y, 3, DType.Float64).Narrow(0, 4, 3), Tensor.OneHot(p, 3, DType.Float64).Narrow(0, 4, 3) * 0.8);
        Assert.Equal(new double[,] { { 2, 0, 0 }, { 0, 1, 1 }, { 0, 1, 2 } }, dense.Matrix);
        var dropping = new ConfusionMatrix(3);
        dropping.UpdateState(Tensor.FromArray(new[] { 0, 5, -1, 1 }), Tensor.FromArray(new[] { 0, 1, 1, 3 }));
        Assert.Equal(new double[,] { { 1, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 } }, dropping.Matrix);
        Assert.Throws<ArgumentException>(() => m.UpdateState(y, Tensor.FromArray(new[] { 0, 1 })));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConfusionMatrix(0));
    }
}
