using DeepLearning.Losses;

namespace DeepLearning.Metrics;

/// <summary>
/// The base of every metric: a stateful accumulator in Keras's update/result/reset style
/// (keras/src/metrics/metric.py). <see cref="UpdateState"/> folds a batch in; <see cref="Result"/> reads the value
/// over everything seen since the last <see cref="ResetState"/>.
/// </summary>
/// <remarks>
/// The state lives in persistent float64 tensors on the device of the first batch (created inside
/// <see cref="TensorScope.Persistent"/>) and is updated with tensor ops under <see cref="Tensor.NoGrad"/>, inside a
/// scope of its own that frees the temporaries, so an update never synchronises with the device; only
/// <see cref="Result"/> reads back. Sample weights weight each sample (a 0 masks it); a mask is passed as the sample
/// weight. Metrics never require or record gradients.
/// </remarks>
public abstract class Metric
{
    private string _name;

    /// <summary>Sets the name.</summary>
    /// <param name="name">The Keras-style name (the key of the metric in training logs).</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    protected Metric(string name) => _name = CheckName(name);

    /// <summary>The name, the key of the metric in training logs (Keras sets it to the identifier a metric was
    /// compiled with, e.g. <c>"acc"</c>).</summary>
    /// <exception cref="ArgumentException">Set to an empty name.</exception>
    public string Name
    {
        get => _name;
        set => _name = CheckName(value);
    }

    /// <summary>Folds a batch into the state.</summary>
    /// <param name="yTrue">The targets of the batch.</param>
    /// <param name="yPred">The predictions of the batch.</param>
    /// <param name="sampleWeight">Optional weights; a per-sample weight of shape (batch) weights every element of
    /// its sample.</param>
    /// <exception cref="ArgumentException">Shapes that do not match (the message names the metric and the shapes),
    /// or tensors on different devices.</exception>
    public abstract void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null);

    /// <summary>The metric over all batches since the last reset (reads the state back from its device; 0 before
    /// any update).</summary>
    public abstract double Result();

    /// <summary>Clears the state (between epochs).</summary>
    public abstract void ResetState();

    /// <summary>The accumulators, for summing them over the ranks of data-parallel training (none for a metric whose
    /// state is not a sum).</summary>
    internal virtual IEnumerable<MetricState> States => [];

    /// <summary>Replaces every accumulator with its sum over the ranks, so <see cref="Result"/> covers all of them.</summary>
    internal void AllReduce(Distributed.Communicator communicator)
    {
        foreach (var state in States) state.AllReduce(communicator);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>A fresh <c>"accuracy"</c> metric that picks binary, categorical or sparse categorical accuracy from
    /// the shapes of its first batch, as Keras's <c>compile(metrics=["accuracy"])</c> does
    /// (see <see cref="ResolveAccuracy"/>). For exact-match accuracy use <see cref="Metrics.Accuracy"/>'s constructor.</summary>
    public static Metric Accuracy => new AutoAccuracy();

    /// <summary>
    /// The metric named by a Keras string identifier, with default options, named after the identifier (as
    /// Keras's compile does): <c>"accuracy"</c>/<c>"acc"</c> (resolved from the shapes of the first batch, see
    /// <see cref="ResolveAccuracy"/>), <c>"binary_accuracy"</c>, <c>"categorical_accuracy"</c>,
    /// <c>"sparse_categorical_accuracy"</c>, <c>"top_k_categorical_accuracy"</c>,
    /// <c>"sparse_top_k_categorical_accuracy"</c>, <c>"precision"</c>, <c>"recall"</c>, <c>"auc"</c>,
    /// <c>"f1_score"</c>, <c>"fbeta_score"</c>, <c>"root_mean_squared_error"</c> (<c>"rmse"</c>), and any loss
    /// name of <see cref="Loss.FromName(string)"/> (<c>"mse"</c>, <c>"mae"</c>, <c>"binary_crossentropy"</c>, …) as
    /// the mean of that loss (<see cref="LossMetric"/>). Case and underscores are ignored.
    /// </summary>
    /// <param name="name">The identifier.</param>
    /// <param name="loss">The compiled loss, if known: with a <see cref="BinaryCrossentropy"/> built with
    /// <c>fromLogits: true</c>, <c>"accuracy"</c> thresholds binary outputs at 0 (a logit) instead of 0.5. Keras
    /// thresholds at 0.5 regardless; this library corrects that.</param>
    /// <exception cref="ArgumentException">The name is unknown, or names a metric that needs arguments
    /// (<c>"mean_iou"</c>, <c>"confusion_matrix"</c>).</exception>
    public static Metric FromName(string name, Loss? loss = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        Metric metric = Loss.Normalize(name) switch
        {
            "accuracy" or "acc" => new AutoAccuracy(BinaryThreshold(loss)),
            "binaryaccuracy" => new BinaryAccuracy(),
            "categoricalaccuracy" => new CategoricalAccuracy(),
            "sparsecategoricalaccuracy" => new SparseCategoricalAccuracy(),
            "topkcategoricalaccuracy" => new TopKCategoricalAccuracy(),
            "sparsetopkcategoricalaccuracy" => new SparseTopKCategoricalAccuracy(),
            "precision" => new Precision(),
            "recall" => new Recall(),
            "auc" => new Auc(),
            "f1score" => new F1Score(),
            "fbetascore" => new FBetaScore(),
            "rootmeansquarederror" or "rmse" => new RootMeanSquaredError(),
            "meaniou" or "confusionmatrix" => throw new ArgumentException(
                $"Metric.FromName: \"{name}\" needs the number of classes; construct it (new MeanIoU(numClasses), new ConfusionMatrix(numClasses)).", nameof(name)),
            _ => FromLossName(name),
        };
        metric.Name = name;
        return metric;
    }

    /// <summary>
    /// The accuracy Keras 3's compile picks for <c>"accuracy"</c> (keras/src/trainers/compile_utils.py,
    /// <c>get_metric</c>): <see cref="BinaryAccuracy"/> when yPred's last axis has size 1;
    /// <see cref="SparseCategoricalAccuracy"/> when yTrue has lower rank than yPred, or a last axis of 1 while yPred's
    /// is larger; <see cref="CategoricalAccuracy"/> otherwise.
    /// </summary>
    /// <param name="yTrueShape">The shape of a batch of targets.</param>
    /// <param name="yPredShape">The shape of a batch of predictions.</param>
    /// <param name="binaryThreshold">The threshold of the binary case (0.5 for probabilities, 0 for logits).</param>
    public static Metric ResolveAccuracy(Shape yTrueShape, Shape yPredShape, double binaryThreshold = 0.5)
    {
        var (binary, sparse) = Loss.ClassifyTargets(yTrueShape, yPredShape);
        return binary ? new BinaryAccuracy(binaryThreshold) : sparse ? new SparseCategoricalAccuracy() : new CategoricalAccuracy();
    }

    private static double BinaryThreshold(Loss? loss) => loss is BinaryCrossentropy { FromLogits: true } ? 0 : 0.5;

    private static Metric FromLossName(string name)
    {
        Loss loss;
        try { loss = Loss.FromName(name); }
        catch (ArgumentException)
        {
            throw new ArgumentException($"Metric.FromName: unknown metric \"{name}\". Known: accuracy (acc), binary_accuracy, categorical_accuracy, " +
                "sparse_categorical_accuracy, top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, precision, recall, auc, f1_score, " +
                "fbeta_score, root_mean_squared_error (rmse), and the loss names (mse, mae, binary_crossentropy, …).", nameof(name));
        }
        return new LossMetric(loss);
    }

    private string CheckName(string name) =>
        string.IsNullOrWhiteSpace(name) ? throw new ArgumentException($"{GetType().Name}: the name must not be empty.", nameof(name)) : name;
}
