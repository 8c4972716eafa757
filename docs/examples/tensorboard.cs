#!/usr/bin/env -S dotnet run -c Release
#:project ../../src/DeepLearning.TensorBoard/DeepLearning.TensorBoard.csproj
// TensorBoard: the Fashion-MNIST MLP trained with a TensorBoardCallback, which writes the loss, accuracy and learning
// rate (training and validation), a histogram of every weight per epoch and eight input images to event files
// under logs/mlp-<time>. The history is also saved as CSV beside them, to compare.
//   dotnet run -c Release tensorboard.cs               10 epochs on the 60,000 training images
//   dotnet run -c Release tensorboard.cs -- --quick    1 epoch on 2,000 images (also: EXAMPLES_QUICK=1)
//   tensorboard --logdir logs                          then open http://localhost:6006
using DeepLearning;
using DeepLearning.Data;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.TensorBoard;

bool quick = args.Contains("--quick") || Environment.GetEnvironmentVariable("EXAMPLES_QUICK") == "1";
Generator.Seed(42);

var (train, test) = FashionMnist.Load();
var (x, y) = quick ? (train.Images[..2000], train.Labels[..2000]) : (train.Images, train.Labels);

var model = new Sequential(
    new Input(28, 28, 1),
    new Flatten(),
    new Dense(300, Activation.ReLU),
    new Dense(100, Activation.ReLU),
    new Dense(10, Activation.Softmax));
model.Compile(new SGD(learningRate: 0.01), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);

string run = Path.Combine("logs", $"mlp-{DateTime.Now:yyyyMMdd-HHmmss}");
var board = new TensorBoardCallback(run, new TensorBoardOptions { Images = train.Images[..8], BatchFrequency = 50 });
var history = model.Fit(x, y, epochs: quick ? 1 : 10, batchSize: 32, validationSplit: 0.1, callbacks: [board]);
history.SaveCsv(Path.Combine(run, "history.csv"));

Console.WriteLine($"test accuracy {model.Evaluate(test.Images, test.Labels, batchSize: 256)["accuracy"]:P1}");
Console.WriteLine($"event files: {board.TrainFile} and {board.ValidationFile}");
Console.WriteLine("view them with: tensorboard --logdir logs");
