namespace DeepLearning.Data;

/// <summary>How <see cref="CsvDataset"/> reads a file of numbers: the delimiter, whether the first line is a header,
/// and which columns are targets (every other column is an input feature).</summary>
/// <example><code>new CsvOptions { TargetColumns = [-1], TargetDType = DType.Int32 }   // last column: class labels</code></example>
public sealed record CsvOptions
{
    /// <summary>Whether the first non-empty line holds column names (default true).</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>The field separator (default ',').</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>Target columns by position (0-based; negative counts from the end, −1 is the last). Default: none.</summary>
    public IReadOnlyList<int> TargetColumns { get; init; } = [];

    /// <summary>Target columns by header name (needs <see cref="HasHeader"/>); combined with <see cref="TargetColumns"/>.</summary>
    public IReadOnlyList<string> TargetColumnNames { get; init; } = [];

    /// <summary>The dtype of the targets: <see cref="DType.Float32"/> (regression, default) gives shape (N, targets);
    /// <see cref="DType.Int32"/> (class labels, which must be integers) gives shape (N) for a single target column
    /// and (N, targets) for several.</summary>
    public DType TargetDType { get; init; } = DType.Float32;

    /// <summary>The dtype of the features: <see cref="DType.Float32"/> (default) or <see cref="DType.Float64"/>.</summary>
    public DType FeatureDType { get; init; } = DType.Float32;
}
