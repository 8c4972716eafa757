namespace DeepLearning.Losses;

/// <summary>
/// The base of <see cref="BinaryCrossentropy"/> and <see cref="CategoricalCrossentropy"/>: the cross-entropies whose
/// targets have yPred's shape, with Keras's <c>from_logits</c>, <c>label_smoothing</c> and <c>axis</c> options. With
/// label smoothing s over K classes the targets become y·(1 − s) + s/K (K = 2 for the binary loss). Its constructor
/// is not accessible outside the library.
/// </summary>
public abstract class SmoothedCrossentropy : Loss
{
    /// <summary>Stores the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">labelSmoothing is outside [0, 1].</exception>
    private protected SmoothedCrossentropy(bool fromLogits, double labelSmoothing, int axis, LossReduction reduction, string name)
        : base(name, reduction)
    {
        FromLogits = fromLogits;
        LabelSmoothing = LossChecks.Smoothing(name, labelSmoothing);
        Axis = axis;
    }

    /// <summary>True when yPred holds logits.</summary>
    public bool FromLogits { get; }

    /// <summary>The label-smoothing factor s.</summary>
    public double LabelSmoothing { get; }

    /// <summary>The axis reduced into the per-sample loss: averaged by the binary loss, summed over the classes by the
    /// categorical one.</summary>
    public int Axis { get; }

    /// <summary>The smoothed targets y·(1 − s) + s/K for <paramref name="classes"/> = K (yTrue itself when s = 0).</summary>
    private protected Tensor SmoothedTargets(Tensor yTrue, int classes) =>
        LabelSmoothing > 0 ? yTrue * (1 - LabelSmoothing) + LabelSmoothing / classes : yTrue;
}
