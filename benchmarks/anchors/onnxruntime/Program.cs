// The ONNX Runtime (CPU) anchor for the inference workloads of docs/performance.md: the PyTorch models exported by
// export_models.py (NCHW, as an ONNX Runtime user receives them), run the way the ONNX Runtime documentation
// recommends for repeated inference (pre-allocated input and output OrtValues over managed arrays, reused every
// run), measured exactly like the library's runner (Measure.cs is compiled in from benchmarks/DeepLearning.Benchmarks).
// Usage: dotnet OnnxRuntimeAnchor.dll <id> [repeats] [modelDir]
//   id: infer-mlp | infer-cnn (batch 256) | verify (the models against PyTorch's outputs in ref/)
//   modelDir: the folder of infer-mlp.onnx, infer-cnn.onnx and ref/; by default the one above the program.
// Prints one line on stdout: "<id>: median <value> samples/s (min-max <min> - <max>)"; the version goes to stderr.
using System.Globalization;
using DeepLearning.Benchmarks;
using Microsoft.ML.OnnxRuntime;

string[] ids = ["infer-mlp", "infer-cnn", "verify"];
if (args.Length is < 1 or > 3 || !ids.Contains(args[0]))
{
    Console.Error.WriteLine($"usage: OnnxRuntimeAnchor <id> [repeats] [modelDir]; id one of {string.Join(", ", ids)}");
    return 2;
}
string id = args[0];
int repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
string modelDir = args.Length > 2 ? args[2] : ModelDir();
Console.Error.WriteLine($"ONNX Runtime {typeof(InferenceSession).Assembly.GetName().Version}, intra-op threads {Environment.ProcessorCount}");

if (id == "verify") return Verify("infer-mlp") & Verify("infer-cnn") ? 0 : 1;

using (var run = new Runner(Path.Combine(modelDir, id + ".onnx"), 256))
{
    var rng = new Random(42);
    for (int i = 0; i < run.Input.Length; i++) run.Input[i] = rng.NextSingle();                   // pixels in [0, 1)
    var r = Measure.Rate(run.Run, 256, repeats);
    Console.WriteLine(Measure.Line(id, r, "samples/s", "F0"));
}
return 0;

// Runs a model on ref/input.f32 and compares with PyTorch's logits in ref/<model>.out.f32 (written by the export).
bool Verify(string model)
{
    float[] input = ReadFloats(Path.Combine(modelDir, "ref", "input.f32"));
    float[] want = ReadFloats(Path.Combine(modelDir, "ref", model + ".out.f32"));
    using var run = new Runner(Path.Combine(modelDir, model + ".onnx"), input.Length / 784);
    input.CopyTo(run.Input, 0);
    run.Run();
    double worst = 0;
    for (int i = 0; i < want.Length; i++) worst = Math.Max(worst, Math.Abs(run.Output[i] - want[i]));
    bool ok = run.Output.Length == want.Length && worst < 1e-4;
    Console.WriteLine($"verify {model}: batch {input.Length / 784}, max |ONNX Runtime - PyTorch| = {worst:0.0E+0} {(ok ? "ok" : "MISMATCH")}");
    return ok;
}

static float[] ReadFloats(string path)
{
    var bytes = File.ReadAllBytes(path);
    var values = new float[bytes.Length / sizeof(float)];
    Buffer.BlockCopy(bytes, 0, values, 0, values.Length * sizeof(float));
    return values;
}

static string ModelDir()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "infer-mlp.onnx"))) return d.FullName;
    throw new FileNotFoundException("infer-mlp.onnx not found above the program; pass the model folder as the third argument");
}

/// <summary>One session over one model with its (N, 1, 28, 28) input and (N, 10) output bound once to managed
/// arrays; <see cref="Run"/> runs the model on <see cref="Input"/> into <see cref="Output"/>.</summary>
sealed class Runner : IDisposable
{
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue[] _inputs;
    private readonly OrtValue[] _outputs;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public Runner(string path, int batch)
    {
        _options = new SessionOptions
        {
            IntraOpNumThreads = Environment.ProcessorCount,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(path, _options);
        Input = new float[batch * 28 * 28];
        Output = new float[batch * 10];
        _inputs = [OrtValue.CreateTensorValueFromMemory(Input, [batch, 1, 28, 28])];
        _outputs = [OrtValue.CreateTensorValueFromMemory(Output, [batch, 10])];
        _inputNames = [_session.InputNames[0]];
        _outputNames = [_session.OutputNames[0]];
    }

    /// <summary>The input images, NCHW, read by every <see cref="Run"/>.</summary>
    public float[] Input { get; }

    /// <summary>The logits of the last <see cref="Run"/>, N×10.</summary>
    public float[] Output { get; }

    /// <summary>One inference of the whole batch.</summary>
    public void Run() => _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

    public void Dispose()
    {
        _inputs[0].Dispose();
        _outputs[0].Dispose();
        _runOptions.Dispose();
        _session.Dispose();
        _options.Dispose();
    }
}
