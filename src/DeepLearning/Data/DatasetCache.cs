namespace DeepLearning.Data;

/// <summary>
/// Where dataset loaders keep their files when no folder is given: <see cref="Root"/>/&lt;dataset&gt;, e.g.
/// <c>~/.cache/deeplearning-dotnet/datasets/fashion-mnist</c> on Linux.
/// </summary>
public static class DatasetCache
{
    /// <summary>The environment variable that overrides the default root.</summary>
    public const string EnvironmentVariable = "DEEPLEARNING_DATA_DIR";

    private static string? _root;

    /// <summary>
    /// The root folder of downloaded datasets. Default: the <c>DEEPLEARNING_DATA_DIR</c> environment variable if set;
    /// else the user's cache folder: <c>$XDG_CACHE_HOME</c> or <c>~/.cache</c> on Linux,
    /// <c>~/Library/Caches</c> on macOS, <c>%LOCALAPPDATA%</c> on Windows, followed by
    /// <c>deeplearning-dotnet/datasets</c>. Settable for the whole process.
    /// </summary>
    /// <exception cref="ArgumentException">Set to an empty string.</exception>
    public static string Root
    {
        get => _root ?? DefaultRoot();
        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            _root = value;
        }
    }

    /// <summary>The folder of one dataset: <see cref="Root"/>/<paramref name="name"/>.</summary>
    public static string DirectoryFor(string name) => Path.Combine(Root, name);

    private static string DefaultRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment;
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string cache;
        if (OperatingSystem.IsWindows()) cache = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        else if (OperatingSystem.IsMacOS()) cache = Path.Combine(home, "Library", "Caches");
        else
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            cache = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg) ? xdg : Path.Combine(home, ".cache");
        }
        return Path.Combine(cache, "deeplearning-dotnet", "datasets");
    }
}
