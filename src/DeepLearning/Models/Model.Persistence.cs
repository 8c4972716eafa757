using DeepLearning.Metrics;
using DeepLearning.Serialization;

namespace DeepLearning.Models;

public partial class Model
{
    private (int Epoch, ulong? ShuffleSeed)? _resume;

    /// <summary>
    /// Saves the whole model to one safetensors file (Keras's <c>model.save</c>): the architecture as JSON (layer
    /// classes and their <see cref="Layers.Layer.GetConfig"/>, the functional graph, nested models), the compile
    /// configuration when compiled (optimizer and hyperparameters, losses, loss weights, metric names), every weight
    /// under its stable name ("dense/kernel"), and, with <paramref name="includeOptimizer"/>, the optimizer state
    /// ("optimizer/{index}/{slot}" tensors, iteration count and learning rate), so training continues exactly.
    /// The file carries a SHA-256 checksum and is written atomically (temporary file, flush, rename). The file is
    /// plain safetensors, so any safetensors reader (e.g. <c>safetensors.torch.load_file</c>) reads the weights.
    /// </summary>
    /// <param name="path">The file (the extension is free; the library's samples use ".dlmodel").</param>
    /// <param name="includeOptimizer">Save the optimizer state (Keras's include_optimizer).</param>
    /// <exception cref="InvalidOperationException">A functional model has two layers of the same name.</exception>
    /// <exception cref="ArgumentException">A layer's configuration holds an unsupported value.</exception>
    public void Save(string path, bool includeOptimizer = true) => ModelFile.SaveModel(this, path, includeOptimizer);

    /// <summary>Saves the whole model to a writable, seekable stream (see <see cref="Save(string, bool)"/>).</summary>
    public void Save(Stream stream, bool includeOptimizer = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ModelFile.SaveModel(this, stream, includeOptimizer);
    }

    /// <summary>
    /// Loads a model saved by <see cref="Save(string, bool)"/> (Keras's <c>load_model</c>): rebuilds the architecture,
    /// assigns the weights (predictions are bit-identical to the saved model's), and, with <paramref name="compile"/>,
    /// compiles it as it was and restores the optimizer state. Layers are rebuilt from the library's own classes and
    /// those in <paramref name="registry"/>; no type is ever resolved from a name in the file. The file is validated
    /// completely (checksum, sizes, every weight's name, shape and dtype, the optimizer state) before anything is
    /// built: the architecture is first rebuilt on a shape-only device that computes every output and weight shape
    /// with the layers' own code but allocates no tensor memory, so no tensor the architecture implies is allocated
    /// until the file is known to be valid (for architectures of up to about 1,500 layers the memory allocated until
    /// then stays within twice the file's size plus 16 MB; docs/reliability.md gives the limits). Each layer factory,
    /// a registered one included, therefore runs twice. Building the layers draws their (overwritten) initial weights from
    /// <see cref="Generator.Default"/>, as Keras does.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="registry">Custom layers and subclassed models (null: the library's layers only).</param>
    /// <param name="compile">Restore the compile configuration and optimizer state (best effort; a part that cannot be
    /// rebuilt, such as a custom optimizer or loss, leaves the model uncompiled with a warning on
    /// <see cref="Diagnostics"/>; a learning-rate schedule becomes its current constant rate, with a warning).</param>
    /// <exception cref="InvalidDataException">The file is corrupt, truncated, not a model file, names an unregistered
    /// layer class, or its weights do not match its architecture, or the path is a directory; the message names the file
    /// and the problem. A layer whose weights the file does not hold with the implied shape is refused before any of
    /// its memory is allocated.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Model Load(string path, LayerRegistry? registry = null, bool compile = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = SafeTensorsFile.OpenRead(path);
        return ModelFile.LoadModel(stream, Path.GetFileName(path), registry ?? new LayerRegistry(), compile);
    }

    /// <summary>Loads a model from a readable, seekable stream (see <see cref="Load(string, LayerRegistry?, bool)"/>).</summary>
    /// <param name="stream">The content, from position 0 (left open).</param>
    /// <param name="registry">Custom layers and subclassed models.</param>
    /// <param name="compile">Restore the compile configuration and optimizer state.</param>
    /// <param name="sourceName">The name used in error messages.</param>
    /// <exception cref="InvalidDataException">As <see cref="Load(string, LayerRegistry?, bool)"/>.</exception>
    /// <exception cref="ArgumentException">The stream cannot read and seek.</exception>
    public static Model Load(Stream stream, LayerRegistry? registry = null, bool compile = true, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek) throw new ArgumentException("Model.Load: the stream must be readable and seekable.", nameof(stream));
        return ModelFile.LoadModel(stream, sourceName ?? "stream", registry ?? new LayerRegistry(), compile);
    }

    /// <summary>Saves the weights only (Keras's <c>save_weights</c>), as safetensors under their stable names
    /// ("dense/kernel"; the layer path below this model), with a checksum, atomically.</summary>
    /// <param name="path">The file.</param>
    public void SaveWeights(string path) => ModelFile.SaveWeights(this, path);

    /// <summary>
    /// Loads weights saved by <see cref="SaveWeights"/> (or the weights of a <see cref="Save(string, bool)"/> file)
    /// into this model, which must be built (Keras's <c>load_weights</c>). Every shape is checked and every tensor read
    /// before any weight changes. F16, BF16, F32 and F64 values convert to the weight's dtype.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="matching">By name (default; missing and unexpected names are listed in the error) or by position.</param>
    /// <exception cref="InvalidDataException">The file is corrupt, or its weights do not match the model (names,
    /// count or shapes); the message lists the differences.</exception>
    public void LoadWeights(string path, WeightMatching matching = WeightMatching.ByName) => ModelFile.LoadWeights(this, path, matching);

    /// <summary>
    /// A new model with the same architecture and freshly initialized weights (Keras's <c>clone_model</c>): every
    /// layer rebuilt from its configuration (so layer names are the same), the functional graph re-created, nested
    /// models cloned recursively. The clone is not compiled; its initial weights are drawn from
    /// <see cref="Generator.Default"/>.
    /// </summary>
    /// <param name="registry">Custom layers and subclassed models (the same registry loading needs).</param>
    /// <exception cref="InvalidDataException">A layer class is not registered.</exception>
    public Model CloneModel(LayerRegistry? registry = null) =>
        ModelArchitecture.FromJson(ModelArchitecture.ToJson(this), registry ?? new LayerRegistry(), $"CloneModel('{Name}')");

    /// <summary>The functional graph (null for Sequential and subclassed models).</summary>
    internal FunctionalGraph? Graph => _graph;

    /// <summary>The loss weights given to Compile.</summary>
    internal IReadOnlyList<double> CompiledLossWeights => _lossWeights ?? [];

    /// <summary>The metrics given to Compile, per output.</summary>
    internal IReadOnlyList<IReadOnlyList<Metric>> CompiledMetrics => _metrics ?? [];

    /// <summary>The seed of the data loader of the running <c>Fit</c> (null outside Fit or for a Fit without shuffling).</summary>
    internal ulong? FitShuffleSeed { get; private set; }

    /// <summary>Asks the running <c>Fit</c> (from a callback's OnTrainBegin) to continue from <paramref name="epoch"/>
    /// with the data loader seeded by <paramref name="shuffleSeed"/> (Keras's <c>model._initial_epoch</c>, set by
    /// BackupAndRestore).</summary>
    internal void ResumeFrom(int epoch, ulong? shuffleSeed) => _resume = (epoch, shuffleSeed);

    /// <summary>Takes the pending resume request (null when none).</summary>
    private (int Epoch, ulong? ShuffleSeed)? TakeResume()
    {
        var r = _resume;
        _resume = null;
        return r;
    }
}
