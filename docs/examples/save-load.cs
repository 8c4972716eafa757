#!/usr/bin/env -S dotnet run -c Release
#:project ../../src/DeepLearning/DeepLearning.csproj
// Saving and loading: a whole model (architecture, weights, compile settings and optimizer state) in one
// safetensors file with a checksum, written atomically; loading it gives bit-identical predictions and training
// continues where it stopped. Weights alone go to their own file for a model built in code.
//   dotnet run -c Release save-load.cs               3 + 2 epochs on the 60,000 training images
//   dotnet run -c Release save-load.cs -- --quick    1 + 1 epoch on 2,000 images (also: EXAMPLES_QUICK=1)
using DeepLearning;
using DeepLearning.Data;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Optimizers;

bool quick = args.Contains("--quick") || Environment.GetEnvironmentVariable("EXAMPLES_QUICK") == "1";
Generator.Seed(42);

var (train, test) = FashionMnist.Load();
var (x, y) = quick ? (train.Images[..2000], train.Labels[..2000]) : (train.Images, train.Labels);
int epochs = quick ? 1 : 3;

// Weights are stored under layer names ("hidden/kernel"): naming the layers lets a second model built by this code
// load them (automatic names such as "dense_2" count up within a process).
static Sequential Build() => new(
    new Input(28, 28, 1),
    new Flatten(name: "flatten"),
    new Dense(128, Activation.ReLU, name: "hidden"),
    new Dense(10, Activation.Softmax, name: "output"));

var model = Build();
model.Compile(new Adam(learningRate: 1e-3), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
model.Fit(x, y, epochs: epochs, batchSize: 64);

// 1. The whole model. A crash while saving leaves the previous file intact (temporary file + rename).
string path = Path.Combine(Environment.CurrentDirectory, "fashion-mlp.dlmodel");
model.Save(path);
var loaded = Model.Load(path);                          // rebuilt from the file; compiled with the optimizer state
var sample = test.Images[..100];
bool identical = model.Predict(sample).ToArray<float>().SequenceEqual(loaded.Predict(sample).ToArray<float>());
Console.WriteLine($"saved {new FileInfo(path).Length:N0} bytes; loaded predictions bit-identical: {identical}");
if (!identical) throw new InvalidOperationException("The loaded model predicts differently.");

// Training continues from the saved optimizer state (Adam's moments and step count).
loaded.Fit(x, y, new FitOptions { InitialEpoch = epochs, Epochs = epochs + (quick ? 1 : 2), BatchSize = 64 });
Console.WriteLine($"after more training: test accuracy {loaded.Evaluate(test.Images, test.Labels, batchSize: 256)["accuracy"]:P1}");

// 2. Weights only, into a model built by the same code.
string weights = Path.Combine(Environment.CurrentDirectory, "fashion-mlp.weights.safetensors");
loaded.SaveWeights(weights);
var rebuilt = Build();
rebuilt.LoadWeights(weights);
bool same = loaded.Predict(sample).ToArray<float>().SequenceEqual(rebuilt.Predict(sample).ToArray<float>());
Console.WriteLine($"weights reloaded into a new model: predictions identical: {same}");
if (!same) throw new InvalidOperationException("The reloaded weights predict differently.");
