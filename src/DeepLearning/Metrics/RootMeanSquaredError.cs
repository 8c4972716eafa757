namespace DeepLearning.Metrics;

/// <summary>
/// Root mean squared error: √(Σ w·(yPred − yTrue)² / Σ w) over all elements seen (Keras <c>RootMeanSquaredError</c>:
/// the root of the streaming mean, not the mean of per-batch roots). Same shapes, up to a trailing axis of size 1.
/// </summary>
/// <param name="name">The name (default <c>"root_mean_squared_error"</c>).</param>
public sealed class RootMeanSquaredError(string name = "root_mean_squared_error") : MeanMetricWrapper(name)
{
    /// <inheritdoc />
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = MetricInputs.SameShape(Name, yTrue.DType == yPred.DType ? yTrue : yTrue.Cast(yPred.DType), yPred);
        return (p - t).Square();
    }

    /// <inheritdoc />
    public override double Result() => Math.Sqrt(base.Result());
}
