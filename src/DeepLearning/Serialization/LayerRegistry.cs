using DeepLearning.Layers;

namespace DeepLearning.Serialization;

/// <summary>
/// The layer classes a model file may name, each with the function that rebuilds a layer from its
/// <see cref="LayerConfig"/>. It starts with the library's own layers, each registered explicitly by its class name
/// with its static <c>FromConfig(LayerConfig)</c> (no reflection, so trimmed and NativeAOT applications load models),
/// and the user adds custom layers and subclassed models the same way, with <see cref="Register"/>. Loading never resolves a type from a name read from a file: a name that is not in the
/// registry is an error (DESIGN.md §5).
/// </summary>
/// <example><code>
/// var registry = new LayerRegistry().Register("Scale", config =&gt; Scale.FromConfig(config));
/// var model = Model.Load("model.dlmodel", registry);
/// </code></example>
public sealed class LayerRegistry
{
    private static readonly Lazy<Dictionary<string, Func<LayerConfig, Layer>>> BuiltIns = new(CreateBuiltIns);

    [ThreadStatic] private static LayerRegistry? t_active;

    private readonly Dictionary<string, Func<LayerConfig, Layer>> _custom = new(StringComparer.Ordinal);

    /// <summary>A registry of the library's own layers (add custom ones with <see cref="Register"/>).</summary>
    public LayerRegistry() { }

    /// <summary>The library's own layer classes that can be rebuilt from a configuration.</summary>
    public static IReadOnlyCollection<string> BuiltInClassNames => BuiltIns.Value.Keys;

    /// <summary>Every class name this registry resolves (built-in and registered).</summary>
    public IReadOnlyCollection<string> ClassNames => [.. BuiltIns.Value.Keys.Union(_custom.Keys).Order(StringComparer.Ordinal)];

    /// <summary>Adds (or replaces) the factory of a class name, as <see cref="Layer.GetConfig"/>'s owner writes it
    /// (the class's simple name, <c>GetType().Name</c>). A registered name takes precedence over a built-in one, so
    /// a layer that needs more than its configuration (a <c>Lambda</c>'s function) can be registered with a closure.
    /// For a subclassed model the factory returns the model, built or not (it is built from the input shapes
    /// stored in the file when needed).</summary>
    /// <param name="className">The class name.</param>
    /// <param name="factory">Rebuilds the layer from its configuration.</param>
    /// <returns>This registry (for chaining).</returns>
    /// <exception cref="ArgumentException">className is empty, or names the model containers "Sequential" or "Functional".</exception>
    public LayerRegistry Register(string className, Func<LayerConfig, Layer> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(className);
        ArgumentNullException.ThrowIfNull(factory);
        if (className is "Sequential" or "Functional")
            throw new ArgumentException($"LayerRegistry: '{className}' is a built-in model container and cannot be registered.", nameof(className));
        _custom[className] = factory;
        return this;
    }

    /// <summary>True when the class name can be rebuilt.</summary>
    public bool Contains(string className) => _custom.ContainsKey(className) || BuiltIns.Value.ContainsKey(className);

    /// <summary>Rebuilds a layer; every failure is an <see cref="InvalidDataException"/> naming the source and the layer,
    /// including a configuration key the layer's factory does not read.</summary>
    internal Layer Create(string className, LayerConfig config, string source)
    {
        bool custom = _custom.TryGetValue(className, out var factory);
        if (!custom && !BuiltIns.Value.TryGetValue(className, out factory))
            throw new InvalidDataException(
                $"{source}: the layer class '{className}' is not known. Custom layers and subclassed models must be registered: " +
                $"new LayerRegistry().Register(\"{className}\", config => {className}.FromConfig(config)), then pass the registry to Load.");
        Layer layer;
        try
        {
            layer = factory!(config);
            if (layer is not null) WeightOptions.Apply(layer, config);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or InvalidCastException or FormatException
                                      or KeyNotFoundException or NotSupportedException or OverflowException or InvalidDataException)
        {
            throw new InvalidDataException($"{source}: layer class '{className}' could not be rebuilt from its configuration: {e.Message}", e);
        }
        if (layer is null) throw new InvalidDataException($"{source}: the factory of layer class '{className}' returned null.");
        if (!custom) RefuseUnknownKeys(layer, className, config, source);
        return layer;
    }

    /// <summary>A key a built-in layer's factory never read is one it does not know (a misspelled "activaton" would
    /// otherwise silently fall back to the default): refused. The base keys every layer writes are exempt: "name", and
    /// "trainable", which is applied here when the factory left it aside. A registered factory may deliberately ignore
    /// keys (a closure standing in for a saved function), so its keys are its own to check.</summary>
    private static void RefuseUnknownKeys(Layer layer, string className, LayerConfig config, string source)
    {
        var unread = config.UnreadKeys().ToList();
        unread.Remove("name");
        if (unread.Remove("trainable")) layer.Trainable = config.GetBool("trainable");
        if (unread.Count > 0)
            throw new InvalidDataException(
                $"{source}: layer '{config.GetOptionalString("name") ?? "(unnamed)"}' ({className}): unknown configuration key{(unread.Count > 1 ? "s" : "")} " +
                $"{string.Join(", ", unread.Select(k => $"'{k}'"))}; the file is damaged or was written by a newer version of the library.");
    }

    /// <summary>Rebuilds a layer nested in another layer's configuration (a wrapper's inner layer, written as
    /// {"class_name": …, "config": …}) through the registry of the load in progress on this thread, or the built-in
    /// layers outside a load, so that a wrapped custom layer loads too.</summary>
    /// <exception cref="InvalidDataException">The class is unknown or cannot be rebuilt.</exception>
    internal static Layer CreateNested(string className, LayerConfig config, string owner) =>
        (t_active ?? new LayerRegistry()).Create(className, config, owner);

    /// <summary>Runs <paramref name="load"/> with this registry as the one <see cref="CreateNested"/> uses.</summary>
    internal T Activate<T>(Func<T> load)
    {
        var previous = t_active;
        t_active = this;
        try
        {
            return load();
        }
        finally
        {
            t_active = previous;
        }
    }

    /// <summary>The library's layers, registered explicitly (no reflection over the assembly's types, so a trimmed or
    /// NativeAOT application loads models too). A new layer class with a FromConfig is added here; a test checks
    /// that none is missing.</summary>
    private static Dictionary<string, Func<LayerConfig, Layer>> CreateBuiltIns() => new(StringComparer.Ordinal)
    {
        [nameof(Activation)] = Activation.FromConfig,
        [nameof(Add)] = Add.FromConfig,
        [nameof(AlphaDropout)] = AlphaDropout.FromConfig,
        [nameof(Average)] = Average.FromConfig,
        [nameof(AveragePooling1D)] = AveragePooling1D.FromConfig,
        [nameof(AveragePooling2D)] = AveragePooling2D.FromConfig,
        [nameof(BatchNormalization)] = BatchNormalization.FromConfig,
        [nameof(Bidirectional)] = Bidirectional.FromConfig,
        [nameof(Concatenate)] = Concatenate.FromConfig,
        [nameof(Conv1D)] = Conv1D.FromConfig,
        [nameof(Conv2D)] = Conv2D.FromConfig,
        [nameof(Conv2DTranspose)] = Conv2DTranspose.FromConfig,
        [nameof(Cropping2D)] = Cropping2D.FromConfig,
        [nameof(Dense)] = Dense.FromConfig,
        [nameof(DepthwiseConv2D)] = DepthwiseConv2D.FromConfig,
        [nameof(Dot)] = Dot.FromConfig,
        [nameof(Dropout)] = Dropout.FromConfig,
        [nameof(ELU)] = ELU.FromConfig,
        [nameof(Embedding)] = Embedding.FromConfig,
        [nameof(Flatten)] = Flatten.FromConfig,
        [nameof(GRU)] = GRU.FromConfig,
        [nameof(GaussianDropout)] = GaussianDropout.FromConfig,
        [nameof(GaussianNoise)] = GaussianNoise.FromConfig,
        [nameof(GlobalAveragePooling1D)] = GlobalAveragePooling1D.FromConfig,
        [nameof(GlobalAveragePooling2D)] = GlobalAveragePooling2D.FromConfig,
        [nameof(GlobalMaxPooling1D)] = GlobalMaxPooling1D.FromConfig,
        [nameof(GlobalMaxPooling2D)] = GlobalMaxPooling2D.FromConfig,
        [nameof(Identity)] = Identity.FromConfig,
        [nameof(Input)] = Input.FromConfig,
        [nameof(LSTM)] = LSTM.FromConfig,
        [nameof(Lambda)] = Lambda.FromConfig,
        [nameof(LayerNormalization)] = LayerNormalization.FromConfig,
        [nameof(LeakyReLU)] = LeakyReLU.FromConfig,
        [nameof(Masking)] = Masking.FromConfig,
        [nameof(MaxPooling1D)] = MaxPooling1D.FromConfig,
        [nameof(MaxPooling2D)] = MaxPooling2D.FromConfig,
        [nameof(Maximum)] = Maximum.FromConfig,
        [nameof(Minimum)] = Minimum.FromConfig,
        [nameof(MultiHeadAttention)] = MultiHeadAttention.FromConfig,
        [nameof(Multiply)] = Multiply.FromConfig,
        [nameof(Normalization)] = Normalization.FromConfig,
        [nameof(PReLU)] = PReLU.FromConfig,
        [nameof(ReLU)] = ReLU.FromConfig,
        [nameof(RepeatVector)] = RepeatVector.FromConfig,
        [nameof(Rescaling)] = Rescaling.FromConfig,
        [nameof(Reshape)] = Reshape.FromConfig,
        [nameof(SimpleRNN)] = SimpleRNN.FromConfig,
        [nameof(Softmax)] = Softmax.FromConfig,
        [nameof(SpatialDropout1D)] = SpatialDropout1D.FromConfig,
        [nameof(SpatialDropout2D)] = SpatialDropout2D.FromConfig,
        [nameof(Subtract)] = Subtract.FromConfig,
        [nameof(TimeDistributed)] = TimeDistributed.FromConfig,
        [nameof(UpSampling2D)] = UpSampling2D.FromConfig,
        [nameof(ZeroPadding2D)] = ZeroPadding2D.FromConfig,
    };
}
