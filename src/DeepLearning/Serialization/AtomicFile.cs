using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DeepLearning.Serialization;

/// <summary>Atomic file writes: the content goes to a temporary file in the same directory, is flushed to disk and
/// then renamed over the target, so a crash or an error mid-write leaves the previous file intact and never a
/// half-written one. The temporary file of <c>dir/name</c> is <c>dir/.name.{process id}.{random}.tmp</c>; one left
/// behind by a killed process is removed by the next write to the same target (a temporary of a process that is
/// still running is left alone, so concurrent writers do not disturb each other).</summary>
public static class AtomicFile
{
    /// <summary>The temporaries this process is writing now (never removed as stale).</summary>
    private static readonly ConcurrentDictionary<string, byte> InFlight = new(StringComparer.Ordinal);

    private static readonly int ProcessId = Environment.ProcessId;

    /// <summary>Lets <paramref name="writeTemporaryFile"/> write a temporary file (given its path), flushes it to disk
    /// and renames it to <paramref name="path"/>; on any exception the temporary file is deleted. Stale temporaries
    /// of the same target left by killed processes are removed first.</summary>
    public static void WriteFile(string path, Action<string> writeTemporaryFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        RemoveStaleTemporaries(full);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{ProcessId.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}.tmp");
        InFlight[temp] = 0;
        try
        {
            writeTemporaryFile(temp);
            using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite)) stream.Flush(flushToDisk: true);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
            InFlight.TryRemove(temp, out _);
        }
    }

    /// <summary>Removes the temporary files of <paramref name="path"/> that no running writer owns: those of a process
    /// that no longer exists, and this process's own that no write is using (left by an earlier kill of a process
    /// that had the same id). Files it cannot delete are left in place.</summary>
    /// <param name="path">The target whose temporaries are removed.</param>
    /// <returns>How many files were removed.</returns>
    public static int RemoveStaleTemporaries(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) return 0;
        string prefix = $".{Path.GetFileName(full)}.";
        int removed = 0;
        foreach (var file in Directory.EnumerateFiles(dir, prefix + "*.tmp"))
        {
            // .name.{pid}.{32 hex digits}.tmp
            var middle = Path.GetFileName(file).AsSpan(prefix.Length, Path.GetFileName(file).Length - prefix.Length - ".tmp".Length);
            int dot = middle.IndexOf('.');
            if (dot <= 0 || middle.Length - dot - 1 != 32 || !int.TryParse(middle[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            if (InFlight.ContainsKey(file) || (pid != ProcessId && IsRunning(pid))) continue;
            try
            {
                File.Delete(file);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another cleaner got there first, or the file is not ours to delete: leave it.
            }
        }
        return removed;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false;
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
