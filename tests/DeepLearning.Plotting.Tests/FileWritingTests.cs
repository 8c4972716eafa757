namespace DeepLearning.Plotting.Tests;

/// <summary>Tests that write files: each test gets a fresh empty folder, deleted afterwards.</summary>
public abstract class FileWritingTests : IDisposable
{
    /// <summary>The test's folder.</summary>
    protected string Dir { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "dl-plotting-" + Guid.NewGuid().ToString("N"))).FullName;

    /// <inheritdoc />
    public void Dispose()
    {
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
