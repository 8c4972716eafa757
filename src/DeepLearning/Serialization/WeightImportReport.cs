namespace DeepLearning.Serialization;

/// <summary>What an import loaded and what it left alone.</summary>
/// <param name="LoadedLayers">The paths of the layers whose weights were replaced.</param>
/// <param name="SkippedLayers">One line per layer left alone: its path and why (skipped by
/// <see cref="WeightImportOptions.LayerNames"/>, or, in lenient mode, the missing or mismatched tensors).</param>
/// <param name="UnusedTensors">The file's tensors no layer used (lenient mode only; strict mode rejects them).</param>
public sealed record WeightImportReport(IReadOnlyList<string> LoadedLayers, IReadOnlyList<string> SkippedLayers, IReadOnlyList<string> UnusedTensors);
