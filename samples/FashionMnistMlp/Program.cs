// SEEDS A6: the Fashion-MNIST MLP of the course notes, Flatten → Dense(300, relu) → Dense(100, relu) →
// Dense(10, softmax), built twice — with Sequential and with the functional API — and trained with SGD as in
// Géron's chapter 10. Both summaries show 266,610 parameters.
//   dotnet run -c Release --project samples/FashionMnistMlp [-- --epochs N --seed N --data DIR]
using DeepLearning;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Plotting;
using DeepLearning.Samples;

var options = new SampleArgs(args, defaultEpochs: 30);
Generator.Seed((ulong)options.Seed);
var (train, test) = SampleData.FashionMnist(options.DataDirectory);

var sequential = new Sequential(
    new Input(28, 28, 1),
    new Flatten(name: "input"),
    new Dense(300, Activation.ReLU, name: "hidden1"),
    new Dense(100, Activation.ReLU, name: "hidden2"),
    new Dense(10, Activation.Softmax, name: "output"));
sequential.Summary();

var input = new Input([28, 28, 1]);
var flat = new Flatten().Call(input);
var hidden1 = new Dense(300, Activation.ReLU).Call(flat);
var hidden2 = new Dense(100, Activation.ReLU).Call(hidden1);
var output = new Dense(10, Activation.Softmax).Call(hidden2);
var functional = new Model(input, output, name: "functional_mlp");
functional.Summary();

double Train(Model model, string name)
{
    model.Compile(new SGD(learningRate: 0.01), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
    var history = model.Fit(train.Images, train.Labels, epochs: options.Epochs, batchSize: 32, validationSplit: 1.0 / 12);
    LearningCurves.Save(history, Path.Combine(options.OutputDirectory, $"fashion-mlp-{name}-loss.png"), title: $"Fashion-MNIST MLP ({name})");
    double accuracy = model.Evaluate(test.Images, test.Labels, batchSize: 256)["accuracy"];
    Console.WriteLine($"{name}_test_accuracy={accuracy:F4}");
    return accuracy;
}

Train(functional, "functional");
Console.WriteLine($"test_accuracy={Train(sequential, "sequential"):F4}");
