namespace DeepLearning.Metrics;

/// <summary>
/// Keras's compiled <c>"accuracy"</c>: on the first batch it picks <see cref="BinaryAccuracy"/>,
/// <see cref="SparseCategoricalAccuracy"/> or <see cref="CategoricalAccuracy"/> from the shapes
/// (<see cref="Metric.ResolveAccuracy"/>) and then delegates to it.
/// </summary>
/// <param name="binaryThreshold">The threshold if the binary accuracy is picked (0.5; 0 for logits).</param>
/// <param name="name">The name (default <c>"accuracy"</c>).</param>
public sealed class AutoAccuracy(double binaryThreshold = 0.5, string name = "accuracy") : Metric(name)
{
    /// <summary>The metric picked on the first batch, or null before it.</summary>
    public Metric? Resolved { get; private set; }

    internal override IEnumerable<MetricState> States => Resolved?.States ?? [];

    /// <summary>The threshold used if the binary accuracy is picked.</summary>
    public double BinaryThreshold { get; } = binaryThreshold;

    /// <inheritdoc />
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        Resolved ??= ResolveAccuracy(yTrue.Shape, yPred.Shape, BinaryThreshold);
        Resolved.UpdateState(yTrue, yPred, sampleWeight);
    }

    /// <inheritdoc />
    public override double Result() => Resolved?.Result() ?? 0;

    /// <inheritdoc />
    public override void ResetState() => Resolved?.ResetState();
}
