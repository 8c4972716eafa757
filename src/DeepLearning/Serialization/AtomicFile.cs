using System.Text;

namespace DeepLearning.Serialization;

/// <summary>Atomic file writes: the content goes to a temporary file in the same directory, is flushed to disk and
/// then renamed over the target, so a crash or an error mid-write leaves the previous file intact and never a
/// half-written one.</summary>
public static class AtomicFile
{
    /// <summary>Lets <paramref name="writeTemporaryFile"/> write a temporary file (given its path), flushes it to disk
    /// and renames it to <paramref name="path"/>; on any exception the temporary file is deleted.</summary>
    public static void WriteFile(string path, Action<string> writeTemporaryFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            writeTemporaryFile(temp);
            using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite)) stream.Flush(flushToDisk: true);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes a file atomically with <paramref name="write"/> producing the content on a stream.</summary>
    public static void Write(string path, Action<Stream> write) => WriteFile(path, temp =>
    {
        using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        write(stream);
    });

    /// <summary>Writes text (UTF-8, no BOM) atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, s => s.Write(new UTF8Encoding(false).GetBytes(text)));

    /// <summary>Writes bytes atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }
}
