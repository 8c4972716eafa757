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

    public static string Run(string id, int repeats) => id switch
    {
        _ when id.StartsWith("gemm-") => GemmWorkload.Run(int.Parse(id[5..]), repeats),
        "mlp32" => Train(id, Mlp(), new SGD(0.01), 32, [28, 28, 1], repeats),
        "mlp128" => Train(id, Mlp(), new SGD(0.01), 128, [28, 28, 1], repeats),
        "cnn" => Train(id, Cnn(), new Adam(1e-3), 64, [28, 28, 1], repeats),
        "lstm" => Train(id, Lstm(), new Adam(1e-3), 64, [28, 28], repeats),
        "infer-mlp" => Infer(id, Mlp(), 256, [28, 28, 1], repeats),
        "infer-cnn" => Infer(id, Cnn(), 256, [28, 28, 1], repeats),
        _ => throw new ArgumentException($"unknown workload {id}"),
    };

    /// <summary>The MLP of the mlp32, mlp128 and infer-mlp workloads (logits out).</summary>
    internal static Model Mlp() => new Sequential(
        new Flatten(), new Dense(300, Activation.ReLU), new Dense(100, Activation.ReLU), new Dense(10));

    /// <summary>The A9-like CNN of the cnn and infer-cnn workloads (logits out).</summary>
    internal static Model Cnn() => new Sequential(
        new Conv2D(32, 3, padding: Padding.Same, activation: Activation.ReLU),
        new Conv2D(64, 3, padding: Padding.Same, activation: Activation.ReLU),
        new MaxPooling2D(2), new Flatten(), new Dropout(0.25),
        new Dense(128, Activation.ReLU), new Dropout(0.5), new Dense(10));

    /// <summary>LSTM(28 → 128) over 28 steps; the last hidden state feeds Dense(10).</summary>
    private static Model Lstm() => new Sequential(new LSTM(128), new Dense(10));

    private static string Train(string id, Model model, Optimizer optimizer, int batch, int[] sample, int repeats)
    {
        model.Compile(optimizer, new SparseCategoricalCrossentropy(fromLogits: true));
        var xs = Enumerable.Range(0, 8).Select(_ => Tensor.RandomUniform([batch, .. sample])).ToArray();
        var ys = Enumerable.Range(0, 8).Select(_ => Tensor.RandomInt([batch], 0, 10)).ToArray();
        int k = 0;
        var r = Measure.Rate(() =>
        {
            model.TrainOnBatch(xs[k % 8], ys[k % 8]);
            k++;
        }, batch, repeats);
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
