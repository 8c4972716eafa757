namespace DeepLearning.Data;

/// <summary>How dataset loaders download missing files: from which mirrors, with which <see cref="System.Net.Http.HttpClient"/>,
/// or not at all.</summary>
public sealed record DownloadOptions
{
    /// <summary>Whether a missing dataset may be downloaded (default true). With false, a missing dataset raises an error
    /// that says how to provide the files.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Base URLs tried in order (each file's name is appended); null uses the dataset's default mirrors.
    /// Every file is checked against its known SHA-256 whatever the mirror.</summary>
    public IReadOnlyList<Uri>? Mirrors { get; init; }

    /// <summary>The client to download with; null uses a shared client of the library.</summary>
    public System.Net.Http.HttpClient? HttpClient { get; init; }
}
