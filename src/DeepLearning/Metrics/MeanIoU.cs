namespace DeepLearning.Metrics;

/// <summary>
/// Mean intersection-over-union for semantic segmentation (Keras <c>MeanIoU</c>; SEEDS M6): from the weighted
/// confusion matrix C of all batches, IoUₖ = Cₖₖ / (Σᵢ Cᵢₖ + Σⱼ Cₖⱼ − Cₖₖ + ε) (= TP/(TP + FP + FN)), and the
/// result is Σₖ IoUₖ / (number of classes with a nonzero denominator + ε), ε = 1e-7, so absent classes are skipped.
/// Labels as in <see cref="ConfusionMatrix"/>; entries labelled <c>ignoreClass</c> are dropped.
/// </summary>
public sealed class MeanIoU : Metric
{
    private readonly ConfusionAccumulator _accumulator;

    internal override IEnumerable<MetricState> States => [_accumulator.State];

    /// <summary>Creates the metric.</summary>
    /// <param name="numClasses">The number of classes K.</param>
    /// <param name="ignoreClass">A true label to skip (e.g. 255 for "void"), or null.</param>
    /// <param name="sparseYTrue">yTrue holds labels (default) rather than one-hot vectors.</param>
    /// <param name="sparseYPred">yPred holds labels (default) rather than scores.</param>
    /// <param name="axis">The class axis of dense inputs (default −1).</param>
    /// <param name="name">The name (default <c>"mean_iou"</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">numClasses &lt; 1.</exception>
    public MeanIoU(int numClasses, int? ignoreClass = null, bool sparseYTrue = true, bool sparseYPred = true, int axis = -1, string name = "mean_iou")
        : base(name) => _accumulator = new ConfusionAccumulator(name, numClasses, ignoreClass, sparseYTrue, sparseYPred, axis);

    /// <summary>K.</summary>
    public int NumClasses => _accumulator.NumClasses;

    /// <summary>The accumulated confusion matrix (rows: true class, columns: predicted class).</summary>
    public double[,] Matrix => _accumulator.Read();

    /// <inheritdoc />
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) => _accumulator.Update(yTrue, yPred, sampleWeight);

    /// <summary>The IoU of each class (0 for a class that never occurred).</summary>
    public double[] ResultPerClass() => Compute(Matrix).PerClass;

    /// <inheritdoc />
    public override double Result()
    {
        var (perClass, valid) = Compute(Matrix);
        return perClass.Sum() / (valid + Losses.Loss.Epsilon);
    }

    private (double[] PerClass, int Valid) Compute(double[,] m)
    {
        int k = NumClasses, valid = 0;
        var iou = new double[k];
        for (int c = 0; c < k; c++)
        {
            double row = 0, col = 0;
            for (int j = 0; j < k; j++)
            {
                row += m[c, j];
                col += m[j, c];
            }
            double denominator = row + col - m[c, c];
            if (denominator <= 1e-9) continue;
            valid++;
            iou[c] = m[c, c] / (denominator + Losses.Loss.Epsilon);
        }
        return (iou, valid);
    }

    /// <inheritdoc />
    public override void ResetState() => _accumulator.Reset();
}
