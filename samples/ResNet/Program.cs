// A small ResNet (SEEDS A16/L17) built with the functional API on Fashion-MNIST: a 3×3 stem convolution, three
// stages of residual blocks (Conv–BN–ReLU–Conv–BN, add the shortcut, ReLU) with 32, 64, 128 filters, the later
// stages entered with stride 2 and a 1×1 projection shortcut, global average pooling and a softmax classifier.
// Trained on the 60,000 training images (the last 10 % for validation), evaluated on the 10,000 test images.
//   dotnet run -c Release --project samples/ResNet [-- --epochs N --seed N --batch N --width N --blocks N --lr X --data DIR]
using System.Diagnostics;
using DeepLearning;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Optimizers;
using DeepLearning.Plotting;
using DeepLearning.Samples;
using DeepLearning.Samples.ResNet;
using DeepLearning.Schedules;

var clock = Stopwatch.StartNew();
var options = new SampleArgs(args, defaultEpochs: 8);
int batchSize = options.Int("--batch", 128);
int width = options.Int("--width", 32);
int blocks = options.Int("--blocks", 1);
double peakRate = options.Double("--lr", 3e-3);
Generator.Seed((ulong)options.Seed);

var (train, test) = SampleData.FashionMnist(options.DataDirectory);

var model = ResNetBuilder.Build(width, stages: 3, blocksPerStage: blocks);
const double validationSplit = 0.1;
long steps = options.Epochs * (long)Math.Ceiling(train.Count * (1 - validationSplit) / batchSize);
// Adam under a cosine decay from the peak rate to 0 over the whole run (SGDR-style annealing without restarts).
model.Compile(new Adam(new CosineDecay(peakRate, steps)), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
model.Summary();

var history = model.Fit(train.Images, train.Labels, epochs: options.Epochs, batchSize: batchSize, validationSplit: validationSplit);
var result = model.Evaluate(test.Images, test.Labels, batchSize: 256);

Directory.CreateDirectory(options.OutputDirectory);
LearningCurves.Save(history, Path.Combine(options.OutputDirectory, "resnet-curves.png"), title: "Fashion-MNIST ResNet (A16)");
model.Save(Path.Combine(options.OutputDirectory, "resnet.dlmodel"));
Console.WriteLine($"wall_clock_seconds={clock.Elapsed.TotalSeconds:F0}");
Console.WriteLine($"test_loss={result["loss"]:F4}");
Console.WriteLine($"test_accuracy={result["accuracy"]:F4}");
