// Transfer learning, the course notes' recipe: a CNN trained on MNIST digits by PyTorch (train_mnist_base.py beside
// this file wrote its BF16 weights, mnist_cnn.bf16.safetensors: an nn.Sequential's state_dict, named "0.weight",
// "3.weight", …) is imported, its convolutional base frozen, and a new head trained on a small Fashion-MNIST
// training set; the same architecture trained from scratch for the same number of epochs is the baseline. Both are
// scored on the 10,000 Fashion-MNIST test images.
//   dotnet run -c Release --project samples/TransferLearning [-- --epochs N --seed N --train-size N --data DIR]
using DeepLearning;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Plotting;
using DeepLearning.Samples;
using DeepLearning.Serialization;

var options = new SampleArgs(args, defaultEpochs: 3);
int trainSize = options.Int("--train-size", 5000);
string weights = Path.Combine(AppContext.BaseDirectory, "mnist_cnn.bf16.safetensors");
// Our layer names → the positions of the PyTorch modules in the nn.Sequential (ReLU, pooling and Flatten have none).
var torchNames = new Dictionary<string, string> { ["conv1"] = "0", ["conv2"] = "3", ["fc1"] = "7", ["fc2"] = "9" };

// 1. The imported digit classifier, as PyTorch trained it (strict: every tensor must fit), on the digits it never saw.
var (_, digitsTest) = SampleData.Mnist(options.DataDirectory);
var digits = DigitCnn.Build("fc1", "fc2");
var imported = PyTorchWeights.Load(digits, weights, new WeightImportOptions { LayerNames = path => torchNames[path] });
Compile(digits);
var digitResult = digits.Evaluate(digitsTest.Images, digitsTest.Labels, batchSize: 256);
Console.WriteLine($"imported layers: {string.Join(", ", imported.LoadedLayers)}");
Console.WriteLine($"mnist_test_accuracy={digitResult["accuracy"]:F4} ({digitsTest.Count} digits)");

// 2. Fashion-MNIST: a small training set, the full test set.
var (fashionTrain, fashionTest) = SampleData.FashionMnist(options.DataDirectory);
var x = fashionTrain.Images.Narrow(0, 0, trainSize);
var y = fashionTrain.Labels.Narrow(0, 0, trainSize);

// Transfer: conv1 and conv2 from the digit model, frozen; a new head (Dense 64 ReLU, Dense 10) trained.
Generator.Seed((ulong)options.Seed);
var transfer = DigitCnn.Build("head_hidden", "head_output");
var report = PyTorchWeights.Load(transfer, weights, new WeightImportOptions
{
    Strict = false,
    LayerNames = path => torchNames.GetValueOrDefault(path), // null for the head: not imported
});
if (!report.LoadedLayers.SequenceEqual(["conv1", "conv2"]))
    throw new InvalidOperationException($"Expected to import conv1 and conv2; imported {string.Join(", ", report.LoadedLayers)}.");
Console.WriteLine($"transfer: imported {string.Join(", ", report.LoadedLayers)}; new {report.SkippedLayers.Count} layers; unused {string.Join(", ", report.UnusedTensors)}");
transfer.GetLayer("conv1").Trainable = false;
transfer.GetLayer("conv2").Trainable = false;
double transferAccuracy = Train(transfer, "transfer");

// From scratch: the same architecture, every weight initialised here and trained.
Generator.Seed((ulong)options.Seed);
var scratch = DigitCnn.Build("head_hidden", "head_output");
double scratchAccuracy = Train(scratch, "scratch");

Console.WriteLine($"train_size={trainSize} epochs={options.Epochs} seed={options.Seed}");
Console.WriteLine($"transfer_test_accuracy={transferAccuracy:F4}");
Console.WriteLine($"scratch_test_accuracy={scratchAccuracy:F4}");

double Train(Sequential model, string name)
{
    Compile(model);
    Console.WriteLine($"{name}: {model.TrainableWeights.Sum(w => (long)w.ElementCount):N0} trainable of {model.CountParams():N0} parameters");
    var history = model.Fit(x, y, epochs: options.Epochs, batchSize: 64, verbose: 2);
    LearningCurves.Save(history, Path.Combine(options.OutputDirectory, $"transfer-learning-{name}-loss.png"), title: $"Fashion-MNIST, {name}");
    return model.Evaluate(fashionTest.Images, fashionTest.Labels, batchSize: 256)["accuracy"];
}

static void Compile(Model model) =>
    model.Compile(new Adam(learningRate: 1e-3), new SparseCategoricalCrossentropy(fromLogits: true), [Metric.Accuracy]);
