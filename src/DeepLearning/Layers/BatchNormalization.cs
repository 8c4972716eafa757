using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// Batch normalization (Ioffe and Szegedy 2015; Keras 3's BatchNormalization). Per feature c of the feature
/// <see cref="Axis"/> (default −1: the last, so (batch, features) and NHWC images both work):
/// <list type="bullet">
/// <item>training: y = γ·(x − μ_B)/√(σ²_B + ε) + β, with μ_B and σ²_B the mean and <b>biased</b> variance over every
/// axis but the feature axis (batch and spatial); then, once per call and outside autograd,
/// moving_mean ← moving_mean·momentum + μ_B·(1 − momentum) and
/// moving_variance ← moving_variance·momentum + σ²_B·(1 − momentum) (biased σ², as Keras; PyTorch uses the unbiased one);</item>
/// <item>inference: y = γ·(x − moving_mean)/√(moving_variance + ε) + β.</item>
/// </list>
/// Weights, in Keras's order: gamma (ones), beta (zeros) — trainable; moving_mean (zeros), moving_variance (ones) —
/// non-trainable. Parameters 4·C, 2·C of them non-trainable (fewer without <see cref="AffineNormalization.Scale"/> or <see cref="AffineNormalization.Center"/>).
/// </summary>
/// <remarks>
/// <para>Keras 3's freezing rule: a layer whose <see cref="Layer.Trainable"/> is false runs in inference mode even when
/// called with <c>training: true</c> (it neither uses batch statistics nor updates the moving ones), which is what
/// fine-tuning a pre-trained network needs.</para>
/// <para>Masks pass through; in training, a mask of the input's rank − 1 (e.g. (batch, time) on (batch, time,
/// features)) restricts the batch statistics to the unmasked positions, as Keras's <c>_moments</c>:
/// μ = Σ m·x/(Σ m + 10⁻⁷), σ² = Σ m·(x − μ)²/(Σ m + 10⁻⁷).</para>
/// <para>Defaults follow Keras: momentum 0.99, ε = 10⁻³ (PyTorch: momentum 0.1 on the other side, ε = 10⁻⁵).
/// Batch renormalization is not implemented.</para>
/// <para><see cref="Synchronized"/> (Keras 3's <c>synchronized</c>, PyTorch's SyncBatchNorm): in data-parallel
/// training the batch statistics are those of the global batch, all ranks together: μ = Σ_r Σ x / N and
/// σ² = Σ_r Σ (x − μ)² / N, with N the global count, through an all-reduce that autograd differentiates (its
/// gradient is the all-reduce of the ranks' gradients), so two ranks on two halves of a batch compute what one
/// process computes on the whole batch.</para>
/// </remarks>
public sealed class BatchNormalization : AffineNormalization
{
    private Tensor? _movingMean, _movingVariance;
    private int _featureAxis;   // index into the per-sample shape
    private int _features;

    /// <summary>Creates the layer.</summary>
    /// <param name="axis">The feature axis of the input, batch axis counted (−1: the last; 3 or −1 for NHWC).</param>
    /// <param name="momentum">Momentum of the moving averages, in [0, 1].</param>
    /// <param name="epsilon">ε ≥ 0 added to the variance.</param>
    /// <param name="center">Whether to add the learned offset β.</param>
    /// <param name="scale">Whether to multiply by the learned scale γ (turn off before a ReLU, which is scale-free).</param>
    /// <param name="betaInitializer">Initial β (zeros).</param>
    /// <param name="gammaInitializer">Initial γ (ones).</param>
    /// <param name="movingMeanInitializer">Initial moving mean (zeros).</param>
    /// <param name="movingVarianceInitializer">Initial moving variance (ones).</param>
    /// <param name="betaRegularizer">Penalty on β.</param>
    /// <param name="gammaRegularizer">Penalty on γ.</param>
    /// <param name="betaConstraint">Projection of β after each step.</param>
    /// <param name="gammaConstraint">Projection of γ after each step.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">momentum outside [0, 1] or ε negative or not finite.</exception>
    public BatchNormalization(int axis = -1, double momentum = 0.99, double epsilon = 1e-3, bool center = true, bool scale = true,
        Initializer? betaInitializer = null, Initializer? gammaInitializer = null, Initializer? movingMeanInitializer = null,
        Initializer? movingVarianceInitializer = null, Regularizer? betaRegularizer = null, Regularizer? gammaRegularizer = null,
        Constraint? betaConstraint = null, Constraint? gammaConstraint = null, string? name = null)
        : base(epsilon, center, scale, betaInitializer, gammaInitializer, betaRegularizer, gammaRegularizer, betaConstraint,
            gammaConstraint, name)
    {
        if (!(momentum >= 0 && momentum <= 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"BatchNormalization: momentum must be in [0, 1]; got {momentum}.");
        ArgumentChecks.NonNegative("BatchNormalization", nameof(epsilon), epsilon);
        Axis = axis;
        Momentum = momentum;
        MovingMeanInitializer = movingMeanInitializer ?? Initializer.Zeros;
        MovingVarianceInitializer = movingVarianceInitializer ?? Initializer.Ones;
    }

    /// <summary>The feature axis (batch axis counted, negative from the end).</summary>
    public int Axis { get; }

    /// <summary>Whether training under a data-parallel <c>Fit</c> with several ranks normalises with the statistics of
    /// the global batch (all ranks) instead of each rank's share (false, the default, as Keras and PyTorch). Costs two
    /// all-reduces of 2·C values per call forward and two backward. Without several ranks it changes nothing.</summary>
    public bool Synchronized { get; init; }

    /// <summary>Momentum of the moving averages.</summary>
    public double Momentum { get; }

    /// <summary>Initial moving mean.</summary>
    public Initializer MovingMeanInitializer { get; }

    /// <summary>Initial moving variance.</summary>
    public Initializer MovingVarianceInitializer { get; }

    /// <summary>The moving mean, shape (C), non-trainable; null before the first call.</summary>
    public Tensor? MovingMean => _movingMean;

    /// <summary>The moving (biased) variance, shape (C), non-trainable; null before the first call.</summary>
    public Tensor? MovingVariance => _movingVariance;

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        _featureAxis = LayerChecks.SampleAxis(Name, "axis", Axis, inputShape);
        _features = inputShape[_featureAxis];
        Shape shape = [_features];
        AddGammaAndBeta(shape);
        _movingMean = AddWeight("moving_mean", shape, MovingMeanInitializer, trainable: false);
        _movingVariance = AddWeight("moving_variance", shape, MovingVarianceInitializer, trainable: false);
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        LayerChecks.RequireFloating(Name, input);
        var built = BuiltInputShapes![0];
        int axis = _featureAxis + 1;
        if (input.Rank != built.Rank + 1 || input.Shape[axis] != _features)
            throw new ArgumentException($"{Name}: built for inputs of shape {LayerChecks.NoneShape(built)} with {_features} features on axis {Axis}; called with shape {input.Shape}.");
        var group = Synchronized ? Distributed.Communicator.Training : null;
        if (context.Training && Trainable && (context.Mask is not null || group is not null))
        {
            var reduce = Enumerable.Range(0, input.Rank).Where(i => i != axis).ToArray();
            var y = Normalize(input, context.Mask, reduce, group, out var mean, out var variance);
            UpdateMovingStatistics(mean, variance);
            if (Gamma is not null) y *= Broadcastable(Gamma, input.Rank, axis);
            if (Beta is not null) y += Broadcastable(Beta, input.Rank, axis);
            return y;
        }

        // The input as (A, C) or (A, C, B), A the product of the axes before the feature axis and B of those after: a
        // free reshape of a contiguous tensor, on which reductions and broadcasts are several times faster than on
        // (N, H, W, C) with (1, 1, 1, C) statistics.
        var shape = input.Shape;
        int before = 1, after = 1;
        for (int i = 0; i < axis; i++) before *= shape[i];
        for (int i = axis + 1; i < shape.Rank; i++) after *= shape[i];
        bool flat = after == 1;
        var x = flat ? input.Reshape(before, _features) : input.Reshape(before, _features, after);
        Tensor Param(Tensor v) => flat ? v : v.Reshape(_features, 1);

        if (context.Training && Trainable)
        {
            var y = x.Standardize(flat ? [0] : [0, 2], Epsilon, out var mean, out var variance);
            UpdateMovingStatistics(mean, variance);
            if (Gamma is not null) y *= Param(Gamma);
            if (Beta is not null) y += Param(Beta);
            return y.Reshape(shape);
        }

        // Inference: y = x·a + b with a = γ/√(moving_variance + ε), b = β − moving_mean·a, computed on (C) first.
        var a = (_movingVariance! + Epsilon).Rsqrt();
        if (Gamma is not null) a = a * Gamma;
        var b = -(_movingMean! * a);
        if (Beta is not null) b = b + Beta;
        return (x * Param(a) + Param(b)).Reshape(shape);
    }

    /// <summary>Batch statistics over <paramref name="reduce"/>, restricted to the unmasked positions when there is a
    /// mask, summed over the ranks of <paramref name="group"/> when synchronised: μ = Σ m·x/(Σ m + 10⁻⁷),
    /// σ² = Σ m·(x − μ)²/(Σ m + 10⁻⁷) (m = 1 without a mask; the 10⁻⁷ only with one, as Keras's <c>_moments</c>).</summary>
    private Tensor Normalize(Tensor x, Tensor? mask, int[] reduce, Distributed.Communicator? group, out Tensor mean, out Tensor variance)
    {
        Tensor Sum(Tensor t)
        {
            var local = t.Sum(reduce, keepDims: true);
            return group is null ? local : Autograd.Ops.AllReduceNode.Apply(local, group);
        }
        Tensor mu, centered, sigma2;
        if (mask is null)
        {
            double count = 1;
            foreach (int a in reduce) count *= x.Shape[a];
            if (group is not null)
            {
                Span<double> n = [count];
                group.AllReduce(n, Distributed.ReduceOperation.Sum);
                count = n[0];
            }
            mu = Sum(x) / count;
            centered = x - mu;
            sigma2 = Sum(centered.Square()) / count;
        }
        else
        {
            if (mask.Rank != x.Rank - 1)
                throw new ArgumentException($"{Name}: the mask must have one axis less than the input; got mask {mask.Shape} for input {x.Shape}.");
            var m = LayerChecks.ExpandMask(Name, mask, x);
            var weight = Sum(m.Expand(x.Shape)) + 1e-7;
            mu = Sum(x * m) / weight;
            centered = x - mu;
            sigma2 = Sum(centered.Square() * m) / weight;
        }
        using (Tensor.NoGrad())
        {
            mean = mu.Detach();
            variance = sigma2.Detach();
        }
        return centered * (sigma2 + Epsilon).Rsqrt();
    }

    private void UpdateMovingStatistics(Tensor mean, Tensor variance)
    {
        using var noGrad = Tensor.NoGrad();
        double m = Momentum;
        _movingMean!.MulInPlace(m).AddInPlace(mean.Reshape([_features]).Cast(_movingMean.DType), 1 - m);
        _movingVariance!.MulInPlace(m).AddInPlace(variance.Reshape([_features]).Cast(_movingVariance.DType), 1 - m);
    }

    /// <summary>A (C) vector reshaped to broadcast along <paramref name="axis"/> of a rank-<paramref name="rank"/> tensor.</summary>
    private static Tensor Broadcastable(Tensor v, int rank, int axis)
    {
        if (axis == rank - 1) return v;
        var dims = new int[rank - axis];
        Array.Fill(dims, 1);
        dims[0] = v.Shape[0];
        return v.Reshape(dims);
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => AffineConfig(base.GetConfig().Set("axis", Axis).Set("momentum", Momentum).Set("synchronized", Synchronized))
        .Set("moving_mean_initializer", MovingMeanInitializer.Name).Set("moving_variance_initializer", MovingVarianceInitializer.Name);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/> (initializers by name; regularizers and constraints
    /// are read back by the model loader, which sets them before the layer is built).</summary>
    public static Layer FromConfig(LayerConfig c) => new BatchNormalization(c.GetInt("axis", -1), c.GetDouble("momentum", 0.99),
        c.GetDouble("epsilon", 1e-3), c.GetBool("center", true), c.GetBool("scale", true),
        BetaInitializerFrom(c), GammaInitializerFrom(c),
        Initializer.FromName(c.GetString("moving_mean_initializer", "zeros")), Initializer.FromName(c.GetString("moving_variance_initializer", "ones")),
        name: c.GetString("name")) { Trainable = c.GetBool("trainable", true), Synchronized = c.GetBool("synchronized", false) };
}
