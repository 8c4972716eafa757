using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Models.Callbacks;
using DeepLearning.Optimizers;

namespace DeepLearning.Distributed.Tests;

/// <summary>The training run that the MPI tests compare: a small MLP without dropout or batch statistics on seeded
/// random data, so that two ranks on the two halves of every batch must match one process on whole batches up to
/// float summation order.</summary>
internal static class Scenario
{
    public const int Examples = 96, Features = 6, Classes = 3, BatchSize = 16, Epochs = 3;

    public static (Tensor X, Tensor Y) Data()
    {
        Generator.Seed(7);
        var x = Tensor.RandomNormal([Examples, Features]);
        var score = x.Narrow(1, 0, 1).Reshape(Examples) * 2 + x.Narrow(1, 1, 1).Reshape(Examples);
        var y = (score.Clip(-1.5, 1.49) + 1.5f).Floor().Cast(DType.Int32);   // three classes by score band
        return (x, y);
    }

    /// <summary>Trains the scenario's model with the given communicator and returns it with its history.</summary>
    public static (Model Model, History History) Train(Communicator communicator, IReadOnlyList<Callback>? callbacks = null,
        Func<Model>? build = null, bool overlap = false)
    {
        var (x, y) = Data();
        Generator.Seed((ulong)(11 + communicator.Rank * 1000));   // ranks start from different weights: Fit must broadcast rank 0's
        var model = build?.Invoke() ?? new Sequential(new Input(Features), new Dense(16, activation: Activation.Tanh), new Dense(Classes));
        model.Compile(new Adam(learningRate: 0.01), new SparseCategoricalCrossentropy(fromLogits: true), [Metrics.Metric.Accuracy]);
        Generator.Seed(5);
        var history = model.Fit(x, y, new FitOptions
        {
            Epochs = Epochs, BatchSize = BatchSize, Shuffle = true, Verbose = 0, Communicator = communicator,
            ValidationData = new Data.TensorDataset([x.Narrow(0, 0, 30)], [y.Narrow(0, 0, 30)]), Callbacks = callbacks,
            OverlapGradientReduction = overlap,
        });
        return (model, history);
    }

    /// <summary>The scenario's model with a batch normalisation between its layers (synchronised or local). The first Dense
    /// has no bias: batch normalisation cancels it, so its true gradient is zero and Adam would turn rounding noise
    /// into full steps.</summary>
    public static Model WithBatchNormalization(bool synchronized) => new Sequential(new Input(Features), new Dense(16, useBias: false),
        new BatchNormalization { Synchronized = synchronized }, new Activation(Activation.Tanh), new Dense(Classes));

    /// <summary>A wider model whose 306,203 gradients fill two all-reduce buckets when they are reduced during the
    /// backward pass (the first closes at 302,003, before the first layer's gradients are finished).</summary>
    public static Model Wide() => new Sequential(new Input(Features), new Dense(600, activation: Activation.Tanh),
        new Dense(500, activation: Activation.Tanh), new Dense(Classes));

    public static float[] Flatten(Model model) => [.. model.Weights.SelectMany(w => w.ToArray<float>())];
}
