namespace DeepLearning.Metrics;

/// <summary>
/// A metric that averages per-sample values, Keras's <c>MeanMetricWrapper</c> over <c>Mean</c>
/// (keras/src/metrics/reduction_metrics.py): a subclass computes the values of a batch in <see cref="Values"/>; the
/// result is total/count over all batches.
/// </summary>
/// <remarks>
/// Weighting follows Keras's <c>reduce_to_samplewise_values</c>: the values are averaged over the axes beyond the
/// weight's rank, multiplied by the weight, then averaged over all axes but the first; total += Σ values and
/// count += Σ weight (averaged per sample likewise), or the number of samples when unweighted. So a per-sample
/// weight of shape (batch) weights the sample's mean, and a weight of the values' shape weights each element.
/// </remarks>
public abstract class MeanMetricWrapper : Metric
{
    private readonly MetricState _total = new(Shape.Scalar);
    private readonly MetricState _count = new(Shape.Scalar);

    /// <summary>Sets the name.</summary>
    /// <param name="name">The metric's name.</param>
    protected MeanMetricWrapper(string name) : base(name) { }

    internal override IEnumerable<MetricState> States => [_total, _count];

    /// <summary>The per-sample (or per-element) values of a batch, e.g. 1/0 for correct/wrong; any dtype.
    /// Runs under <see cref="Tensor.NoGrad"/> inside a scope that frees the temporaries; validate the shapes here.</summary>
    /// <param name="yTrue">The targets (on yPred's device).</param>
    /// <param name="yPred">The predictions.</param>
    protected abstract Tensor Values(Tensor yTrue, Tensor yPred);

    /// <summary>Whether yPred must be floating (default true).</summary>
    protected virtual bool RequiresFloatingPrediction => true;

    /// <inheritdoc />
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricInputs.Check(Name, yTrue, yPred, sampleWeight, RequiresFloatingPrediction);
        using var scope = TensorScope.Begin();
        using var noGrad = Tensor.NoGrad();
        Accumulate(Values(yTrue, yPred), sampleWeight);
    }

    /// <summary>Folds values (and optional weights) into total and count, as described in the remarks.</summary>
    /// <param name="values">The values of a batch.</param>
    /// <param name="sampleWeight">Optional weights (any dtype, on the values' device).</param>
    private protected void Accumulate(Tensor values, Tensor? sampleWeight)
    {
        values = MetricInputs.F64(values);
        Tensor? weight = null;
        if (sampleWeight is not null)
        {
            if (sampleWeight.Device != values.Device)
                throw new ArgumentException($"{Name}: sampleWeight of shape {sampleWeight.Shape} is on {sampleWeight.Device}, the values on {values.Device}.");
            weight = MetricInputs.F64(sampleWeight);
            (values, weight) = Losses.RankAlignment.SqueezeOrExpand(values, weight);
            if (values.Rank > weight.Rank) values = values.Mean(MetricInputs.AxesFrom(weight.Rank, values.Rank));
            if (!values.Shape.CanBroadcastFrom(weight.Shape))
                throw new ArgumentException($"{Name}: sampleWeight of shape {sampleWeight.Shape} does not broadcast to the values of shape {values.Shape}.");
            weight = weight.Expand(values.Shape);
            values = values * weight;
            if (weight.Rank > 1) weight = weight.Mean(MetricInputs.AxesFrom(1, weight.Rank));
        }
        if (values.Rank > 1) values = values.Mean(MetricInputs.AxesFrom(1, values.Rank));
        _total.Add(values.Sum());
        if (weight is not null) _count.Add(weight.Sum());
        else _count.Add(values.Rank >= 1 ? values.Shape[0] : 1, values.Device);
    }

    /// <summary>total / count, or 0 before any sample (Keras's divide_no_nan).</summary>
    public override double Result()
    {
        double count = _count.Read()[0];
        return count == 0 ? 0 : _total.Read()[0] / count;
    }

    /// <inheritdoc />
    public override void ResetState()
    {
        _total.Reset();
        _count.Reset();
    }
}
