using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Models.Callbacks;
using DeepLearning.Optimizers;
using DeepLearning.Serialization;

namespace DeepLearning.Tests.Serialization;

[Collection(GlobalGeneratorCollection.Name)]
public class CheckpointTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // Python's str.format, as Keras formats checkpoint names (/usr/bin/python3):
    //   '{epoch:02d}-{val_loss:.3f}'.format(epoch=7, val_loss=0.12345)  -> '07-0.123'
    //   '{loss:e}'.format(loss=0.00123)                                   -> '1.230000e-03'
    //   '{loss:.2E}'.format(loss=12345.678)                               -> '1.23E+04'
    //   '{acc:.1%}'.format(acc=0.875)                                     -> '87.5%'
    //   '{x:8.2f}'.format(x=3.14159), '{x:08.2f}'.format(x=-3.14159)      -> '    3.14', '-0003.14'
    //   '{e:3d}'.format(e=5), '{v}'.format(v=0.1)                         -> '  5', '0.1'
    [Theory]
    [InlineData("ckpt-{epoch:02d}-{val_loss:.3f}.dlmodel", "ckpt-07-0.123.dlmodel")]
    [InlineData("{loss:e}", "1.230000e-03")]
    [InlineData("{big:.2E}", "1.23E+04")]
    [InlineData("{acc:.1%}", "87.5%")]
    [InlineData("[{x:8.2f}][{neg:08.2f}]", "[    3.14][-0003.14]")]
    [InlineData("{epoch:3d}|{v}", "  7|0.1")]
    [InlineData("{{epoch}}-{epoch}", "{epoch}-7")]
    [InlineData("{val_loss:F2}-{epoch:D3}", "0.12-007")]
    public void FilePatternsFormatLikeKeras(string pattern, string expected)
    {
        var logs = new Logs { ["val_loss"] = 0.12345, ["loss"] = 0.00123, ["big"] = 12345.678, ["acc"] = 0.875, ["x"] = 3.14159, ["neg"] = -3.14159, ["v"] = 0.1 };
        Assert.Equal(expected, new CheckpointPath(pattern).Format(6, null, logs));
    }

    [Fact]
    public void BadPatternsAreReported()
    {
        Assert.Throws<ArgumentException>(() => new ModelCheckpoint("ckpt-{epoch"));
        Assert.Throws<ArgumentException>(() => new ModelCheckpoint("ckpt-}"));
        Assert.Throws<ArgumentException>(() => new ModelCheckpoint("ckpt-{}"));
        var e = Assert.Throws<InvalidOperationException>(() => new CheckpointPath("{val_acc}").Format(0, null, new Logs { ["loss"] = 1 }));
        Assert.Contains("{val_acc}", e.Message);
        Assert.Contains("Available: epoch, loss", e.Message);
    }

    [Fact]
    public void SaveBestOnlySavesImprovementsOnly()
    {
        var model = new Sequential(new Input(2), new Dense(1));
        var callback = new ModelCheckpoint(Path.Combine(_dir.Path, "best-{epoch}.dlmodel"), saveBestOnly: true) { Model = model };
        double[] valLoss = [0.5, 0.7, 0.3, 0.3, 0.9];
        for (int e = 0; e < valLoss.Length; e++) callback.OnEpochEnd(e, new Logs { ["loss"] = 1, ["val_loss"] = valLoss[e] });
        Assert.Equal(["best-1.dlmodel", "best-3.dlmodel"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName).Order());
        Assert.Equal(0.3, callback.Best);
        Assert.EndsWith("best-3.dlmodel", callback.LastSavedPath);

        // mode max with a threshold: only values above 0.8 count.
        var acc = new ModelCheckpoint(_dir.File("acc.weights"), monitor: "val_accuracy", saveBestOnly: true, saveWeightsOnly: true, initialValueThreshold: 0.8) { Model = model };
        acc.OnEpochEnd(0, new Logs { ["val_accuracy"] = 0.7 });
        Assert.False(File.Exists(_dir.File("acc.weights")));
        acc.OnEpochEnd(1, new Logs { ["val_accuracy"] = 0.85 });
        Assert.True(File.Exists(_dir.File("acc.weights")));
        using var reader = SafeTensorsFile.Open(_dir.File("acc.weights"));
        Assert.Equal("deeplearning.weights", reader.Metadata["format"]);
    }

    [Fact]
    public void CheckpointsDuringFitLoadAsTheModelOfThatEpoch()
    {
        Generator.Seed(3);
        var x = Tensor.RandomNormal([12, 2]);
        var y = Tensor.RandomNormal([12, 1]);
        var model = new Sequential(new Input(2), new Dense(3, Activation.Tanh), new Dense(1));
        model.Compile(new SGD(0.1), new MeanSquaredError());
        var seen = new List<float[]>();
        var record = new LambdaCallback { EpochEnd = (_, _) => seen.Add(model.Predict(x).ToArray<float>()) };
        var everyEpoch = new ModelCheckpoint(Path.Combine(_dir.Path, "e{epoch:02d}-{loss:.4f}.dlmodel"));
        var everyTwoBatches = new ModelCheckpoint(Path.Combine(_dir.Path, "b-{epoch}-{batch}.weights"), saveWeightsOnly: true, saveFrequency: 2);
        var history = model.Fit(x, y, epochs: 3, batchSize: 4, verbose: 0, callbacks: [record, everyEpoch, everyTwoBatches]);

        for (int e = 0; e < 3; e++)
        {
            string name = $"e{e + 1:00}-{history["loss"][e].ToString("F4", System.Globalization.CultureInfo.InvariantCulture)}.dlmodel";
            var loaded = Model.Load(Path.Combine(_dir.Path, name));
            Assert.Equal(seen[e], loaded.Predict(x).ToArray<float>());
        }
        // 3 batches per epoch, a save every 2 batches: after batches 2, 4, 6 and 8 of the 9, i.e. (epoch, batch)
        // (1, 2), (2, 1), (2, 3), (3, 2), 1-based.
        Assert.Equal(["b-1-2.weights", "b-2-1.weights", "b-2-3.weights", "b-3-2.weights"],
            Directory.GetFiles(_dir.Path, "b-*").Select(Path.GetFileName).Order());
    }

    private static (Tensor X, Tensor Y) ResumeData()
    {
        var g = new Generator(21);
        return (Tensor.RandomNormal([40, 4], generator: g), Tensor.RandomInt([40], 0, 3, generator: g));
    }

    private static Sequential ResumeModel()
    {
        var model = new Sequential(new Input(4), new Dense(8, Activation.Tanh), new Noise(0.3), new Dense(3));
        model.Compile(new Adam(0.02), new SparseCategoricalCrossentropy(fromLogits: true));
        return model;
    }

    [Fact]
    public void ResumingWithBackupAndRestoreEndsBitIdenticalToAnUninterruptedRun()
    {
        var (x, y) = ResumeData();
        Generator.Seed(42);
        var reference = ResumeModel();
        var full = reference.Fit(x, y, epochs: 6, batchSize: 8, verbose: 0);
        var expected = reference.GetWeights();

        // Interrupted after epoch index 2 (three epochs done) by a cancellation from a callback.
        string backupDir = Path.Combine(_dir.Path, "backup");
        Generator.Seed(42);
        var first = ResumeModel();
        var cts = new CancellationTokenSource();
        var stop = new LambdaCallback { EpochEnd = (e, _) => { if (e == 2) cts.Cancel(); } };
        Assert.ThrowsAny<OperationCanceledException>(() =>
            first.Fit(x, y, epochs: 6, batchSize: 8, verbose: 0, callbacks: [new BackupAndRestore(backupDir), stop], cancellationToken: cts.Token));
        Assert.True(File.Exists(Path.Combine(backupDir, BackupAndRestore.FileName)));

        // A fresh start: a new model built the same way, even under another seed (the backup restores weights,
        // optimizer, the generator and the data order).
        Generator.Seed(999);
        var resumed = ResumeModel();
        var backup = new BackupAndRestore(backupDir);
        var rest = resumed.Fit(x, y, epochs: 6, batchSize: 8, verbose: 0, callbacks: [backup]);
        Assert.Equal(3, backup.ResumedEpoch);
        Assert.Equal([3, 4, 5], rest.Epochs);
        Assert.Equal(full["loss"].Skip(3), rest["loss"]);
        var actual = resumed.GetWeights();
        for (int i = 0; i < expected.Count; i++) Assert.Equal(expected[i].ToArray<float>(), actual[i].ToArray<float>());
        Assert.Equal(reference.Optimizer!.Iterations, resumed.Optimizer!.Iterations);
        // Training completed: the backup is gone.
        Assert.False(Directory.Exists(backupDir));
    }

    [Fact]
    public void AnExceptionFromACallbackAlsoLeavesAResumableBackup()
    {
        var (x, y) = ResumeData();
        Generator.Seed(5);
        var reference = ResumeModel();
        reference.Fit(x, y, epochs: 4, batchSize: 8, verbose: 0);

        string backupDir = Path.Combine(_dir.Path, "b2");
        Generator.Seed(5);
        var first = ResumeModel();
        var crash = new LambdaCallback { EpochEnd = (e, _) => { if (e == 0) throw new IOException("simulated crash"); } };
        Assert.Throws<IOException>(() => first.Fit(x, y, epochs: 4, batchSize: 8, verbose: 0, callbacks: [new BackupAndRestore(backupDir), crash]));

        Generator.Seed(5);
        var resumed = ResumeModel();
        var keep = new BackupAndRestore(backupDir, deleteCheckpoint: false);
        resumed.Fit(x, y, epochs: 4, batchSize: 8, verbose: 0, callbacks: [keep]);
        Assert.Equal(1, keep.ResumedEpoch);
        for (int i = 0; i < reference.Weights.Count; i++) Assert.Equal(reference.Weights[i].ToArray<float>(), resumed.Weights[i].ToArray<float>());
        Assert.True(File.Exists(keep.BackupPath));

        // A backup of another architecture is refused with a clear message.
        var other = new Sequential(new Input(4), new Dense(3));
        other.Compile(new Adam(0.02), new SparseCategoricalCrossentropy(fromLogits: true));
        var e = Assert.Throws<InvalidDataException>(() => other.Fit(x, y, epochs: 5, verbose: 0, callbacks: [new BackupAndRestore(backupDir)]));
        Assert.Contains("holds 4 weights but model", e.Message);
    }
}
