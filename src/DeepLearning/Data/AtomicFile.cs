namespace DeepLearning.Data;

/// <summary>Writes files atomically: the content goes to a temporary file in the same folder, which is renamed over
/// the target only when complete, so a crash or an error never leaves a half-written target.</summary>
internal static class AtomicFile
{
    /// <summary>A fresh temporary path beside <paramref name="path"/> (hidden, with a random suffix).</summary>
    public static string TemporaryPathFor(string path)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Runs <paramref name="write"/> on a temporary file, then renames it to <paramref name="path"/>
    /// (replacing it); on any exception the temporary file is deleted and the target is untouched.</summary>
    public static void Write(string path, Action<string> write)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        string temp = TemporaryPathFor(path);
        try
        {
            write(temp);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static void WriteAllText(string path, string text) => Write(path, temp => File.WriteAllText(temp, text));
}
