namespace DeepLearning.Metrics;

/// <summary>
/// The weighted confusion matrix of integer labels behind <see cref="ConfusionMatrix"/> and <see cref="MeanIoU"/>
/// (Keras's <c>_IoUBase.update_state</c> and <c>metrics_utils.confusion_matrix</c>): rows are true classes, columns
/// predicted ones. Entries whose true or predicted class lies outside [0, classes), or whose true class is the
/// ignored one, are dropped. Accumulated with a scatter-add on the device.
/// </summary>
internal sealed class ConfusionAccumulator
{
    private readonly string _who;
    private readonly MetricState _matrix;

    public ConfusionAccumulator(string who, int numClasses, int? ignoreClass, bool sparseYTrue, bool sparseYPred, int axis)
    {
        if (numClasses < 1) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, $"{who}: numClasses must be ≥ 1.");
        _who = who;
        NumClasses = numClasses;
        IgnoreClass = ignoreClass;
        SparseYTrue = sparseYTrue;
        SparseYPred = sparseYPred;
        Axis = axis;
        _matrix = new([numClasses * numClasses]);
    }

    public int NumClasses { get; }

    /// <summary>The matrix, flattened row-major.</summary>
    public MetricState State => _matrix;

    public int? IgnoreClass { get; }

    public bool SparseYTrue { get; }

    public bool SparseYPred { get; }

    public int Axis { get; }

    public void Update(Tensor yTrue, Tensor yPred, Tensor? sampleWeight)
    {
        MetricInputs.Check(_who, yTrue, yPred, sampleWeight, floatingPrediction: false);
        using var scope = TensorScope.Begin();
        using var noGrad = Tensor.NoGrad();
        var t = Labels(yTrue, SparseYTrue, "yTrue");
        var p = Labels(yPred, SparseYPred, "yPred");
        if (t.ElementCount != p.ElementCount)
            throw new ArgumentException($"{_who}: {t.ElementCount} true labels (yTrue {yTrue.Shape}) but {p.ElementCount} predicted labels (yPred {yPred.Shape}).");
        int k = NumClasses, n = t.ElementCount;
        var zeroInt = Tensor.Zeros(Shape.Scalar, DType.Int32, t.Device);
        var kInt = Tensor.Full(Shape.Scalar, k, DType.Int32, t.Device);
        var valid = (t >= zeroInt) * (t < kInt) * (p >= zeroInt) * (p < kInt);
        if (IgnoreClass is int ignored) valid = valid * t.Ne(ignored);
        var index = Tensor.Where(valid, t * k + p, zeroInt);
        Tensor weight;
        if (sampleWeight is null) weight = Tensor.Ones([n], DType.Float64, t.Device);
        else
        {
            var w = MetricInputs.F64(sampleWeight).Reshape(-1);
            if (w.ElementCount == 1) w = w.Expand([n]);
            else if (w.ElementCount != n)
                throw new ArgumentException($"{_who}: sampleWeight of shape {sampleWeight.Shape} does not have one weight per label ({n}, yTrue {yTrue.Shape}).");
            weight = w;
        }
        weight = Tensor.Where(valid, weight, Tensor.Zeros(Shape.Scalar, DType.Float64, t.Device));
        _matrix.Add(Tensor.Zeros([k * k], DType.Float64, t.Device).ScatterAdd(0, index, weight));
    }

    public double[,] Read()
    {
        var flat = _matrix.Read();
        var m = new double[NumClasses, NumClasses];
        Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(double));
        return m;
    }

    public void Reset() => _matrix.Reset();

    /// <summary>Labels as a flat int32 vector: argmax along <see cref="Axis"/> for dense inputs; whole numbers
    /// otherwise (float labels are truncated, as Keras casts them to int).</summary>
    private Tensor Labels(Tensor x, bool sparse, string what)
    {
        if (!sparse)
        {
            if (x.Rank == 0) throw new ArgumentException($"{_who}: dense {what} needs a class axis; got a scalar.");
            x = x.ArgMax(Axis);
        }
        return (x.DType == DType.Int32 ? x : x.Cast(DType.Int32)).Reshape(-1);
    }
}
