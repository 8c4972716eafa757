using DeepLearning.Devices;

namespace DeepLearning.Metrics;

/// <summary>
/// The area under the ROC or precision–recall curve (Keras <c>AUC</c>, keras/src/metrics/confusion_metrics.py),
/// approximated on <see cref="NumThresholds"/> evenly spaced thresholds: −ε, 1/(T − 1), …, (T − 2)/(T − 1), 1 + ε with
/// ε = 1e-7. Predictions are probabilities in [0, 1] (clipped), or logits with <c>fromLogits</c>; a target counts as
/// positive when it is nonzero. yTrue and yPred have the same shape (up to a trailing axis of size 1).
/// </summary>
/// <remarks>
/// <para>Counting follows Keras's bucketed update (<c>_update_confusion_matrix_variables_optimized</c>): a prediction
/// p falls in bucket ⌈p·(T − 1)⌉ − 1 (at least 0) and counts as positive for every threshold below it, which equals
/// p &gt; threshold. The buckets are summed with a scatter-add and turned into per-threshold counts with a matrix
/// product, all on the device.</para>
/// <para>Result (in float64 on the host): with recall R = TP/(TP + FN), false positive rate F = FP/(FP + TN) and
/// precision P = TP/(TP + FP) (0/0 = 0), ROC sums (F_i − F_{i+1})·h_i and PR sums (R_i − R_{i+1})·h_i with the heights
/// h_i = (y_i + y_{i+1})/2 (interpolation), min or max (minoring, majoring); PR with interpolation uses Davis and
/// Goadrich's closed form, as Keras's <c>interpolate_pr_auc</c>. With <see cref="MultiLabel"/> each label of a
/// (batch, labels) output gets its own curve and the result is their unweighted mean; otherwise all elements are
/// pooled.</para>
/// </remarks>
public sealed class Auc : Metric
{
    private MetricState? _truePositives, _falsePositives, _trueNegatives, _falseNegatives;
    private Tensor? _suffixSum;

    internal override IEnumerable<MetricState> States =>
        _truePositives is null ? [] : [_truePositives, _falsePositives!, _trueNegatives!, _falseNegatives!];

    /// <summary>Creates the metric.</summary>
    /// <param name="numThresholds">T &gt; 1 (default 200, as Keras).</param>
    /// <param name="curve">ROC (default) or precision–recall.</param>
    /// <param name="summationMethod">The Riemann sum (default interpolation).</param>
    /// <param name="multiLabel">One curve per label of a (batch, labels) output, averaged (default false: pooled).</param>
    /// <param name="fromLogits">Apply a sigmoid to yPred first.</param>
    /// <param name="name">The name (default <c>"auc"</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">numThresholds ≤ 1 or an undefined enum value.</exception>
    public Auc(int numThresholds = 200, AucCurve curve = AucCurve.Roc, AucSummationMethod summationMethod = AucSummationMethod.Interpolation,
        bool multiLabel = false, bool fromLogits = false, string name = "auc") : base(name)
    {
        if (numThresholds <= 1) throw new ArgumentOutOfRangeException(nameof(numThresholds), numThresholds, $"{name}: numThresholds must be > 1.");
        if (!Enum.IsDefined(curve)) throw new ArgumentOutOfRangeException(nameof(curve), curve, $"{name}: unknown curve.");
        if (!Enum.IsDefined(summationMethod)) throw new ArgumentOutOfRangeException(nameof(summationMethod), summationMethod, $"{name}: unknown summation method.");
        NumThresholds = numThresholds;
        Curve = curve;
        SummationMethod = summationMethod;
        MultiLabel = multiLabel;
        FromLogits = fromLogits;
    }

    /// <summary>T, the number of thresholds.</summary>
    public int NumThresholds { get; }

    /// <summary>The curve.</summary>
    public AucCurve Curve { get; }

    /// <summary>The Riemann sum.</summary>
    public AucSummationMethod SummationMethod { get; }

    /// <summary>Whether each label gets its own curve.</summary>
    public bool MultiLabel { get; }

    /// <summary>Whether yPred holds logits.</summary>
    public bool FromLogits { get; }

    /// <summary>The thresholds, −ε, 1/(T − 1), …, (T − 2)/(T − 1), 1 + ε.</summary>
    public double[] Thresholds
    {
        get
        {
            var t = new double[NumThresholds];
            for (int i = 1; i < t.Length - 1; i++) t[i] = (double)i / (NumThresholds - 1);
            t[0] = -Losses.Loss.Epsilon;
            t[^1] = 1 + Losses.Loss.Epsilon;
            return t;
        }
    }

    /// <inheritdoc />
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricInputs.Check(Name, yTrue, yPred, sampleWeight);
        using var scope = TensorScope.Begin();
        using var noGrad = Tensor.NoGrad();
        var (p, y) = Losses.RankAlignment.SqueezeOrExpand(MetricInputs.F64(FromLogits ? yPred.Sigmoid() : yPred), MetricInputs.F64(yTrue));
        if (p.Shape != y.Shape || p.Rank == 0)
            throw new ArgumentException($"{Name}: yTrue of shape {yTrue.Shape} does not match yPred of shape {yPred.Shape} " +
                "(they must be equal, of rank ≥ 1, up to a trailing axis of size 1).");
        if (MultiLabel && p.Rank != 2)
            throw new ArgumentException($"{Name}: multiLabel needs yPred of shape (batch, labels); got {yPred.Shape}.");
        int labels = MultiLabel ? p.Shape[1] : 1;
        EnsureState(labels, yPred.Shape);

        var w = sampleWeight is null ? null : MetricInputs.WeightFor(Name, sampleWeight, p.Shape);
        var positive = y.Ne(0.0);
        var truePart = w is null ? positive : positive * w;
        var falsePart = w is null ? 1.0 - positive : (1.0 - positive) * w;
        int t = NumThresholds;
        var bucket = ((p.Clip(0, 1) * (t - 1)).Ceil() - 1.0).Relu().Cast(DType.Int32);
        if (MultiLabel) bucket = bucket * labels + Tensor.Arange(0, labels, 1, DType.Int32, p.Device);
        var index = bucket.Reshape(-1);
        var zeros = Tensor.Zeros([t * labels], DType.Float64, p.Device);
        Shape stateShape = MultiLabel ? [t, labels] : [t];
        var suffix = SuffixSum(p.Device);
        var tp = suffix.MatMul(zeros.ScatterAdd(0, index, truePart.Reshape(-1)).Reshape(t, labels));
        var fp = suffix.MatMul(zeros.ScatterAdd(0, index, falsePart.Reshape(-1)).Reshape(t, labels));
        var totalTrue = (MultiLabel ? truePart.Sum(0) : truePart.Sum()).Reshape(1, labels);
        var totalFalse = (MultiLabel ? falsePart.Sum(0) : falsePart.Sum()).Reshape(1, labels);
        _truePositives!.Add(tp.Reshape(stateShape));
        _falsePositives!.Add(fp.Reshape(stateShape));
        _falseNegatives!.Add((totalTrue - tp).Reshape(stateShape));
        _trueNegatives!.Add((totalFalse - fp).Reshape(stateShape));
    }

    /// <inheritdoc />
    public override double Result()
    {
        if (_truePositives is null) return 0;
        int t = NumThresholds, labels = _truePositives.Shape.ElementCount / t;
        double[] tp = _truePositives.Read(), fp = _falsePositives!.Read(), tn = _trueNegatives!.Read(), fn = _falseNegatives!.Read();
        double total = 0;
        for (int l = 0; l < labels; l++)
        {
            double[] Column(double[] s) => [.. Enumerable.Range(0, t).Select(i => s[i * labels + l])];
            total += AucMath.Area(Curve, SummationMethod, Column(tp), Column(fp), Column(tn), Column(fn));
        }
        return total / labels;
    }

    /// <inheritdoc />
    public override void ResetState()
    {
        _truePositives?.Reset();
        _falsePositives?.Reset();
        _trueNegatives?.Reset();
        _falseNegatives?.Reset();
    }

    private void EnsureState(int labels, Shape yPredShape)
    {
        Shape shape = MultiLabel ? [NumThresholds, labels] : [NumThresholds];
        if (_truePositives is null)
        {
            _truePositives = new(shape);
            _falsePositives = new(shape);
            _trueNegatives = new(shape);
            _falseNegatives = new(shape);
        }
        else if (_truePositives.Shape != shape)
            throw new ArgumentException($"{Name}: yPred of shape {yPredShape} has {labels} labels; earlier batches had {_truePositives.Shape[1]}.");
    }

    /// <summary>The T × T matrix U with U[i, j] = [j ≥ i]: U·buckets is the reversed cumulative sum (kept per device).</summary>
    private Tensor SuffixSum(Device device)
    {
        if (_suffixSum is not null && _suffixSum.Device == device) return _suffixSum;
        int t = NumThresholds;
        var u = new double[t * t];
        for (int i = 0; i < t; i++)
            for (int j = i; j < t; j++) u[i * t + j] = 1;
        using (TensorScope.Persistent()) _suffixSum = Tensor.FromArray(u, [t, t], device);
        return _suffixSum;
    }
}
