// One-object localisation (the course notes' "Object Localization", SEEDS A21): a small CNN regresses the box
// (cx, cy, w, h) of the single rectangle or ellipse in generated 32×32 images (OneObjectImages.cs), trained with
// mean squared error on the four numbers (sigmoid outputs, fractions of the image). On held-out images it reports the
// mean IoU between predicted and true boxes (DeepLearning.Detection.Boxes.Iou) and the share with IoU ≥ 0.5, next to
// the mean IoU of always predicting the training set's mean box.
//   dotnet run -c Release --project samples/Localization [-- --epochs N --seed N --train N --test N --batch N --lr X]
using System.Diagnostics;
using DeepLearning;
using DeepLearning.Detection;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Samples;
using DeepLearning.Samples.Localization;
using DeepLearning.Schedules;

var clock = Stopwatch.StartNew();
var options = new SampleArgs(args, defaultEpochs: 10);
int trainCount = options.Int("--train", 6000), testCount = options.Int("--test", 1000), batchSize = options.Int("--batch", 64);
Generator.Seed((ulong)options.Seed);
var (trainImages, trainBoxes) = OneObjectImages.Generate(trainCount, options.Seed);
var (testImages, testBoxes) = OneObjectImages.Generate(testCount, options.Seed + 1_000_000);

var model = new Sequential(
    new Input(OneObjectImages.Size, OneObjectImages.Size, 1),
    new Conv2D(16, 3, padding: Padding.Same, activation: Activation.ReLU),
    new MaxPooling2D(2),
    new Conv2D(32, 3, padding: Padding.Same, activation: Activation.ReLU),
    new MaxPooling2D(2),
    new Conv2D(32, 3, padding: Padding.Same, activation: Activation.ReLU),
    new MaxPooling2D(2),
    new Flatten(),
    new Dense(64, Activation.ReLU),
    new Dense(4, Activation.Sigmoid, name: "box"));
long steps = options.Epochs * (long)Math.Ceiling(trainCount * 0.9 / batchSize);
model.Compile(new Adam(new CosineDecay(options.Double("--lr", 2e-3), steps)), new MeanSquaredError());
model.Summary();
model.Fit(trainImages, trainBoxes, epochs: options.Epochs, batchSize: batchSize, validationSplit: 0.1);

var predicted = model.Predict(testImages, batchSize: 256);
var iou = Boxes.Iou(predicted, testBoxes, BoxFormat.Center).ToArray<float>();
var meanBox = trainBoxes.Mean([0], keepDims: true);
double baseline = Boxes.Iou(meanBox, testBoxes, BoxFormat.Center).Mean().Item<float>();
Console.WriteLine($"wall_clock_seconds={clock.Elapsed.TotalSeconds:F0}");
Console.WriteLine($"mean_box_baseline_iou={baseline:F4}");
Console.WriteLine($"test_iou_at_least_0.5={iou.Count(v => v >= 0.5) / (double)iou.Length:F4}");
Console.WriteLine($"test_mean_iou={iou.Average():F4}");
