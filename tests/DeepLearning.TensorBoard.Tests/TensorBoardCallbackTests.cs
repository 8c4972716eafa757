using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Models.Callbacks;
using DeepLearning.Optimizers;
using DeepLearning.Schedules;

namespace DeepLearning.TensorBoard.Tests;

public class TensorBoardCallbackTests
{
    private static (Sequential Model, Tensor X, Tensor Y) Problem()
    {
        Generator.Seed(7);
        const int n = 40;
        var x = new float[n * 3];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 3; j++) x[i * 3 + j] = MathF.Sin(i * 1.3f + j);
            y[i] = x[i * 3] + x[i * 3 + 1] > 0 ? 1 : 0;
        }
        var model = new Sequential(new Input(3), new Dense(5, Activation.ReLU), new Dense(2, Activation.Softmax));
        model.Compile(new Adam(new ExponentialDecay(0.05, decaySteps: 2, decayRate: 0.5)), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
        return (model, Tensor.FromArray(x, new Shape(n, 3)), Tensor.FromArray(y));
    }

    private static string Only(string folder) => Assert.Single(Directory.GetFiles(folder, "events.out.tfevents.*"));

    private static Dictionary<string, List<(long Step, float Value)>> Scalars(List<EventFileReader.Event> events) =>
        events.SelectMany(e => e.Values.Where(v => v.Simple is not null).Select(v => (e.Step, v.Tag, Value: v.Simple!.Value)))
            .GroupBy(s => s.Tag).ToDictionary(g => g.Key, g => g.Select(s => (s.Step, s.Value)).ToList());

    [Fact]
    public void Epoch_scalars_equal_the_history_in_train_and_validation_runs()
    {
        var (model, x, y) = Problem();
        using var folder = new TempFolder();
        var history = model.Fit(x, y, epochs: 4, batchSize: 8, validationSplit: 0.25, verbose: 0,
            callbacks: [new TensorBoardCallback(folder.Path, new TensorBoardOptions { HistogramFrequency = 0 })]);

        var train = EventFileReader.Read(Only(Path.Combine(folder.Path, "train")));
        var validation = EventFileReader.Read(Only(Path.Combine(folder.Path, "validation")));
        Assert.Equal("brain.Event:2", train[0].FileVersion);
        Assert.Equal("brain.Event:2", validation[0].FileVersion);

        var trainScalars = Scalars(train);
        var validationScalars = Scalars(validation);
        Assert.Equal(["epoch_accuracy", "epoch_learning_rate", "epoch_loss"], trainScalars.Keys.Order());
        Assert.Equal(["epoch_accuracy", "epoch_loss"], validationScalars.Keys.Order());
        foreach (var key in history.Keys)
        {
            var (series, tag) = key.StartsWith("val_", StringComparison.Ordinal)
                ? (validationScalars, "epoch_" + key[4..]) : (trainScalars, "epoch_" + key);
            Assert.Equal(history.Epochs.Select(e => (long)e), series[tag].Select(s => s.Step));
            Assert.Equal(history[key].Select(v => (float)v), series[tag].Select(s => s.Value));
        }
        // The schedule halves the rate every 2 steps of 4 batches per epoch (30 training samples / 8): the logged
        // rate at the end of epoch e is 0.05 · 0.5^(4(e+1)/2).
        for (int e = 0; e < 4; e++)
            Assert.Equal((float)(0.05 * Math.Pow(0.5, 4 * (e + 1) / 2.0)), trainScalars["epoch_learning_rate"][e].Value, 1e-6f);
    }

    [Fact]
    public void Weight_histograms_count_every_weight_and_summarise_the_final_values()
    {
        var (model, x, y) = Problem();
        using var folder = new TempFolder();
        model.Fit(x, y, epochs: 3, batchSize: 8, verbose: 0, callbacks: [new TensorBoardCallback(folder.Path)]);
        var events = EventFileReader.Read(Only(Path.Combine(folder.Path, "train")));
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "validation")));

        var histograms = events.SelectMany(e => e.Values.Where(v => v.Histo is not null).Select(v => (e.Step, v.Tag, v.Histo!))).ToList();
        var weights = model.Weights;
        Assert.Equal(3 * weights.Count, histograms.Count);
        Assert.Equal(weights.Select(w => w.Name), histograms.Where(h => h.Step == 0).Select(h => h.Tag));
        foreach (var (step, tag, h) in histograms)
        {
            int count = weights.Single(w => w.Name == tag).ElementCount;
            Assert.Equal(count, h.Num);
            Assert.Equal(count, h.Bucket.Sum());
            Assert.Equal(h.Bucket.Count, h.BucketLimit.Count);
            Assert.Equal(h.Max, h.BucketLimit[^1]);
        }
        foreach (var w in weights)
        {
            var last = histograms.Single(h => h.Step == 2 && h.Tag == w.Name).Item3;
            var values = w.ToArray<float>().Select(v => (double)v).ToArray();
            Assert.Equal(values.Min(), last.Min);
            Assert.Equal(values.Max(), last.Max);
            Assert.Equal(values.Sum(), last.Sum, 1e-9);
            Assert.Equal(values.Sum(v => v * v), last.SumSquares, 1e-9);
        }
    }

    [Fact]
    public void Epochs_are_on_disk_before_training_ends_and_each_fit_starts_new_files()
    {
        var (model, x, y) = Problem();
        using var folder = new TempFolder();
        var board = new TensorBoardCallback(folder.Path, new TensorBoardOptions { HistogramFrequency = 0, BatchFrequency = 2 });
        var seen = new List<int>();
        var probe = new LambdaCallback
        {
            // Runs after the TensorBoard callback's epoch end, while its file is still open.
            EpochEnd = (epoch, _) => seen.Add(EventFileReader.Read(board.TrainFile!).Count(e => e.Values.Any(v => v.Tag == "epoch_loss"))),
        };
        model.Fit(x, y, epochs: 3, batchSize: 8, verbose: 0, callbacks: [board, probe]);
        Assert.Equal([1, 2, 3], seen);
        var first = board.TrainFile!;

        // Batch scalars: 5 batches per epoch (40 / 8), every 2nd global batch: 0, 2, …, 14.
        var batchSteps = EventFileReader.Read(first).Where(e => e.Values.Any(v => v.Tag == "batch_loss")).Select(e => e.Step);
        Assert.Equal([0L, 2, 4, 6, 8, 10, 12, 14], batchSteps);

        Thread.Sleep(10);
        model.Fit(x, y, epochs: 1, batchSize: 8, verbose: 0, callbacks: [board]);
        Assert.NotEqual(first, board.TrainFile);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(folder.Path, "train")).Length);
        Assert.Equal(3, EventFileReader.Read(first).Count(e => e.Values.Any(v => v.Tag == "epoch_loss")));
    }

    [Fact]
    public void Sample_images_are_written_once_at_step_zero()
    {
        var (model, x, y) = Problem();
        using var folder = new TempFolder();
        var images = Tensor.FromArray(Enumerable.Range(0, 2 * 6 * 4).Select(i => i / 47f).ToArray(), new Shape(2, 6, 4, 1));
        model.Fit(x, y, epochs: 2, batchSize: 8, verbose: 0,
            callbacks: [new TensorBoardCallback(folder.Path, new TensorBoardOptions { HistogramFrequency = 0, Images = images, ImagesTag = "samples" })]);
        var values = EventFileReader.Read(Only(Path.Combine(folder.Path, "train")))
            .SelectMany(e => e.Values.Where(v => v.Image is not null).Select(v => (e.Step, v))).ToList();
        Assert.Equal(["samples/image/0", "samples/image/1"], values.Select(v => v.v.Tag));
        Assert.All(values, v => Assert.Equal(0, v.Step));
        var decoded = Data.ImageFile.Decode(values[1].v.Image!.Png);
        Assert.Equal(new Shape(6, 4, 1), decoded.Shape);
        Assert.Equal(MathF.Round(255 * 24 / 47f) / 255f, decoded.ToArray<float>()[0], 6);
    }
}
