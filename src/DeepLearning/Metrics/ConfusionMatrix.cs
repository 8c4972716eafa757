namespace DeepLearning.Metrics;

/// <summary>
/// The weighted confusion matrix over all batches: entry [i, j] is the total weight of samples of true class i
/// predicted as class j (tf.math.confusion_matrix's layout). <see cref="Result"/> is the accuracy Σᵢ[i, i] / Σ[i, j].
/// Labels are integers (int32 or whole floats) of any shape, flattened; with <c>sparseYTrue</c>/<c>sparseYPred</c>
/// false the argmax along <c>axis</c> is taken first (one-hot targets, probabilities). Labels outside
/// [0, numClasses) are dropped.
/// </summary>
public sealed class ConfusionMatrix : Metric
{
    private readonly ConfusionAccumulator _accumulator;

    internal override IEnumerable<MetricState> States => [_accumulator.State];

    /// <summary>Creates the metric.</summary>
    /// <param name="numClasses">The number of classes K (the matrix is K × K).</param>
    /// <param name="sparseYTrue">yTrue holds labels (default) rather than one-hot vectors.</param>
    /// <param name="sparseYPred">yPred holds labels (default) rather than scores.</param>
    /// <param name="axis">The class axis of dense inputs (default −1).</param>
    /// <param name="name">The name (default <c>"confusion_matrix"</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">numClasses &lt; 1.</exception>
    public ConfusionMatrix(int numClasses, bool sparseYTrue = true, bool sparseYPred = true, int axis = -1, string name = "confusion_matrix")
        : base(name) => _accumulator = new ConfusionAccumulator(name, numClasses, null, sparseYTrue, sparseYPred, axis);

    /// <summary>K.</summary>
    public int NumClasses => _accumulator.NumClasses;

    /// <summary>The K × K matrix (rows: true class, columns: predicted class), read back from the device.</summary>
    public double[,] Matrix => _accumulator.Read();

    /// <inheritdoc />
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) => _accumulator.Update(yTrue, yPred, sampleWeight);

    /// <summary>The accuracy trace / total (0 before any update).</summary>
    public override double Result()
    {
        var m = Matrix;
        double trace = 0, total = 0;
        for (int i = 0; i < NumClasses; i++)
            for (int j = 0; j < NumClasses; j++)
            {
                total += m[i, j];
                if (i == j) trace += m[i, j];
            }
        return total == 0 ? 0 : trace / total;
    }

    /// <inheritdoc />
    public override void ResetState() => _accumulator.Reset();
}
