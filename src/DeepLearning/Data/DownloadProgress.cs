namespace DeepLearning.Data;

/// <summary>Progress of a dataset download, reported through <see cref="IProgress{T}"/> (the library never prints).</summary>
/// <param name="FileName">The file being downloaded.</param>
/// <param name="Url">Where it comes from.</param>
/// <param name="BytesReceived">Bytes received so far.</param>
/// <param name="TotalBytes">The expected size, when known.</param>
public readonly record struct DownloadProgress(string FileName, Uri Url, long BytesReceived, long? TotalBytes)
{
    /// <summary>BytesReceived / TotalBytes in [0, 1], or null when the size is unknown.</summary>
    public double? Fraction => TotalBytes is > 0 ? Math.Min(1.0, (double)BytesReceived / TotalBytes.Value) : null;

    /// <inheritdoc />
    public override string ToString() => Fraction is double f
        ? $"{FileName}: {BytesReceived / 1048576.0:0.0} of {TotalBytes!.Value / 1048576.0:0.0} MiB ({f:P0})"
        : $"{FileName}: {BytesReceived / 1048576.0:0.0} MiB";
}
