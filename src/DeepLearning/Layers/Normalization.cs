using DeepLearning.Devices;
using DeepLearning.Initializers;

namespace DeepLearning.Layers;

/// <summary>
/// Feature-wise standardisation with fixed statistics (Keras 3's Normalization preprocessing layer):
/// y = (x − mean)/max(√variance, 10⁻⁷), or with <see cref="Invert"/> y = mean + x·max(√variance, 10⁻⁷).
/// The statistics are kept per position of the kept <see cref="Axes"/> (default −1: one mean and variance per
/// feature; none: one scalar pair) and either given to the constructor or learned from data by <see cref="Adapt(Tensor)"/>.
/// </summary>
/// <remarks>
/// <para>Adapted statistics live in non-trainable weights mean and variance (shape of the kept axes) and count (an
/// int32 scalar: the number of values each statistic was computed from), so they are saved with the model and
/// counted as non-trainable parameters, 2·features + 1, as in Keras. Given statistics are constants of the
/// configuration instead (no weights, as in Keras).</para>
/// <para><see cref="Adapt(IEnumerable{Tensor})"/> streams over batches with Keras's combination of batch moments
/// (the lack-of-fit sum of squares): with n the running count, b a batch of k values,
/// w = k/(n + k), μ' = (1 − w)·μ + w·μ_b, σ²' = (1 − w)·(σ² + (μ − μ')²) + w·(σ²_b + (μ_b − μ')²); the result equals the
/// one-shot moments of the concatenated data. Statistics are accumulated in float64. Integer inputs are cast to the
/// layer's dtype. Masks pass through.</para>
/// </remarks>
public sealed class Normalization : Layer
{
    private const double KerasEpsilon = 1e-7;
    private readonly int[] _axes;
    private readonly double[]? _mean, _variance;
    private int[] _keep = [], _reduce = [];
    private Shape _statsShape, _broadcastShape;
    private Tensor? _meanWeight, _varianceWeight, _count, _meanConst, _varianceConst;

    /// <summary>Statistics per position of one kept axis (default the last: per feature).</summary>
    /// <param name="axis">The kept axis, batch axis counted (−1: the last).</param>
    /// <param name="mean">Given means: one value, or one per kept position (row-major over the kept axes); null to <see cref="Adapt(Tensor)"/>.</param>
    /// <param name="variance">Given variances, as <paramref name="mean"/>.</param>
    /// <param name="invert">Apply the inverse map y = mean + x·√variance.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentException">Only one of mean and variance, lengths that differ, or a negative or non-finite value.</exception>
    public Normalization(int axis = -1, double[]? mean = null, double[]? variance = null, bool invert = false, string? name = null)
        : this([axis], mean, variance, invert, name) { }

    /// <summary>Statistics per position of several kept axes; an empty array keeps none (one scalar mean and
    /// variance, Keras's axis=None).</summary>
    /// <param name="axes">The kept axes, batch axis counted.</param>
    /// <param name="mean">Given means: one value, or one per kept position (row-major over the kept axes); null to <see cref="Adapt(Tensor)"/>.</param>
    /// <param name="variance">Given variances, as <paramref name="mean"/>.</param>
    /// <param name="invert">Apply the inverse map y = mean + x·√variance.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentException">Only one of mean and variance, lengths that differ, or a negative or non-finite value.</exception>
    public Normalization(int[] axes, double[]? mean = null, double[]? variance = null, bool invert = false, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if ((mean is null) != (variance is null))
            throw new ArgumentException("Normalization: give both mean and variance, or neither (then call Adapt).");
        if (mean is not null)
        {
            if (mean.Length == 0 || mean.Length != variance!.Length)
                throw new ArgumentException($"Normalization: mean ({mean.Length} values) and variance ({variance!.Length} values) must be non-empty and of the same length.");
            if (mean.Any(v => !double.IsFinite(v)) || variance.Any(v => !(v >= 0) || !double.IsFinite(v)))
                throw new ArgumentException("Normalization: mean must be finite and variance finite and ≥ 0.");
        }
        _axes = axes.ToArray();
        _mean = mean?.ToArray();
        _variance = variance?.ToArray();
        Invert = invert;
    }

    /// <summary>The kept axes as given (batch axis counted); empty: scalar statistics.</summary>
    public IReadOnlyList<int> Axes => _axes;

    /// <summary>Whether the layer applies the inverse map.</summary>
    public bool Invert { get; }

    /// <summary>True when the statistics come from <see cref="Adapt(Tensor)"/> (no mean and variance were given).</summary>
    public bool IsAdaptable => _mean is null;

    /// <summary>The current means, shaped as the kept axes (null before the layer is built).</summary>
    public Tensor? Mean => _meanWeight ?? _meanConst?.Reshape(_statsShape);

    /// <summary>The current variances, shaped as the kept axes (null before the layer is built).</summary>
    public Tensor? Variance => _varianceWeight ?? _varianceConst?.Reshape(_statsShape);

    /// <summary>The number of values each adapted statistic was computed from (null when not adaptable or not built).</summary>
    public Tensor? Count => _count;

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        var keep = _axes.Select(a => LayerChecks.SampleAxis(Name, "axis", a, inputShape)).ToArray();
        if (keep.Distinct().Count() != keep.Length)
            throw new ArgumentException($"{Name}: duplicate axes [{string.Join(", ", _axes)}] for inputs of shape {LayerChecks.NoneShape(inputShape)}.");
        Array.Sort(keep);
        _keep = keep;
        _reduce = Enumerable.Range(0, inputShape.Rank).Where(a => !keep.Contains(a)).ToArray();
        _statsShape = new Shape(keep.Select(a => inputShape[a]).ToArray());
        var b = new int[inputShape.Rank];
        for (int i = 0; i < b.Length; i++) b[i] = keep.Contains(i) ? inputShape[i] : 1;
        _broadcastShape = new Shape(b);
        var dtype = DType ?? DeepLearning.DType.Float32;
        if (_mean is not null)
        {
            int n = _statsShape.ElementCount;
            if (_mean.Length != 1 && _mean.Length != n)
                throw new ArgumentException($"{Name}: {_mean.Length} given means do not fit the kept axes {_statsShape} of inputs {LayerChecks.NoneShape(inputShape)}: need 1 or {n}.");
            _meanConst = Constant(_mean, n, dtype);
            _varianceConst = Constant(_variance!, n, dtype);
            return;
        }
        _meanWeight = AddWeight("mean", _statsShape, Initializer.Zeros, trainable: false);
        _varianceWeight = AddWeight("variance", _statsShape, Initializer.Ones, trainable: false);
        _count = AddWeight("count", Shape.Scalar, Int32Zeros.Instance, trainable: false);
    }

    private Tensor Constant(double[] values, int n, DType dtype)
    {
        var full = values.Length == 1 ? Enumerable.Repeat(values[0], n).ToArray() : values;
        return Tensor.FromArray(full, _broadcastShape).Cast(dtype);
    }

    /// <summary>Learns the mean and variance of <paramref name="data"/> (batch axis first) over every axis but the kept
    /// ones, replacing earlier statistics (Keras's <c>adapt</c> on an array). Builds the layer if needed.</summary>
    /// <param name="data">All the data at once, shape (n, …) matching the layer's inputs.</param>
    /// <exception cref="InvalidOperationException">The layer was given its mean and variance.</exception>
    /// <exception cref="ArgumentException">The data's shape does not fit the layer.</exception>
    public void Adapt(Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        PrepareAdapt(data);
        using var scope = TensorScope.Begin();
        using var noGrad = Tensor.NoGrad();
        var x = data.Cast(DeepLearning.DType.Float64);
        var axes = ReduceAxes();
        var mean = x.Mean(axes);
        var variance = x.Var(axes);
        Store(mean, variance, ReducedCount(data.Shape));
    }

    /// <summary>Learns the mean and variance from a sequence of batches (each of shape (k, …)), streaming with Keras's
    /// combination of batch moments, so the result equals <see cref="Adapt(Tensor)"/> on the concatenated data.</summary>
    /// <param name="batches">The batches, e.g. a data loader's inputs.</param>
    /// <exception cref="InvalidOperationException">The layer was given its mean and variance.</exception>
    /// <exception cref="ArgumentException">No batches, or a batch whose shape does not fit the layer.</exception>
    public void Adapt(IEnumerable<Tensor> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        Tensor? mean = null, variance = null;
        long total = 0;
        using var noGrad = Tensor.NoGrad();
        foreach (var batch in batches)
        {
            ArgumentNullException.ThrowIfNull(batch, nameof(batches));
            PrepareAdapt(batch);
            using var scope = TensorScope.Begin();
            var x = batch.Cast(DeepLearning.DType.Float64);
            var axes = ReduceAxes();
            var bMean = x.Mean(axes);
            var bVar = x.Var(axes);
            long k = ReducedCount(batch.Shape);
            if (k == 0) continue;
            total += k;
            double w = (double)k / total;
            if (mean is null)
            {
                mean = bMean.Keep();
                variance = bVar.Keep();
                continue;
            }
            var newMean = mean * (1 - w) + bMean * w;
            var newVar = (variance! + (mean - newMean).Square()) * (1 - w) + (bVar + (bMean - newMean).Square()) * w;
            mean = newMean.Keep();
            variance = newVar.Keep();
        }
        if (mean is null)
            throw new ArgumentException($"{Name}: Adapt received no batches (or only empty ones).", nameof(batches));
        Store(mean, variance!, total);
    }

    private void PrepareAdapt(Tensor data)
    {
        if (!IsAdaptable)
            throw new InvalidOperationException($"{Name}: the mean and variance were given to the constructor; there is nothing to adapt.");
        if (data.Rank == 0)
            throw new ArgumentException($"{Name}: Adapt needs data with a batch axis; got a scalar.");
        if (!Built)
        {
            using var scope = TensorScope.Begin();
            using var noGrad = Tensor.NoGrad();
            var sample = data.Shape.ToArray()[1..];
            Call(Tensor.Zeros([1, .. sample], data.DType.IsFloating() ? data.DType : DeepLearning.DType.Float32, data.Device));
            return;
        }
        CheckShape(data.Shape, "Adapt");
    }

    private int[] ReduceAxes() => [0, .. _reduce.Select(a => a + 1)];

    private long ReducedCount(Shape full)
    {
        long n = full[0];
        foreach (int a in _reduce) n *= full[a + 1];
        return n;
    }

    private void Store(Tensor mean, Tensor variance, long count)
    {
        _meanWeight!.Assign(mean.Reshape(_statsShape).Cast(_meanWeight.DType));
        _varianceWeight!.Assign(variance.Reshape(_statsShape).Cast(_varianceWeight.DType));
        using var scope = TensorScope.Begin();
        _count!.Assign(Tensor.Scalar(Math.Min(count, int.MaxValue), DeepLearning.DType.Int32, _count.Device));
    }

    private void CheckShape(Shape full, string what)
    {
        var built = BuiltInputShapes![0];
        bool ok = full.Rank == built.Rank + 1;
        for (int i = 0; ok && i < _keep.Length; i++) ok = full[_keep[i] + 1] == built[_keep[i]];
        if (!ok)
            throw new ArgumentException($"{Name}: {what} got shape {full}; the layer was built for {LayerChecks.NoneShape(built)} keeping axes [{string.Join(", ", _axes)}].");
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        CheckShape(input.Shape, "input");
        var x = input.DType.IsFloating() ? input : input.Cast(DType ?? DeepLearning.DType.Float32);
        var mean = _meanConst ?? _meanWeight!.Reshape(_broadcastShape);
        var variance = _varianceConst ?? _varianceWeight!.Reshape(_broadcastShape);
        var denom = Tensor.Maximum(variance.Sqrt(), Tensor.Scalar(KerasEpsilon, variance.DType, variance.Device));
        return Invert ? mean + x * denom : (x - mean) / denom;
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig()
    {
        var c = base.GetConfig();
        if (_axes.Length == 1) c.Set("axis", _axes[0]);
        else c.Set("axis", _axes.ToArray());
        return c.Set("invert", Invert).Set("mean", _mean?.ToArray()).Set("variance", _variance?.ToArray());
    }

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/> (adapted statistics are weights and travel with them).</summary>
    public static Layer FromConfig(LayerConfig c)
    {
        int[] axes = c.Contains("axis") && c["axis"] is int[] or double[] ? c.GetInts("axis") : [c.GetInt("axis", -1)];
        double[]? mean = Numbers(c, "mean"), variance = Numbers(c, "variance");
        return new Normalization(axes, mean, variance, c.GetBool("invert", false), c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
    }

    private static double[]? Numbers(LayerConfig c, string key) => !c.Contains(key) ? null : c[key] switch
    {
        double[] d => d,
        int[] i => Array.ConvertAll(i, v => (double)v),
        double d => [d],
        int i => [i],
        null => null,
        _ => throw new InvalidDataException($"Normalization: entry '{key}' is not a number array."),
    };

    /// <summary>The int32 zero scalar of the count weight (whatever the layer's float dtype).</summary>
    private sealed class Int32Zeros : Initializer
    {
        public static readonly Int32Zeros Instance = new();

        public override string Name => "zeros";

        public override Tensor Create(Shape shape, DType dtype = DeepLearning.DType.Float32, Device? device = null, Generator? generator = null) =>
            Tensor.Zeros(shape, DeepLearning.DType.Int32, device);
    }
}
