namespace DeepLearning.Metrics;

/// <summary>
/// The (weighted) mean of values fed with <see cref="Update"/>, e.g. the loss of each batch for a training loop's
/// loss tracker (Keras <c>Mean</c>). With weights: Σ w·v / Σ w.
/// </summary>
/// <param name="name">The name (default <c>"mean"</c>).</param>
public sealed class Mean(string name = "mean") : MeanMetricWrapper(name)
{
    /// <summary>Folds values in: each element of a rank-1 tensor is a sample (a rank-0 value is one sample); with
    /// weights, see <see cref="MeanMetricWrapper"/>.</summary>
    /// <param name="values">The values (any dtype, any device).</param>
    /// <param name="sampleWeight">Optional weights on the values' device.</param>
    /// <exception cref="ArgumentException">The weights do not broadcast to the values or are on another device.</exception>
    public void Update(Tensor values, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var scope = TensorScope.Begin();
        using var noGrad = Tensor.NoGrad();
        Accumulate(values, sampleWeight);
    }

    /// <summary>Not supported: a <see cref="Mean"/> averages values, not (yTrue, yPred) pairs; call <see cref="Update"/>.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) =>
        throw new NotSupportedException($"{Name}: a Mean metric averages values; call Update(values, sampleWeight).");

    /// <inheritdoc />
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => yPred;
}
