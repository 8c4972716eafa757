using System.Globalization;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Models.Callbacks;
using DeepLearning.Optimizers;
using DeepLearning.Tests.Serialization;

namespace DeepLearning.Tests.Fault;

/// <summary>The child-process side of the fault tests, run through <see cref="ConsoleHost"/>:
/// <c>save-loop &lt;path&gt;</c> saves the two known models to one path alternately, forever, until it is killed;
/// <c>train &lt;backup dir&gt; &lt;weights path&gt;</c> trains with <see cref="BackupAndRestore"/> (resuming from the
/// backup if one is there), writes a line <c>epoch N</c> after each epoch's backup and the final weights at the end.
/// The models and data are built here so that parent and child build exactly the same ones.</summary>
internal static class FaultChild
{
    /// <summary>One of the two known models of the save test (<paramref name="which"/> 0 or 1): 256 → 512 → 256 Dense,
    /// 263,424 parameters (about 1 MB of weights, a few milliseconds to save), weights drawn from seed 100 + which.</summary>
    public static Sequential SaveModel(int which)
    {
        Generator.Seed((ulong)(100 + which));
        var model = new Sequential(new Input(256), new Dense(512, Activation.ReLU), new Dense(256));
        model.Compile(new SGD(0.01), new MeanSquaredError());
        return model;
    }

    /// <summary>Saves model 0 and model 1 to <paramref name="path"/> in turn without end; writes <c>ready</c> once
    /// both are built and a first save to another file has warmed the save path up (so the kill delays the test
    /// draws are on the scale of a warm save), just before the first save to <paramref name="path"/>.</summary>
    public static void SaveLoop(string path)
    {
        var models = new[] { SaveModel(0), SaveModel(1) };
        string warmUp = path + ".warm-up";
        models[1].Save(warmUp);
        File.Delete(warmUp);
        Console.WriteLine("ready");
        Console.Out.Flush();
        for (long i = 0; ; i++) models[i % 2].Save(path);
    }

    /// <summary>The training data of the resume test: 64 samples of 4 features, 3 classes, seed 17.</summary>
    public static (Tensor X, Tensor Y) TrainData()
    {
        var g = new Generator(17);
        return (Tensor.RandomNormal([64, 4], generator: g), Tensor.RandomInt([64], 0, 3, generator: g));
    }

    /// <summary>The model of the resume test (with a Noise layer so the generator state matters), built under seed 42.</summary>
    public static Sequential TrainModel()
    {
        Generator.Seed(42);
        var model = new Sequential(new Input(4), new Dense(16, Activation.Tanh), new Noise(0.3), new Dense(3));
        model.Compile(new Adam(0.02), new SparseCategoricalCrossentropy(fromLogits: true));
        return model;
    }

    /// <summary>Epochs of the resume test (8 batches of 8 each).</summary>
    public const int TrainEpochs = 6;

    /// <summary>Each batch is slowed by this many milliseconds so that a kill can land inside an epoch.</summary>
    public const int BatchDelayMs = 5;

    /// <summary>Trains <see cref="TrainModel"/> with a backup in <paramref name="backupDir"/> and saves the final weights.</summary>
    public static void Train(string backupDir, string weightsPath)
    {
        var (x, y) = TrainData();
        var model = TrainModel();
        var backup = new BackupAndRestore(backupDir);
        var report = new LambdaCallback
        {
            TrainBegin = _ => Console.WriteLine("resumed " + (backup.ResumedEpoch?.ToString(CultureInfo.InvariantCulture) ?? "none")),
            BatchEnd = (_, _) => Thread.Sleep(BatchDelayMs),
            EpochEnd = (e, _) => { Console.WriteLine("epoch " + e.ToString(CultureInfo.InvariantCulture)); Console.Out.Flush(); },
        };
        model.Fit(x, y, epochs: TrainEpochs, batchSize: 8, verbose: 0, callbacks: [backup, report]);
        model.SaveWeights(weightsPath);
    }
}
