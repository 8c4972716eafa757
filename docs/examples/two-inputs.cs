#!/usr/bin/env -S dotnet run -c Release
#:project ../../src/DeepLearning/DeepLearning.csproj
// A functional model with two inputs (Géron's "wide and deep" shape): the image goes through a deep path
// (Flatten → Dense → Dense), 56 hand-made features (the mean brightness of each row and each column) take a short
// path, and Concatenate joins them before the softmax. Fit, Evaluate and Predict take one tensor per input.
//   dotnet run -c Release two-inputs.cs               10 epochs on the 60,000 training images
//   dotnet run -c Release two-inputs.cs -- --quick    1 epoch on 2,000 images (also: EXAMPLES_QUICK=1)
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
var (images, labels) = quick ? (train.Images[..2000], train.Labels[..2000]) : (train.Images, train.Labels);

// (N, 28, 28, 1) → (N, 56): 28 row means then 28 column means.
static Tensor Profiles(Tensor images)
{
    using var noGrad = Tensor.NoGrad();
    int n = images.Shape[0];
    var rows = images.Mean(axis: 2).Reshape(n, 28);
    var columns = images.Mean(axis: 1).Reshape(n, 28);
    return Tensor.Concat([rows, columns], axis: 1);
}

var image = new Input([28, 28, 1], name: "image");
var profile = new Input([56], name: "profile");
var deep = new Dense(128, Activation.ReLU).Call(new Flatten().Call(image));
deep = new Dense(64, Activation.ReLU).Call(deep);
var wide = new Dense(16, Activation.ReLU).Call(profile);
var joined = new Concatenate().Call(deep, wide);
var output = new Dense(10, Activation.Softmax).Call(joined);
var model = new Model([image, profile], [output], name: "wide_and_deep");
model.Compile(new Adam(learningRate: 1e-3), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
model.Summary();

model.Fit([images, Profiles(images)], [labels], epochs: quick ? 1 : 10, batchSize: 64, validationSplit: 0.1);
var result = model.Evaluate([test.Images, Profiles(test.Images)], [test.Labels], batchSize: 256);
var firstFive = model.Predict([test.Images[..5], Profiles(test.Images[..5])]).ArgMax(axis: 1).ToArray<int>();
Console.WriteLine($"test accuracy {result["accuracy"]:P1}; first five predicted: "
    + string.Join(", ", firstFive.Select(k => FashionMnist.ClassNames[k])));
