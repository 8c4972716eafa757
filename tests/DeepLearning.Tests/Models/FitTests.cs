using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Models.Callbacks;
using DeepLearning.Optimizers;

namespace DeepLearning.Tests.Models;

public class FitTests
{
    [Fact]
    public void FitLearnsXor()
    {
        Generator.Seed(1);
        var x = Tensor.FromArray(new float[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } });
        var y = Tensor.FromArray(new float[,] { { 0 }, { 1 }, { 1 }, { 0 } });
        var model = new Sequential(new Input(2), new Dense(8, Activation.Tanh), new Dense(1, Activation.Sigmoid));
        model.Compile(new Adam(0.05), new BinaryCrossentropy(), [Metric.Accuracy]);
        var history = model.Fit(x, y, epochs: 300, batchSize: 4, verbose: 0);
        Assert.Equal(1.0, history["accuracy"][^1]);
        Assert.True(history["loss"][^1] < 0.05, $"final loss {history["loss"][^1]}");
        var p = model.Predict(x).ToArray<float>();
        Assert.True(p[0] < 0.2 && p[1] > 0.8 && p[2] > 0.8 && p[3] < 0.2, string.Join(", ", p));
    }

    [Fact]
    public void FitSeparatesTwoInterleavedSpirals()
    {
        Generator.Seed(2);
        var (x, y) = Spirals(300, new Random(3));
        var model = new Sequential(new Input(2), new Dense(64, Activation.ReLU), new Dense(64, Activation.ReLU), new Dense(2));
        model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(fromLogits: true), [Metric.Accuracy]);
        model.Fit(x, y, epochs: 150, batchSize: 50, verbose: 0);
        double accuracy = model.Evaluate(x, y)["accuracy"];
        Assert.True(accuracy >= 0.95, $"spiral accuracy {accuracy}");
    }

    [Fact]
    public void FitRecoversTheWeightsOfALinearRegression()
    {
        Generator.Seed(4);
        var x = Tensor.RandomUniform([500, 3], -1, 1);
        var trueW = Tensor.FromArray(new float[,] { { 2 }, { -3 }, { 0.5f } });
        var y = x.MatMul(trueW) + 1.25 + Tensor.RandomNormal([500, 1], 0, 0.01);
        var dense = new Dense(1);
        var model = new Sequential(new Input(3), dense);
        model.Compile(new SGD(0.1), new MeanSquaredError());
        model.Fit(x, y, epochs: 100, batchSize: 50, verbose: 0);
        TestHelpers.AssertValues([2, -3, 0.5], dense.Kernel!, 1e-2);
        TestHelpers.AssertValues([1.25], dense.Bias!, 1e-2);
    }

    [Fact]
    public void ValidationSplitTakesTheLastExamplesBeforeShuffling()
    {
        var x = Tensor.Arange(10).Reshape(10, 1);
        var y = Tensor.Arange(10).Reshape(10, 1);
        var seen = new List<float>();
        var probe = new ProbeLayer(seen);
        var model = new Sequential(new Input(1), probe, new Dense(1));
        model.Compile(new SGD(0.0), new MeanSquaredError());
        var history = model.Fit(x, y, epochs: 1, batchSize: 10, validationSplit: 0.2, verbose: 0);
        // Keras: split_at = ceil(10 · 0.8) = 8; training sees examples 0–7 (shuffled), validation 8 and 9.
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), seen.Order());
        Assert.Equal(8, seen.Take(8).Count(v => v < 8));
        Assert.Contains("val_loss", history.Keys);
    }

    [Fact]
    public void CallbacksSeeKerasEventsInOrderWithLogs()
    {
        var events = new List<string>();
        var x = Tensor.RandomNormal([10, 2], generator: new Generator(5));
        var y = Tensor.RandomNormal([10, 1], generator: new Generator(6));
        var model = new Sequential(new Input(2), new Dense(1));
        model.Compile(new SGD(0.01), new MeanSquaredError(), [new LossMetric(new MeanAbsoluteError(), "mean_absolute_error")]);
        var recorder = new LambdaCallback
        {
            TrainBegin = _ => events.Add("train_begin"),
            EpochBegin = (e, _) => events.Add($"epoch_begin {e}"),
            BatchBegin = (b, _) => events.Add($"batch_begin {b}"),
            BatchEnd = (b, l) => events.Add($"batch_end {b} {string.Join(",", l.Keys)}"),
            EpochEnd = (e, l) => events.Add($"epoch_end {e} {string.Join(",", l.Keys)}"),
            TrainEnd = _ => events.Add("train_end"),
        };
        model.Fit(x, y, epochs: 2, batchSize: 5, validationData: (x, y), callbacks: [recorder], verbose: 0);
        Assert.Equal(new[]
        {
            "train_begin",
            "epoch_begin 0", "batch_begin 0", "batch_end 0 loss,mean_absolute_error", "batch_begin 1", "batch_end 1 loss,mean_absolute_error",
            "epoch_end 0 loss,mean_absolute_error,val_loss,val_mean_absolute_error,learning_rate",
            "epoch_begin 1", "batch_begin 0", "batch_end 0 loss,mean_absolute_error", "batch_begin 1", "batch_end 1 loss,mean_absolute_error",
            "epoch_end 1 loss,mean_absolute_error,val_loss,val_mean_absolute_error,learning_rate",
            "train_end",
        }, events);
    }

    [Fact]
    public void EarlyStoppingStopsAndRestoresTheBestWeights()
    {
        var model = new Sequential(new Input(1), new Dense(1));
        model.Compile(new SGD(0.0), new MeanSquaredError());
        var losses = new[] { 5.0, 3.0, 4.0, 4.5, 2.9, 6.0, 7.0, 8.0 };
        var weightsAt = new List<float>();
        var scripted = new LambdaCallback
        {
            EpochEnd = (e, logs) =>
            {
                logs["val_loss"] = losses[e];
                var kernel = model.Weights[0];
                using (Tensor.NoGrad()) kernel.Fill(e);        // the weights "of" epoch e
                weightsAt.Add(e);
            },
        };
        var stopper = new EarlyStopping(monitor: "val_loss", patience: 2, restoreBestWeights: true);
        var x = Tensor.Ones([4, 1]);
        model.Fit(x, x, epochs: 8, batchSize: 4, callbacks: [scripted, stopper], verbose: 0);
        // Best 3.0 at epoch 1; epochs 2 and 3 do not improve → stop after epoch 3.
        Assert.Equal(3, stopper.StoppedEpoch);
        Assert.Equal(1, stopper.BestEpoch);
        Assert.Equal(4, weightsAt.Count);
        Assert.Equal(1f, model.Weights[0].Item<float>(0, 0));
    }

    [Fact]
    public void ReduceLROnPlateauHalvesTheRateAfterPatienceEpochs()
    {
        var model = new Sequential(new Input(1), new Dense(1));
        var optimizer = new SGD(0.02, momentum: 0.9);
        model.Compile(optimizer, new MeanSquaredError());
        var losses = new[] { 1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8 };
        var rates = new List<double>();
        var scripted = new LambdaCallback { EpochEnd = (e, logs) => logs["val_loss"] = losses[e] };
        var recorder = new LambdaCallback { EpochBegin = (e, _) => rates.Add(optimizer.LearningRate) };
        var x = Tensor.Ones([2, 1]);
        model.Fit(x, x, epochs: 9, batchSize: 2, callbacks: [scripted, new ReduceLROnPlateau(factor: 0.5, patience: 5), recorder], verbose: 0);
        // Best 0.9 at epoch 1; epochs 2–6 do not improve (5 epochs) → halved at the end of epoch 6.
        Assert.Equal(new[] { 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.01, 0.01 }, rates.Select(r => Math.Round(r, 10)));
    }

    [Fact]
    public void CancellationStopsAtABatchBoundaryWithAUsableModel()
    {
        var x = Tensor.RandomNormal([100, 2], generator: new Generator(7));
        var model = new Sequential(new Input(2), new Dense(1));
        model.Compile(new SGD(0.01), new MeanSquaredError());
        using var cts = new CancellationTokenSource();
        int batches = 0;
        var cancelAfter3 = new LambdaCallback { BatchEnd = (_, _) => { if (++batches == 3) cts.Cancel(); } };
        Assert.ThrowsAny<OperationCanceledException>(() =>
            model.Fit(x, x.Narrow(1, 0, 1), epochs: 5, batchSize: 10, callbacks: [cancelAfter3], verbose: 0, cancellationToken: cts.Token));
        Assert.Equal(3, batches);
        Assert.Equal(3, model.Optimizer!.Iterations);
        Assert.Equal(new Shape(100, 1), model.Predict(x).Shape);
    }

    [Fact]
    public void BadInputRaisesClearErrors()
    {
        var model = new Sequential(new Input(2), new Dense(1));
        var e1 = Assert.Throws<InvalidOperationException>(() => model.Fit(Tensor.Ones([4, 2]), Tensor.Ones([4, 1]), verbose: 0));
        Assert.Contains("Compile", e1.Message);
        model.Compile(new SGD(), new MeanSquaredError());
        var e2 = Assert.Throws<ArgumentException>(() => model.Fit(Tensor.Ones([4, 2]), Tensor.Ones([3, 1]), verbose: 0));
        Assert.Contains("4", e2.Message);
        Assert.Contains("3", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => model.Fit(Tensor.Ones([4, 3]), Tensor.Ones([4, 1]), verbose: 0));
        Assert.Contains("(None, 2)", e3.Message);
        Assert.Contains("(4, 3)", e3.Message);
    }

    [Fact]
    public void TheProgressBarPrintsPlainLinesWhenRedirected()
    {
        var writer = new StringWriter();
        var model = new Sequential(new Input(1), new Dense(1));
        model.Compile(new SGD(0.01), new MeanSquaredError(), [Metric.FromName("mae")]);
        var x = Tensor.Ones([8, 1]);
        model.Fit(x, x, epochs: 2, batchSize: 4, verbose: 0, callbacks: [new ProgressBar(1, writer, interactive: false)]);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("Epoch 1/2", lines[0]);
        Assert.Matches(@"^2/2 ━{20} \d+m?s \d+[mu]s/step - loss: [\d.]+ - mae: [\d.]+", lines[1]);
    }

    internal static (Tensor X, Tensor Y) Spirals(int perClass, Random noise)
    {
        var points = new float[2 * perClass * 2];
        var labels = new int[2 * perClass];
        for (int c = 0; c < 2; c++)
            for (int i = 0; i < perClass; i++)
            {
                double r = 0.2 + 0.8 * i / perClass, t = 3.5 * Math.PI * i / perClass + c * Math.PI;
                int k = c * perClass + i;
                points[2 * k] = (float)(r * Math.Cos(t) + 0.02 * (noise.NextDouble() - 0.5));
                points[2 * k + 1] = (float)(r * Math.Sin(t) + 0.02 * (noise.NextDouble() - 0.5));
                labels[k] = c;
            }
        return (Tensor.FromArray(points, [2 * perClass, 2]), Tensor.FromArray(labels));
    }

    private sealed class ProbeLayer(List<float> seen) : Layer
    {
        protected override Tensor Forward(Tensor input, CallContext context)
        {
            if (context.Training || seen.Count >= 8) seen.AddRange(input.ToArray<float>());
            return input;
        }
    }
}
