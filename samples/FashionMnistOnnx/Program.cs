// Trains the A9 CNN (the FashionMnistCnn sample's model) on Fashion-MNIST, exports it to ONNX, and writes the test
// images with the library's predicted probabilities, for the separate OnnxRuntimeCheck program to compare:
//   dotnet run -c Release --project samples/FashionMnistOnnx [-- --epochs N --train N --test N --seed N --out DIR]
//   dotnet run -c Release --project samples/OnnxRuntimeCheck [-- DIR]
// Files in DIR (default ./sample-output): fashion-cnn.onnx; onnx-check-images.f32 (N, 28, 28, 1), onnx-check-labels.i32
// (N) and onnx-check-probabilities.f32 (N, 10), raw little-endian.
using DeepLearning;
using DeepLearning.Losses;
using DeepLearning.Onnx;
using DeepLearning.Optimizers;
using DeepLearning.Samples;

var clock = System.Diagnostics.Stopwatch.StartNew();
var options = new SampleArgs(args, defaultEpochs: 2);
Generator.Seed((ulong)options.Seed);
var (train, test) = SampleData.FashionMnist(options.DataDirectory);
int trainCount = Math.Min(options.Int("--train", train.Count), train.Count);
int testCount = Math.Min(options.Int("--test", test.Count), test.Count);
var xTrain = train.Images.Narrow(0, 0, trainCount);
var yTrain = train.Labels.Narrow(0, 0, trainCount);
var xTest = test.Images.Narrow(0, 0, testCount).Contiguous();
var yTest = test.Labels.Narrow(0, 0, testCount).Contiguous();

var model = A9Cnn.Build();
model.Compile(new Adam(learningRate: 1e-3), new SparseCategoricalCrossentropy(), [DeepLearning.Metrics.Metric.Accuracy]);
model.Fit(xTrain, yTrain, epochs: options.Epochs, batchSize: 64);
var result = model.Evaluate(xTest, yTest, batchSize: 256);
var probabilities = model.Predict(xTest, batchSize: 256);

Directory.CreateDirectory(options.OutputDirectory);
string onnxPath = Path.Combine(options.OutputDirectory, "fashion-cnn.onnx");
OnnxExporter.Save(model, onnxPath);
WriteRaw("onnx-check-images.f32", xTest.ToArray<float>());
WriteRaw("onnx-check-labels.i32", yTest.ToArray<int>());
WriteRaw("onnx-check-probabilities.f32", probabilities.ToArray<float>());
Console.WriteLine($"Trained on {trainCount:N0} images for {options.Epochs} epoch(s); test accuracy {result["accuracy"]:F4} on {testCount:N0} images.");
Console.WriteLine($"Exported {onnxPath} ({new FileInfo(onnxPath).Length:N0} bytes, opset {OnnxExporter.Opset}).");
Console.WriteLine($"Now run: dotnet run -c Release --project samples/OnnxRuntimeCheck -- {options.OutputDirectory}");
Console.WriteLine($"wall_clock_seconds={clock.Elapsed.TotalSeconds:F0}");

void WriteRaw<T>(string file, T[] values) where T : unmanaged
{
    string path = Path.Combine(options.OutputDirectory, file);
    string temp = path + ".tmp";
    File.WriteAllBytes(temp, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    File.Move(temp, path, overwrite: true);
}
