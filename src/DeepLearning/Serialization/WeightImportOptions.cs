namespace DeepLearning.Serialization;

/// <summary>
/// How weights written by another framework (<see cref="PyTorchWeights"/>, <see cref="KerasWeights"/>) are matched
/// to a model's layers.
/// </summary>
public sealed record WeightImportOptions
{
    /// <summary>
    /// True (default, as PyTorch's <c>load_state_dict(strict=True)</c>): every layer with weights must find its
    /// tensors with the right shapes and every tensor of the file must be used, else nothing is loaded and one
    /// <see cref="InvalidDataException"/> lists every problem. False (lenient): a layer whose tensors are missing or
    /// of another shape is skipped and keeps its weights, unused tensors are ignored; both are listed in the
    /// <see cref="WeightImportReport"/>.
    /// </summary>
    public bool Strict { get; init; } = true;

    /// <summary>
    /// Maps a layer's path in the model ("fc1", or "encoder/fc1" inside a nested model "encoder") to its name in the
    /// file (a PyTorch module prefix such as "features.0", a Keras layer name); returning null leaves that layer
    /// alone (listed as skipped, and no error even when <see cref="Strict"/>). Null (default) uses each importer's
    /// default naming.
    /// </summary>
    public Func<string, string?>? LayerNames { get; init; }
}
