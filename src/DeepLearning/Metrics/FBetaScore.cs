namespace DeepLearning.Metrics;

/// <summary>
/// The F-beta score (Keras 3 <c>FBetaScore</c>, keras/src/metrics/f_score_metrics.py):
/// Fβ = (1 + β²)·P·R / (β²·P + R + ε) with P = TP/(TP + FP + ε), R = TP/(TP + FN + ε), ε = 1e-7, accumulated per class
/// over all batches and combined by <see cref="Average"/>. Inputs are 2-D (batch, classes): one-hot or multi-label
/// targets and scores.
/// </summary>
/// <remarks>Without a threshold a sample's highest score is its prediction (every tied maximum, none when all scores
/// are 0); with one, every score above it is predicted (multi-label). Targets are used as given (0/1 expected).</remarks>
public class FBetaScore : Metric
{
    private MetricState? _truePositives, _falsePositives, _falseNegatives, _support;

    internal override IEnumerable<MetricState> States =>
        _truePositives is null ? [] : [_truePositives, _falsePositives!, _falseNegatives!, _support!];

    /// <summary>Creates the metric.</summary>
    /// <param name="average">How the classes are combined (default <see cref="FScoreAverage.Macro"/>; Keras's default
    /// <c>None</c> is <see cref="ResultPerClass"/>).</param>
    /// <param name="beta">β &gt; 0: recall counts β times as much as precision (default 1).</param>
    /// <param name="threshold">A threshold in (0, 1], or null for the row's maximum.</param>
    /// <param name="name">The name (default <c>"fbeta_score"</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">β ≤ 0, or a threshold outside (0, 1].</exception>
    public FBetaScore(FScoreAverage average = FScoreAverage.Macro, double beta = 1.0, double? threshold = null, string name = "fbeta_score") : base(name)
    {
        if (!Enum.IsDefined(average)) throw new ArgumentOutOfRangeException(nameof(average), average, $"{name}: unknown average.");
        if (!(beta > 0) || !double.IsFinite(beta)) throw new ArgumentOutOfRangeException(nameof(beta), beta, $"{name}: beta must be positive and finite.");
        if (threshold is double t && !(t > 0 && t <= 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), t, $"{name}: the threshold must satisfy 0 < threshold ≤ 1.");
        Average = average;
        Beta = beta;
        Threshold = threshold;
    }

    /// <summary>How the classes are combined.</summary>
    public FScoreAverage Average { get; }

    /// <summary>β.</summary>
    public double Beta { get; }

    /// <summary>The threshold, or null for the row's maximum.</summary>
    public double? Threshold { get; }

    /// <inheritdoc />
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricInputs.Check(Name, yTrue, yPred, sampleWeight);
        if (yPred.Rank != 2 || yTrue.Shape != yPred.Shape)
            throw new ArgumentException($"{Name}: expects 2-D inputs of shape (batch, classes); got yTrue {yTrue.Shape} and yPred {yPred.Shape}.");
        int classes = yPred.Shape[1];
        if (_truePositives is null)
        {
            _truePositives = new([classes]);
            _falsePositives = new([classes]);
            _falseNegatives = new([classes]);
            _support = new([classes]);
        }
        else if (_truePositives.Shape[0] != classes)
            throw new ArgumentException($"{Name}: yPred has {classes} classes (shape {yPred.Shape}); earlier batches had {_truePositives.Shape[0]}.");

        using var scope = TensorScope.Begin();
        using var noGrad = Tensor.NoGrad();
        var p = MetricInputs.F64(yPred);
        var y = MetricInputs.F64(yTrue);
        Tensor predicted = Threshold is double t
            ? p > t
            : (p >= p.Max(-1, keepDims: true)) * (p.Abs() > 1e-9);
        var w = sampleWeight is null ? null : MetricInputs.WeightFor(Name, sampleWeight, p.Shape);
        Tensor Weighted(Tensor v) => (w is null ? v : v * w).Sum(0);
        _truePositives.Add(Weighted(predicted * y));
        _falsePositives!.Add(Weighted(predicted * (1.0 - y)));
        _falseNegatives!.Add(Weighted((1.0 - predicted) * y));
        _support!.Add(Weighted(y));
    }

    /// <summary>The combined score (0 before any update).</summary>
    public override double Result()
    {
        if (_truePositives is null) return 0;
        double[] tp = _truePositives.Read(), fp = _falsePositives!.Read(), fn = _falseNegatives!.Read();
        if (Average == FScoreAverage.Micro) return Score(tp.Sum(), fp.Sum(), fn.Sum());
        var scores = PerClass(tp, fp, fn);
        if (Average == FScoreAverage.Macro) return scores.Average();
        var support = _support!.Read();
        double total = support.Sum();
        return scores.Select((s, i) => s * support[i] / (total + Losses.Loss.Epsilon)).Sum();
    }

    /// <summary>The score of each class (Keras's <c>average=None</c>); empty before any update.</summary>
    public double[] ResultPerClass() =>
        _truePositives is null ? [] : PerClass(_truePositives.Read(), _falsePositives!.Read(), _falseNegatives!.Read());

    /// <inheritdoc />
    public override void ResetState()
    {
        _truePositives?.Reset();
        _falsePositives?.Reset();
        _falseNegatives?.Reset();
        _support?.Reset();
    }

    private double[] PerClass(double[] tp, double[] fp, double[] fn) => [.. tp.Select((_, i) => Score(tp[i], fp[i], fn[i]))];

    private double Score(double tp, double fp, double fn)
    {
        const double eps = Losses.Loss.Epsilon;
        double precision = tp / (tp + fp + eps), recall = tp / (tp + fn + eps), b2 = Beta * Beta;
        return (1 + b2) * precision * recall / (b2 * precision + recall + eps);
    }
}
