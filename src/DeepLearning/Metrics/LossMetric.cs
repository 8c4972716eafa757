using DeepLearning.Losses;

namespace DeepLearning.Metrics;

/// <summary>
/// The mean of a loss's per-sample values over all batches (Keras's <c>MeanMetricWrapper(fn=loss)</c>, behind the
/// metrics <c>"mse"</c>, <c>"mae"</c>, <c>"binary_crossentropy"</c>, …). The loss's reduction is not used; a loss's
/// own mask (sparse cross-entropy's ignoreClass) weights entries out. The formula lives in the loss.
/// </summary>
public sealed class LossMetric : MeanMetricWrapper
{
    /// <summary>Wraps a loss.</summary>
    /// <param name="loss">The loss whose per-sample values are averaged.</param>
    /// <param name="name">The name (default: the loss's name).</param>
    public LossMetric(Loss loss, string? name = null) : base(name ?? (loss ?? throw new ArgumentNullException(nameof(loss))).Name) => Loss = loss;

    /// <summary>The wrapped loss.</summary>
    public Loss Loss { get; }

    /// <inheritdoc />
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricInputs.Check(Name, yTrue, yPred, sampleWeight);
        using var scope = TensorScope.Begin();
        using var noGrad = Tensor.NoGrad();
        var (values, mask) = Loss.Evaluate(yTrue, yPred, warn: false);
        if (sampleWeight is not null && sampleWeight.DType != values.DType) sampleWeight = sampleWeight.Cast(values.DType);
        if (mask is not null) sampleWeight = WeightedReduction.ApplyMask(Name, sampleWeight, mask, LossReduction.Sum, values);
        Accumulate(values, sampleWeight);
    }

    /// <inheritdoc />
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => Loss.Evaluate(yTrue, yPred, warn: false).Values;
}
