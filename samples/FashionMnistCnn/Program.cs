// The README's main job: the course notes' "High Accuracy MNIST" CNN (SEEDS A9) trained with Adam on
// Fashion-MNIST — 60,000 training images, evaluated on the 10,000 test images.
//   dotnet run -c Release --project samples/FashionMnistCnn [-- --epochs N --seed N --batch N --data DIR]
using System.Diagnostics;
using DeepLearning;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Optimizers;
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
LearningCurves.SaveLoss(Path.Combine(options.OutputDirectory, "fashion-cnn-loss.png"), "Fashion-MNIST CNN (A9, Adam)", history);
model.Save(Path.Combine(options.OutputDirectory, "fashion-cnn.dlmodel"));
Console.WriteLine($"wall_clock_seconds={clock.Elapsed.TotalSeconds:F0}");
Console.WriteLine($"test_loss={result["loss"]:F4}");
Console.WriteLine($"test_accuracy={result["accuracy"]:F4}");
