namespace DeepLearning.Data;

/// <summary>One example of a <see cref="StreamingDataset"/>: its input and target tensors without the batch axis.</summary>
/// <param name="Inputs">The inputs of one example (e.g. a (28, 28, 1) image).</param>
/// <param name="Targets">The targets of one example (e.g. a scalar int32 label); may be empty.</param>
public sealed record Example(Tensor[] Inputs, Tensor[] Targets);
