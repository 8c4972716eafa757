// The README's main job: the course notes' "High Accuracy MNIST" CNN (SEEDS A9) trained with Adam on
// Fashion-MNIST — 60,000 training images, evaluated on the 10,000 test images.
//   dotnet run -c Release --project samples/FashionMnistCnn [-- --epochs N --seed N --batch N --data DIR]
using System.Diagnostics;
using DeepLearning;
using DeepLearning.Data;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Optimizers;
using DeepLearning.Plotting;
using DeepLearning.Samples;

var clock = Stopwatch.StartNew();
var options = new SampleArgs(args, defaultEpochs: 8);
int batchSize = options.Int("--batch", 64);
Generator.Seed((ulong)options.Seed);

var (train, test) = SampleData.FashionMnist(options.DataDirectory);

var model = A9Cnn.Build();
model.Compile(new Adam(learningRate: 1e-3), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
model.Summary();

var history = model.Fit(train.Images, train.Labels, epochs: options.Epochs, batchSize: batchSize, validationSplit: 0.1);
var result = model.Evaluate(test.Images, test.Labels, batchSize: 256);

Directory.CreateDirectory(options.OutputDirectory);
LearningCurves.Save(history, Path.Combine(options.OutputDirectory, "fashion-cnn-loss.png"), title: "Fashion-MNIST CNN (A9, Adam)");
// Where it goes wrong: the confusion matrix of the test set and the first 32 test images with their predictions.
var predicted = model.Predict(test.Images, batchSize: 256).ArgMax(-1).ToArray<int>();
var truth = test.Labels.ToArray<int>();
ConfusionMatrixPlot.Save(ConfusionMatrixPlot.Count(truth, predicted, 10), Path.Combine(options.OutputDirectory, "fashion-cnn-confusion.png"),
    FashionMnist.ClassNames, "Fashion-MNIST CNN: test confusion matrix", width: 900, height: 800);
ImageGrid.Save(Path.Combine(options.OutputDirectory, "fashion-cnn-predictions.png"), test.Images.Narrow(0, 0, 32), predicted[..32], truth[..32],
    FashionMnist.ClassNames);
model.Save(Path.Combine(options.OutputDirectory, "fashion-cnn.dlmodel"));
Console.WriteLine($"wall_clock_seconds={clock.Elapsed.TotalSeconds:F0}");
Console.WriteLine($"test_loss={result["loss"]:F4}");
Console.WriteLine($"test_accuracy={result["accuracy"]:F4}");
