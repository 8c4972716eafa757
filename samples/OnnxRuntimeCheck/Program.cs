// Runs the model the FashionMnistOnnx sample exported in ONNX Runtime, on the test images it wrote, and prints how
// far ONNX Runtime's predictions agree with the training library's:
//   dotnet run -c Release --project samples/OnnxRuntimeCheck [-- DIR]   (DIR: the trainer's --out, default ./sample-output)
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

string dir = args.Length > 0 ? args[0] : Path.Combine(Environment.CurrentDirectory, "sample-output");
string onnxPath = Path.Combine(dir, "fashion-cnn.onnx");
if (!File.Exists(onnxPath))
{
    Console.Error.WriteLine($"{onnxPath} does not exist; run samples/FashionMnistOnnx first.");
    return 1;
}
var images = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(dir, "onnx-check-images.f32"))).ToArray();
var labels = MemoryMarshal.Cast<byte, int>(File.ReadAllBytes(Path.Combine(dir, "onnx-check-labels.i32"))).ToArray();
var expected = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(dir, "onnx-check-probabilities.f32"))).ToArray();
int n = labels.Length, classes = expected.Length / n;

using var session = new InferenceSession(onnxPath);
string input = session.InputMetadata.Keys.Single();
var probabilities = new float[n * classes];
const int batch = 500; // a batch size of our choosing: the file's batch axis is dynamic
for (int start = 0; start < n; start += batch)
{
    int count = Math.Min(batch, n - start);
    var x = new DenseTensor<float>(images.AsMemory(start * 784, count * 784), [count, 28, 28, 1]);
    using var results = session.Run([NamedOnnxValue.CreateFromTensor(input, x)]);
    results[0].AsTensor<float>().ToArray().CopyTo(probabilities, start * classes);
}

int agree = 0, ortCorrect = 0, libCorrect = 0;
double maxDiff = 0;
for (int i = 0; i < n; i++)
{
    int a = ArgMax(probabilities.AsSpan(i * classes, classes)), b = ArgMax(expected.AsSpan(i * classes, classes));
    agree += a == b ? 1 : 0;
    ortCorrect += a == labels[i] ? 1 : 0;
    libCorrect += b == labels[i] ? 1 : 0;
    for (int k = 0; k < classes; k++) maxDiff = Math.Max(maxDiff, Math.Abs(probabilities[i * classes + k] - expected[i * classes + k]));
}
Console.WriteLine($"ONNX Runtime {OrtEnv.Instance().GetVersionString()} ran {Path.GetFileName(onnxPath)} on {n:N0} test images.");
Console.WriteLine($"predicted class agreement: {agree:N0}/{n:N0} ({100.0 * agree / n:F2} %)");
Console.WriteLine($"max |p_onnxruntime - p_library| = {maxDiff:E2}");
Console.WriteLine($"accuracy: ONNX Runtime {(double)ortCorrect / n:F4}, library {(double)libCorrect / n:F4}");
return agree == n ? 0 : 2;

static int ArgMax(ReadOnlySpan<float> values)
{
    int best = 0;
    for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
    return best;
}
