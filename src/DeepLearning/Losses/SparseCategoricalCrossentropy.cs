namespace DeepLearning.Losses;

/// <summary>
/// Categorical cross-entropy with integer class labels: ℓ = −ln p[label] (Keras
/// <c>SparseCategoricalCrossentropy</c>; SEEDS LO3, LO9 for sequences). yPred has shape (…, classes) with the classes
/// on the last axis; yTrue has shape (…) — or (…, 1), squeezed as Keras does — and holds class indices in [0, K):
/// int32, or floating values that are whole numbers. The per-sample loss has shape (…).
/// </summary>
/// <remarks>
/// <para>From probabilities (default): p is renormalised along the class axis and clipped to [ε, 1 − ε], ε = 1e-7
/// (Keras's torch/jax backends), so the loss equals <see cref="CategoricalCrossentropy"/> on one-hot labels.
/// From logits (<c>fromLogits: true</c>, recommended): ℓ = −log_softmax(x)[label], stable for any logits.</para>
/// <para>Labels are validated (one host read-back per call): a label outside [0, K), other than
/// <see cref="IgnoreClass"/>, or a non-integral float label raises <see cref="ArgumentOutOfRangeException"/>.</para>
/// <para>With <see cref="IgnoreClass"/> set, entries with that label contribute 0 and are masked out of the mean with
/// Keras's propagated-mask semantics: the default reduction averages over the other entries only.</para>
/// <para>A Softmax-produced yPred with fromLogits: true raises a <see cref="Diagnostics"/> warning (see <see cref="Loss"/>).</para>
/// </remarks>
public sealed class SparseCategoricalCrossentropy : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">True when yPred holds logits rather than probabilities.</param>
    /// <param name="ignoreClass">A label value (e.g. −1 or 255 for a "void" class) whose entries are ignored, or null.</param>
    /// <param name="validateLabels">Check the label range (default true: on the device, read back with the training
    /// step's one read, or at once outside Fit/Evaluate; false skips it, and an out-of-range label then silently
    /// contributes a loss of 0).</param>
    /// <param name="reduction">The reduction (default <see cref="LossReduction.SumOverBatchSize"/>).</param>
    /// <param name="name">The name (default <c>"sparse_categorical_crossentropy"</c>).</param>
    public SparseCategoricalCrossentropy(bool fromLogits = false, int? ignoreClass = null, bool validateLabels = true,
        LossReduction reduction = LossReduction.SumOverBatchSize, string name = "sparse_categorical_crossentropy") : base(name, reduction)
    {
        FromLogits = fromLogits;
        IgnoreClass = ignoreClass;
        ValidateLabels = validateLabels;
    }

    /// <summary>True when yPred holds logits.</summary>
    public bool FromLogits { get; }

    /// <summary>The label whose entries are ignored, or null.</summary>
    public int? IgnoreClass { get; }

    /// <summary>Whether labels are range-checked.</summary>
    public bool ValidateLabels { get; }

    /// <inheritdoc />
    protected override bool CastsLabels => false;

    /// <inheritdoc />
    protected override bool AlignsRanks => false;

    /// <inheritdoc />
    protected override string? ActivationMeaningNotLogits => FromLogits ? "Softmax" : null;

    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred) => ComputeWithMask(yTrue, yPred).Values;

    /// <inheritdoc />
    protected override (Tensor Values, Tensor? Mask) ComputeWithMask(Tensor yTrue, Tensor yPred)
    {
        if (yPred.Rank == 0)
            throw new ArgumentException($"{Name}: yPred must have shape (…, classes); got a scalar. yTrue has shape {yTrue.Shape}.");
        var labels = yTrue.Rank == yPred.Rank && yTrue.Rank > 0 && yTrue.Shape[-1] == 1 ? yTrue.Squeeze(-1) : yTrue;
        var batchShape = BatchShape(yPred.Shape);
        if (labels.Shape != batchShape)
            throw new ArgumentException($"{Name}: yTrue of shape {yTrue.Shape} does not match yPred of shape {yPred.Shape}; " +
                $"integer labels must have shape {batchShape} (yPred's shape without the class axis), or that shape with a trailing 1.");
        int classes = yPred.Shape[-1];
        if (ValidateLabels) CheckLabels(labels, classes);
        using (Tensor.NoGrad())
            if (labels.DType != DType.Int32) labels = labels.Cast(DType.Int32);

        Tensor? valid = null;
        if (IgnoreClass is int ignored)
        {
            using (Tensor.NoGrad())
            {
                valid = labels.Ne(ignored);
                labels = Tensor.Where(valid, labels, Tensor.Zeros(Shape.Scalar, DType.Int32, labels.Device));
            }
            // Ignored rows get a harmless uniform prediction, so no 0/0 reaches the values or the gradient.
            yPred = Tensor.Where(valid.Unsqueeze(-1), yPred, Tensor.Full(Shape.Scalar, 1, yPred.DType, yPred.Device));
        }
        var oneHot = Tensor.OneHot(labels, classes, yPred.DType);
        var loss = -(oneHot * CrossEntropyMath.LogProbabilities(yPred, -1, FromLogits)).Sum(-1);
        if (valid is null) return (loss, null);
        loss = Tensor.Where(valid, loss, Tensor.Zeros(Shape.Scalar, loss.DType, loss.Device));
        return (loss, valid.Cast(loss.DType));
    }

    private static Shape BatchShape(Shape yPred)
    {
        var dims = yPred.ToArray();
        return new Shape(dims.AsSpan(0, dims.Length - 1));
    }

    /// <summary>Checks that the labels are whole class indices in range. The statistics (min, max and, for floating
    /// labels, the count of non-integers) are computed on the device; inside a training or test step they travel
    /// with the step's one read (and are checked before the optimizer update), else they are read at once.</summary>
    private void CheckLabels(Tensor labels, int classes)
    {
        if (labels.ElementCount == 0) return;
        Tensor stats;
        using (Tensor.NoGrad())
        {
            var checkable = labels;
            if (IgnoreClass is int ignored)
                checkable = Tensor.Where(labels.Eq(ignored), Tensor.Zeros(Shape.Scalar, labels.DType, labels.Device), labels);
            var parts = new List<Tensor> { checkable.Min(), checkable.Max() };
            if (labels.DType.IsFloating()) parts.Add(labels.Ne(labels.Round()).Sum());
            stats = Tensor.Stack(parts).Cast(DType.Float64);
        }
        var shape = labels.Shape;
        var dtype = labels.DType;
        int count = labels.ElementCount;
        void Validate(ReadOnlySpan<double> values)
        {
            if (values.Length == 3 && values[2] > 0)
                throw new ArgumentException($"{Name}: labels must be whole class indices; {values[2]} of the {count} {dtype} labels " +
                    $"(shape {shape}) are not integers. Pass int32 labels.");
            if (values[0] < 0 || values[1] >= classes)
                throw new ArgumentOutOfRangeException("yTrue", $"{Name}: labels must be in [0, {classes}) for yPred with {classes} classes" +
                    $"{(IgnoreClass is int i ? $" (or equal ignoreClass {i})" : "")}; got labels in [{values[0]}, {values[1]}] (shape {shape}).");
        }
        if (DeviceReadout.Current is { } readout) readout.Add(stats, Validate);
        else Validate(stats.ToArray<double>());
    }
}
