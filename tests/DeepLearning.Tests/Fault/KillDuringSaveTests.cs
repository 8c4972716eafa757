using System.Diagnostics;
using DeepLearning.Models;
using DeepLearning.Tests.Serialization;
using Xunit.Abstractions;

namespace DeepLearning.Tests.Fault;

/// <summary>Fault injection: child processes SIGKILLed at seeded random moments while they save a model and while
/// they train with <see cref="Models.Callbacks.BackupAndRestore"/>.</summary>
[Collection(GlobalGeneratorCollection.Name)]
public class KillDuringSaveTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static float[][] WeightsOf(Model model) => model.GetWeights().Select(w => w.ToArray<float>()).ToArray();

    private static bool SameWeights(float[][] a, float[][] b) => a.Length == b.Length && a.Zip(b).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    /// <summary>100 children (two at a time, each pair on its own file) save the two known models to one file in turn and are SIGKILLed after a seeded
    /// random delay in [0, 3 × one save's time] from just before their first save to it (after a warm-up save elsewhere). After every kill the file loads
    /// whole as one of the two models (never a mix, never a truncated file), and the parent's next save to the
    /// same path leaves no temporary behind. The kills must land inside a save often enough to prove something:
    /// at least 10 of the 100 leave a temporary for the next save to remove.</summary>
    [Fact]
    public void AKillAtAnyMomentOfASaveLeavesTheOldOrTheNewModelAndTheNextSaveRemovesTheTemporary()
    {
        const int kills = 100, Workers = 2;
        var models = new[] { FaultChild.SaveModel(0), FaultChild.SaveModel(1) };
        var expected = models.Select(WeightsOf).ToArray();
        Assert.False(SameWeights(expected[0], expected[1]));
        string path = _dir.File("timing.dlmodel");
        string tempPattern = ".model.dlmodel.*.tmp";

        // One save's time in this process (after a warm-up): the scale of the random kill delays.
        models[0].Save(path);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 5; i++) models[i % 2].Save(path);
        long saveTicks = clock.ElapsedTicks / 5;

        // Two children at a time, each on its own file: starting a child costs far more than a save.
        int leftTemporary = 0;
        var found = new int[2];
        var total = Stopwatch.StartNew();
        Parallel.For(0, Workers, new ParallelOptions { MaxDegreeOfParallelism = Workers }, worker =>
        {
            string dir = Path.Combine(_dir.Path, "w" + worker);
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, "model.dlmodel");
            var random = new Random(2024 + worker);
            for (int k = worker; k < kills; k += Workers)
            {
                models[k % 2].Save(path);
                long delay = (long)(random.NextDouble() * 3 * saveTicks);
                using (var child = new KilledChild("save-loop", path))
                {
                    child.WaitFor("ready");
                    KilledChild.Spin(delay);
                    Assert.True(child.Kill(), $"kill {k}: the save loop ended by itself");
                }

                if (Directory.GetFiles(dir, tempPattern).Length > 0) Interlocked.Increment(ref leftTemporary);
                Assert.Equal(["model.dlmodel"], Directory.GetFiles(dir).Select(Path.GetFileName).Where(n => !n!.EndsWith(".tmp", StringComparison.Ordinal)));

                var loaded = WeightsOf(Model.Load(path));
                int which = SameWeights(loaded, expected[0]) ? 0 : SameWeights(loaded, expected[1]) ? 1 : -1;
                Assert.True(which >= 0, $"kill {k} (after {delay * 1000.0 / Stopwatch.Frequency:F2} ms): the file loads as neither known model");
                Interlocked.Increment(ref found[which]);

                models[(k + 1) % 2].Save(path);
                Assert.Empty(Directory.GetFiles(dir, tempPattern));
            }
        });
        output.WriteLine($"{kills} kills in {total.Elapsed.TotalSeconds:F1} s; one save {saveTicks * 1000.0 / Stopwatch.Frequency:F2} ms; " +
            $"{leftTemporary} kills left a temporary; the file held model 0 {found[0]} times, model 1 {found[1]} times");
        Assert.True(leftTemporary >= 10, $"only {leftTemporary} of {kills} kills landed inside a save");
    }

    /// <summary>A training child (6 epochs of 8 batches, each batch slowed by 5 ms) is SIGKILLed at a seeded random
    /// moment inside the epoch after epoch <paramref name="afterEpoch"/> (0-based) has been backed up; a second child
    /// resumes with <see cref="Models.Callbacks.BackupAndRestore"/> from the last backup and trains to the end. Its
    /// final weights equal, bit for bit, those of an uninterrupted run in this process, and the backup is gone.</summary>
    [Theory]
    [InlineData(0, 11)]
    [InlineData(2, 12)]
    [InlineData(4, 13)]
    public void ATrainingRunKilledMidEpochAndResumedEndsBitIdenticalToAnUninterruptedOne(int afterEpoch, int seed)
    {
        var (x, y) = FaultChild.TrainData();
        var reference = FaultChild.TrainModel();
        reference.Fit(x, y, epochs: FaultChild.TrainEpochs, batchSize: 8, verbose: 0);
        var expected = WeightsOf(reference);

        string backupDir = _dir.File("backup"), weights = _dir.File("final.weights");
        double epochMs = 8 * FaultChild.BatchDelayMs;
        long delay = (long)(new Random(seed).NextDouble() * epochMs / 1000 * Stopwatch.Frequency);
        using (var child = new KilledChild("train", backupDir, weights))
        {
            child.WaitFor("epoch " + afterEpoch);
            KilledChild.Spin(delay);
            Assert.True(child.Kill(), "the training child ended before the kill");
            Assert.DoesNotContain("done", child.Seen);
        }
        Assert.True(File.Exists(Path.Combine(backupDir, global::DeepLearning.Models.Callbacks.BackupAndRestore.FileName)));
        Assert.False(File.Exists(weights));

        var (stdout, _) = Logging.ChildProcess.RunHost("train", backupDir, weights);
        var resumedLine = stdout.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("resumed ", StringComparison.Ordinal));
        int resumed = int.Parse(resumedLine["resumed ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        output.WriteLine($"killed {delay * 1000.0 / Stopwatch.Frequency:F1} ms after epoch {afterEpoch}'s backup; resumed at epoch {resumed}");
        Assert.InRange(resumed, afterEpoch + 1, FaultChild.TrainEpochs - 1);
        Assert.DoesNotContain("epoch " + (resumed - 1), stdout);

        var final = FaultChild.TrainModel();
        final.LoadWeights(weights, WeightMatching.ByPosition);
        var actual = WeightsOf(final);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i]);
        Assert.False(Directory.Exists(backupDir));
    }
}
