using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;

namespace DeepLearning.Benchmarks;

/// <summary>
/// The workloads of BENCHMARKS.md, built like the TorchSharp anchor: uniform pixels in [0, 1), uniform labels
/// 0–9, 8 pre-made batches cycled, softmax folded into the loss (cross-entropy from logits), dropout active while
/// training. A training step is <see cref="Model.TrainOnBatch"/> — forward, loss, backward, optimizer step, exactly
/// what Fit does per batch; inference is <see cref="Model.PredictOnBatch"/> without gradients. Images are NHWC.
/// </summary>
internal static class Workloads
{
    public static readonly string[] Ids =
        ["gemm-128", "gemm-256", "gemm-512", "gemm-1024", "gemm-2048", "mlp32", "mlp128", "cnn", "lstm", "infer-mlp", "infer-cnn"];

    /// <summary>Runs workload <paramref name="id"/> on <paramref name="device"/> (default the CPU) and returns its line;
    /// <paramref name="label"/> replaces the id in the line.</summary>
    public static string Run(string id, int repeats, Devices.Device? device = null, string? label = null) => id switch
    {
        _ when id.StartsWith("gemm-") => GemmWorkload.Run(int.Parse(id[5..]), repeats),
        "infer-mlp" => Infer(id, Mlp(), 256, [28, 28, 1], repeats),
        "infer-cnn" => Infer(id, Cnn(), 256, [28, 28, 1], repeats),
        _ => Train(label ?? id, Training(id, device), repeats, device),
    };

    /// <summary>A training workload's compiled model (moved to <paramref name="device"/> when given) and its 8 batches
    /// (on that device), ready for <see cref="Model.TrainOnBatch"/>.</summary>
    internal sealed record TrainingSetup(Model Model, int Batch, Tensor[] Xs, Tensor[] Ys);

    /// <summary>The setup of training workload mlp32, mlp128, cnn or lstm; <paramref name="batch"/> replaces the
    /// workload's batch size (a rank's share in the distributed measurement).</summary>
    internal static TrainingSetup Training(string id, Devices.Device? device = null, int? batch = null)
    {
        var (model, optimizer, defaultBatch, sample) = id switch
        {
            "mlp32" => (Mlp(), (Optimizer)new SGD(0.01), 32, new[] { 28, 28, 1 }),
            "mlp128" => (Mlp(), new SGD(0.01), 128, [28, 28, 1]),
            "cnn" => (Cnn(), new Adam(1e-3), 64, [28, 28, 1]),
            "lstm" => (Lstm(), new Adam(1e-3), 64, [28, 28]),
            _ => throw new ArgumentException($"unknown training workload {id}"),
        };
        int n = batch ?? defaultBatch;
        model.Compile(optimizer, new SparseCategoricalCrossentropy(fromLogits: true));
        var xs = Enumerable.Range(0, 8).Select(_ => Tensor.RandomUniform([n, .. sample])).ToArray();
        var ys = Enumerable.Range(0, 8).Select(_ => Tensor.RandomInt([n], 0, 10)).ToArray();
        if (device is not null)
        {
            model.To(device);
            xs = [.. xs.Select(x => x.To(device))];
            ys = [.. ys.Select(y => y.To(device))];
        }
        return new TrainingSetup(model, n, xs, ys);
    }

    private static Model Mlp() => new Sequential(
        new Flatten(), new Dense(300, Activation.ReLU), new Dense(100, Activation.ReLU), new Dense(10));

    /// <summary>The A9-like CNN of the cnn and infer-cnn workloads (logits out).</summary>
    internal static Model Cnn() => new Sequential(
        new Conv2D(32, 3, padding: Padding.Same, activation: Activation.ReLU),
        new Conv2D(64, 3, padding: Padding.Same, activation: Activation.ReLU),
        new MaxPooling2D(2), new Flatten(), new Dropout(0.25),
        new Dense(128, Activation.ReLU), new Dropout(0.5), new Dense(10));

    /// <summary>LSTM(28 → 128) over 28 steps; the last hidden state feeds Dense(10).</summary>
    private static Model Lstm() => new Sequential(new LSTM(128), new Dense(10));

    private static string Train(string id, TrainingSetup setup, int repeats, Devices.Device? device)
    {
        int k = 0;
        var r = Measure.Rate(() =>
        {
            setup.Model.TrainOnBatch(setup.Xs[k % 8], setup.Ys[k % 8]);
            k++;
        }, setup.Batch, repeats, sync: device is null ? null : device.Synchronize);
        return Measure.Line(id, r, "samples/s", "F0");
    }

    private static string Infer(string id, Model model, int batch, int[] sample, int repeats)
    {
        var x = Tensor.RandomUniform([batch, .. sample]);
        var r = Measure.Rate(() =>
        {
            using var scope = TensorScope.Begin();
            model.PredictOnBatch(x);
        }, batch, repeats);
        return Measure.Line(id, r, "samples/s", "F0");
    }
}
