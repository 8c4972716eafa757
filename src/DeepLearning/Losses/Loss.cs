namespace DeepLearning.Losses;

/// <summary>
/// The base of every loss, following Keras 3 (keras/src/losses/loss.py): a subclass computes the per-sample loss in
/// <see cref="Compute"/>; <see cref="Call"/> validates the inputs, weights the per-sample losses by the sample weights
/// (and mask) and applies the <see cref="Reduction"/>.
/// </summary>
/// <remarks>
/// <para><b>Shapes.</b> The per-sample loss has the batch shape: for most losses yPred's shape without its last axis
/// (the loss is averaged or summed over that axis, as Keras does). So rank-1 inputs of shape (n) are one sample with
/// n outputs; give a regression target of shape (batch) with a Dense(1) output of shape (batch, 1): a trailing axis
/// of size 1 is squeezed or added to line the two up (Keras's <c>squeeze_or_expand_to_same_rank</c>).</para>
/// <para><b>Dtypes and devices.</b> yPred must be floating; yTrue (of any dtype, e.g. int32 0/1 labels) and the
/// sample weights are cast to yPred's dtype, as Keras casts both to the loss dtype. All tensors must be on yPred's
/// device. Everything is computed with tensor ops, so the loss is differentiable and runs on any device.</para>
/// <para><b>Sample weights.</b> A weight of the per-sample loss's shape weights each element; a weight of lower rank
/// (typically (batch) for a per-timestep loss of shape (batch, time)) applies to every element of its sample; a scalar
/// weights everything. The weight is first lined up with Keras's squeeze/expand rule; where Keras 3 would then
/// broadcast a (batch) weight against the last axis, this library aligns it with the leading (sample) axis, as
/// tf.keras 2 did, and a weight that does not broadcast raises <see cref="ArgumentException"/>.</para>
/// <para><b>Masks.</b> A caller (a model with masking, a custom loop) may give a 0/1 mask: either as the sample
/// weight, so that masked entries count 0 in the sum but still count in the "batch size" divisor of
/// <see cref="LossReduction.SumOverBatchSize"/>; or through the <c>mask</c> argument of <see cref="Call"/>, which
/// follows Keras's propagated-mask semantics (<c>apply_mask</c>): for the mean reduction the mask is rescaled by
/// total/valid, so the loss is the mean over the valid entries only.</para>
/// <para><b>Diagnostics.</b> A cross-entropy built with <c>fromLogits: true</c> whose yPred was produced by Softmax
/// (categorical) or Sigmoid (binary) warns once per loss instance through <see cref="Diagnostics"/> (DESIGN.md §1;
/// SEEDS.md §5.16). The producer is read from <see cref="Tensor.GradFn"/>, so it is seen only when the output was
/// recorded by autograd (a training step, not inside <see cref="Tensor.NoGrad"/>) and when the activation is the last
/// op before the loss.</para>
/// </remarks>
/// <example><code>
/// var loss = new SparseCategoricalCrossentropy(fromLogits: true);
/// var value = loss.Call(labels, model.Call(x, training: true));   // scalar: mean over the batch
/// value.Backward();
/// </code></example>
public abstract class Loss
{
    /// <summary>Keras's <c>backend.epsilon()</c>, 1e-7: probabilities are clipped to [ε, 1 − ε] and denominators kept
    /// away from zero with it.</summary>
    public const double Epsilon = 1e-7;

    private bool _warnedActivation;

    /// <summary>Sets the name and reduction.</summary>
    /// <param name="name">The Keras-style snake-case name, e.g. <c>"mean_squared_error"</c>.</param>
    /// <param name="reduction">The reduction of the weighted per-sample losses.</param>
    /// <exception cref="ArgumentException">The name is empty or the reduction is not a defined value.</exception>
    protected Loss(string name, LossReduction reduction)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException($"{GetType().Name}: the name must not be empty.", nameof(name));
        if (!Enum.IsDefined(reduction)) throw new ArgumentException($"{name}: unknown reduction {(int)reduction}.", nameof(reduction));
        Name = name;
        Reduction = reduction;
    }

    /// <summary>The Keras-style snake-case name, e.g. <c>"sparse_categorical_crossentropy"</c>; used in logs and error messages.</summary>
    public string Name { get; }

    /// <summary>How <see cref="Call"/> reduces the weighted per-sample losses (default
    /// <see cref="LossReduction.SumOverBatchSize"/>, as Keras).</summary>
    public LossReduction Reduction { get; }

    /// <summary>
    /// The loss of a batch: ℓ = Compute(yTrue, yPred) per sample, multiplied by the sample weight (and mask) and
    /// reduced by <see cref="Reduction"/> (a scalar, or the weighted per-sample losses for <see cref="LossReduction.None"/>).
    /// </summary>
    /// <param name="yTrue">The targets (labels); see the subclass for the expected shape and values.</param>
    /// <param name="yPred">The predictions (floating), usually shaped (batch, …, outputs).</param>
    /// <param name="sampleWeight">Optional weights, broadcast against the per-sample losses (see the remarks).</param>
    /// <param name="mask">Optional 0/1 mask with Keras's propagated-mask semantics (see the remarks); to weight
    /// masked entries out while keeping the full count, pass the mask as <paramref name="sampleWeight"/> instead.</param>
    /// <returns>The reduced loss, in yPred's dtype and on its device.</returns>
    /// <exception cref="ArgumentException">Shapes that do not match (the message names the loss and the shapes), a
    /// non-floating yPred, tensors on different devices, or invalid labels.</exception>
    public Tensor Call(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null, Tensor? mask = null)
    {
        var (values, outMask) = Evaluate(yTrue, yPred);
        if (mask is not null && outMask is not null)
        {
            var m = mask.DType == outMask.DType ? mask : mask.Cast(outMask.DType);
            if (m.Device != outMask.Device)
                throw new ArgumentException($"{Name}: the mask of shape {mask.Shape} is on {mask.Device}, the predictions on {outMask.Device}.");
            (m, var o) = RankAlignment.SqueezeOrExpand(m, outMask);
            outMask = m * o;
            mask = null;
        }
        return WeightedReduction.Reduce(Name, values, sampleWeight, mask ?? outMask, Reduction);
    }

    /// <summary>Validates and aligns the inputs and computes the per-sample losses and the loss's own mask (if any),
    /// before weighting and reduction. Metrics that average a loss use it.</summary>
    /// <param name="yTrue">The targets.</param>
    /// <param name="yPred">The predictions.</param>
    /// <param name="warn">Whether the fromLogits diagnostic may fire (metrics that wrap a loss pass false).</param>
    internal (Tensor Values, Tensor? Mask) Evaluate(Tensor yTrue, Tensor yPred, bool warn = true)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (!yPred.DType.IsFloating())
            throw new ArgumentException($"{Name}: yPred must be floating (float32 or float64); got {yPred.DType} of shape {yPred.Shape}.", nameof(yPred));
        if (UsesLabels)
        {
            if (yTrue.Device != yPred.Device)
                throw new ArgumentException($"{Name}: yTrue of shape {yTrue.Shape} is on {yTrue.Device}, yPred of shape {yPred.Shape} on {yPred.Device}.", nameof(yTrue));
            if (CastsLabels && yTrue.DType != yPred.DType) yTrue = yTrue.Cast(yPred.DType);
        }
        if (warn) WarnIfActivated(yPred);
        if (UsesLabels && AlignsRanks) (yTrue, yPred) = RankAlignment.SqueezeOrExpand(yTrue, yPred);
        return ComputeWithMask(yTrue, yPred);
    }

    /// <summary>
    /// The per-sample loss, before sample weighting and reduction; usually shaped like yPred without its last axis.
    /// The inputs are already validated for dtype and device, yTrue is cast to yPred's dtype (unless
    /// <see cref="CastsLabels"/> is false), and a trailing axis of size 1 has been squeezed or added to line up their
    /// ranks (unless <see cref="AlignsRanks"/> is false). Check the shapes here; use tensor ops only.
    /// </summary>
    /// <param name="yTrue">The targets.</param>
    /// <param name="yPred">The predictions.</param>
    protected abstract Tensor Compute(Tensor yTrue, Tensor yPred);

    /// <summary>The per-sample loss and, optionally, a 0/1 mask of the same shape with Keras's propagated-mask
    /// semantics (entries outside it are excluded from the mean). The default returns <see cref="Compute"/> and no mask.</summary>
    /// <param name="yTrue">The targets.</param>
    /// <param name="yPred">The predictions.</param>
    protected virtual (Tensor Values, Tensor? Mask) ComputeWithMask(Tensor yTrue, Tensor yPred) => (Compute(yTrue, yPred), null);

    /// <summary>True (default) when yTrue is cast to yPred's dtype before <see cref="Compute"/>; false keeps integer labels.</summary>
    protected virtual bool CastsLabels => true;

    /// <summary>True (default) when Keras's squeeze/expand of a trailing size-1 axis lines up yTrue and yPred first.</summary>
    protected virtual bool AlignsRanks => true;

    /// <summary>False for a loss that ignores yTrue (e.g. <see cref="TripletLoss"/>): it is then neither cast nor checked.</summary>
    protected virtual bool UsesLabels => true;

    /// <summary>The name of the autograd op ("Softmax" or "Sigmoid") whose output should not reach this loss, or
    /// null; a cross-entropy with <c>fromLogits: true</c> returns its activation.</summary>
    protected virtual string? ActivationMeaningNotLogits => null;

    /// <summary>Sends a warning through <see cref="Diagnostics"/> tagged with this loss's <see cref="Name"/>.</summary>
    /// <param name="message">The text.</param>
    protected void Warn(string message) => Diagnostics.Warn(Name, message);

    private void WarnIfActivated(Tensor yPred)
    {
        var op = ActivationMeaningNotLogits;
        if (op is null || _warnedActivation) return;
        var producer = yPred.GradFn is Autograd.Ops.ActivationOutputNode fused ? fused.OutputOpName : yPred.GradFn?.Name;
        if (producer != op) return;
        _warnedActivation = true;
        Warn($"received fromLogits: true, but yPred (shape {yPred.Shape}) was produced by a {op} activation and so does not hold logits. " +
             $"Remove the {op} from the model's output layer (recommended, numerically stable) or set fromLogits: false.");
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>
    /// The loss named by a Keras string identifier, with default options: a snake-case name
    /// (<c>"mean_squared_error"</c>, <c>"sparse_categorical_crossentropy"</c>, …), a class name
    /// (<c>"MeanSquaredError"</c>) or a Keras alias (<c>"mse"</c>, <c>"mae"</c>, <c>"mape"</c>, <c>"msle"</c>,
    /// <c>"bce"</c>, <c>"kld"</c>, <c>"logcosh"</c>, <c>"huber_loss"</c>, <c>"kullback_leibler_divergence"</c>).
    /// Case and underscores are ignored. The library's extra losses are <c>"multiclass_hinge"</c> and
    /// <c>"triplet_loss"</c>. For Keras's shape-dependent <c>"crossentropy"</c>/<c>"ce"</c> use
    /// <see cref="FromName(string, Shape, Shape)"/>.
    /// </summary>
    /// <param name="name">The identifier.</param>
    /// <exception cref="ArgumentException">The name is unknown (the message lists the known names).</exception>
    public static Loss FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Normalize(name) switch
        {
            "meansquarederror" or "mse" => new MeanSquaredError(),
            "meanabsoluteerror" or "mae" => new MeanAbsoluteError(),
            "meanabsolutepercentageerror" or "mape" => new MeanAbsolutePercentageError(),
            "meansquaredlogarithmicerror" or "msle" => new MeanSquaredLogarithmicError(),
            "huber" or "huberloss" => new Huber(),
            "logcosh" => new LogCosh(),
            "binarycrossentropy" or "bce" => new BinaryCrossentropy(),
            "categoricalcrossentropy" => new CategoricalCrossentropy(),
            "sparsecategoricalcrossentropy" => new SparseCategoricalCrossentropy(),
            "hinge" => new Hinge(),
            "squaredhinge" => new SquaredHinge(),
            "categoricalhinge" => new CategoricalHinge(),
            "multiclasshinge" => new MulticlassHinge(),
            "kldivergence" or "kld" or "kullbackleiblerdivergence" => new KLDivergence(),
            "poisson" => new Poisson(),
            "cosinesimilarity" => new CosineSimilarity(),
            "tripletloss" or "triplet" => new TripletLoss(),
            "crossentropy" or "ce" => throw new ArgumentException(
                $"Loss.FromName: \"{name}\" picks binary, categorical or sparse cross-entropy from the label and output shapes; use FromName(name, yTrueShape, yPredShape).", nameof(name)),
            _ => throw new ArgumentException($"Loss.FromName: unknown loss \"{name}\". Known: {KnownNames}.", nameof(name)),
        };
    }

    /// <summary>
    /// As <see cref="FromName(string)"/>, and resolves Keras's <c>"crossentropy"</c>/<c>"ce"</c> from the shapes as
    /// Keras 3's compile does (keras/src/trainers/compile_utils.py, <c>get_loss</c>): binary cross-entropy when yPred's
    /// last axis has size 1; sparse categorical when yTrue has lower rank than yPred, or its last axis is 1 while
    /// yPred's is larger; categorical otherwise.
    /// </summary>
    /// <param name="name">The identifier.</param>
    /// <param name="yTrueShape">The shape of a batch of labels.</param>
    /// <param name="yPredShape">The shape of a batch of predictions.</param>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static Loss FromName(string name, Shape yTrueShape, Shape yPredShape)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Normalize(name) is not ("crossentropy" or "ce")) return FromName(name);
        var (binary, sparse) = ClassifyTargets(yTrueShape, yPredShape);
        return binary ? new BinaryCrossentropy() : sparse ? new SparseCategoricalCrossentropy() : new CategoricalCrossentropy();
    }

    /// <summary>Keras's <c>is_binary_or_sparse_categorical</c>: binary when yPred's last axis is 1; sparse when yTrue
    /// has lower rank, or a last axis of 1 while yPred's is larger.</summary>
    internal static (bool Binary, bool Sparse) ClassifyTargets(Shape yTrueShape, Shape yPredShape)
    {
        int tLast = yTrueShape.Rank == 0 ? 1 : yTrueShape[-1], pLast = yPredShape.Rank == 0 ? 1 : yPredShape[-1];
        bool binary = pLast == 1;
        bool sparse = yTrueShape.Rank < yPredShape.Rank || (tLast == 1 && pLast > 1);
        return (binary, sparse);
    }

    internal static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).Trim().ToLowerInvariant();

    private const string KnownNames = "mean_squared_error (mse), mean_absolute_error (mae), mean_absolute_percentage_error (mape), " +
        "mean_squared_logarithmic_error (msle), huber (huber_loss), log_cosh (logcosh), binary_crossentropy (bce), " +
        "categorical_crossentropy, sparse_categorical_crossentropy, hinge, squared_hinge, categorical_hinge, multiclass_hinge, " +
        "kl_divergence (kld, kullback_leibler_divergence), poisson, cosine_similarity, triplet_loss";
}
