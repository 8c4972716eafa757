using System.Diagnostics;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Models.Callbacks;
using DeepLearning.Optimizers;
using DeepLearning.Serialization;

namespace DeepLearning.Tests.Serialization;

/// <summary>Temporary files that a killed writer leaves behind are removed by the next write to the same target, and
/// only those: a running writer's temporary and other targets' are left alone.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The id of a process that has exited.</summary>
    private static int DeadProcessId()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    private string Temporary(string target, int pid)
    {
        var path = _dir.File($".{target}.{pid}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(path, new byte[1000]);
        return path;
    }

    [Fact]
    public void TheNextWriteRemovesTheStaleTemporariesOfItsTargetOnly()
    {
        int dead = DeadProcessId();
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            var stale = Temporary("m.dlmodel", dead);
            var staleOwn = Temporary("m.dlmodel", Environment.ProcessId);   // ours, but no write is using it
            var live = Temporary("m.dlmodel", sleeper.Id);
            var otherTarget = Temporary("other.dlmodel", dead);
            var notOurs = _dir.File(".m.dlmodel.notes.tmp");
            File.WriteAllText(notOurs, "kept");

            var model = new Sequential(new Input(2), new Dense(1));
            model.Save(_dir.File("m.dlmodel"));

            Assert.False(File.Exists(stale));
            Assert.False(File.Exists(staleOwn));
            Assert.True(File.Exists(live));
            Assert.True(File.Exists(otherTarget));
            Assert.True(File.Exists(notOurs));
            Assert.True(File.Exists(_dir.File("m.dlmodel")));
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [Fact]
    public void ConcurrentWritersToOneTargetDoNotRemoveEachOthersTemporaries()
    {
        var target = _dir.File("shared.bin");
        var payloads = Enumerable.Range(0, 8).Select(i => Enumerable.Repeat((byte)i, 1 << 16).ToArray()).ToArray();
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => AtomicFile.WriteAllBytes(target, payloads[i % 8]));
        var final = File.ReadAllBytes(target);
        Assert.Contains(payloads, p => p.AsSpan().SequenceEqual(final));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp"));
    }

    [Fact]
    public void BackupAndRestoreRemovesItsFolderWithAStaleTemporaryAfterAFinishedRun()
    {
        var backupDir = Path.Combine(_dir.Path, "backup");
        Directory.CreateDirectory(backupDir);
        var stale = Path.Combine(backupDir, $".{BackupAndRestore.FileName}.{DeadProcessId()}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(stale, new byte[100]);
        var model = new Sequential(new Input(2), new Dense(1));
        model.Compile(new SGD(0.1), new MeanSquaredError());
        var g = new Generator(4);
        model.Fit(Tensor.RandomNormal([8, 2], generator: g), Tensor.RandomNormal([8, 1], generator: g), epochs: 2, batchSize: 4, verbose: 0,
            callbacks: [new BackupAndRestore(backupDir)]);
        Assert.False(Directory.Exists(backupDir));
    }
}
