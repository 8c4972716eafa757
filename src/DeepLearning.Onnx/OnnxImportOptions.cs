namespace DeepLearning.Onnx;

/// <summary>Options of <see cref="OnnxImporter"/>.</summary>
public sealed record OnnxImportOptions
{
    /// <summary>How rank-4 (and convolved rank-3) graph inputs are read. Null (default): channels first (NCHW, as
    /// PyTorch exports) for files from other producers, the library's channels-last layout for files this library
    /// wrote. True or false forces one reading. A channels-first graph input becomes a channels-last
    /// <see cref="Layers.Input"/> (the model takes NHWC batches), and its ONNX Transposes and Flatten ordering are
    /// absorbed into the layers (see docs/onnx.md).</summary>
    public bool? ChannelsFirstInputs { get; init; }

    /// <summary>The name of the imported model (default: the ONNX graph's name, else "imported").</summary>
    public string? Name { get; init; }
}
