// The TorchSharp-cpu (libtorch) anchor for the workloads of docs/performance.md, built the way a TorchSharp user
// writes them (NCHW images, torch.nn modules, torch.optim), measured exactly like the library's runner (Measure.cs
// is compiled in from benchmarks/DeepLearning.Benchmarks).
// Usage: dotnet TorchSharpAnchor.dll <id> [repeats]
//   id: gemm-128 | gemm-256 | gemm-512 | gemm-1024 | gemm-2048 | mlp32 | mlp128 | cnn | lstm | infer-mlp | infer-cnn
// Prints one line on stdout: "<id>: median <value> <unit> (min-max <min> - <max>)"; the versions go to stderr.
using DeepLearning.Benchmarks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

string[] ids = ["gemm-128", "gemm-256", "gemm-512", "gemm-1024", "gemm-2048", "mlp32", "mlp128", "cnn", "lstm", "infer-mlp", "infer-cnn"];
if (args.Length is < 1 or > 2 || !ids.Contains(args[0]))
{
    Console.Error.WriteLine($"usage: TorchSharpAnchor <id> [repeats]; id one of {string.Join(", ", ids)}");
    return 2;
}
string id = args[0];
int repeats = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7;
torch.set_num_threads(Environment.ProcessorCount);
torch.manual_seed(42);
Console.Error.WriteLine($"TorchSharp {typeof(torch).Assembly.GetName().Version}, threads {torch.get_num_threads()}");

Console.WriteLine(id switch
{
    _ when id.StartsWith("gemm-", StringComparison.Ordinal) => Gemm(int.Parse(id[5..], System.Globalization.CultureInfo.InvariantCulture)),
    "mlp32" => Train(Mlp(), sgd: true, 32, [1, 28, 28]),
    "mlp128" => Train(Mlp(), sgd: true, 128, [1, 28, 28]),
    "cnn" => Train(Cnn(), sgd: false, 64, [1, 28, 28]),
    "lstm" => Train(new LastStepLstm(), sgd: false, 64, [28, 28]),
    "infer-mlp" => Infer(Mlp(), 256),
    _ => Infer(Cnn(), 256),
});
return 0;

// C = A·B for square n×n random-normal matrices, 2n³ FLOP per product, blocks of 0.25 s.
string Gemm(int n)
{
    using var a = torch.randn(n, n);
    using var b = torch.randn(n, n);
    var r = Measure.Rate(() => torch.matmul(a, b).Dispose(), 2.0 * n * n * n / 1e9, repeats, 0.25);
    return Measure.Line(id, r, "GFLOP/s", "F1");
}

// One training step per call: forward, cross-entropy from logits, backward, optimizer step; 8 batches cycled.
string Train(Module<Tensor, Tensor> model, bool sgd, int batch, long[] sample)
{
    model.train();
    using var loss = CrossEntropyLoss();
    using optim.Optimizer opt = sgd ? optim.SGD(model.parameters(), 0.01) : optim.Adam(model.parameters(), 1e-3);
    long[] shape = [batch, .. sample];
    var xs = Enumerable.Range(0, 8).Select(_ => torch.rand(shape)).ToArray();                       // pixels in [0, 1)
    var ys = Enumerable.Range(0, 8).Select(_ => torch.randint(0, 10, [batch])).ToArray();           // labels 0..9
    int k = 0;
    var r = Measure.Rate(() =>
    {
        using var scope = torch.NewDisposeScope();
        opt.zero_grad();
        loss.forward(model.forward(xs[k % 8]), ys[k % 8]).backward();
        opt.step();
        k++;
    }, batch, repeats);
    return Measure.Line(id, r, "samples/s", "F0");
}

// Inference without gradients, model in eval mode (dropout off), one batch of 256 NCHW images.
string Infer(Module<Tensor, Tensor> model, int batch)
{
    model.eval();
    using var x = torch.rand(batch, 1, 28, 28);
    var r = Measure.Rate(() =>
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        model.forward(x);
    }, batch, repeats);
    return Measure.Line(id, r, "samples/s", "F0");
}

// 784-300-ReLU-100-ReLU-10, logits out (softmax folded into the loss).
static Module<Tensor, Tensor> Mlp() => Sequential(
    Flatten(), Linear(784, 300), ReLU(), Linear(300, 100), ReLU(), Linear(100, 10));

// Conv(32,3×3,same)-ReLU-Conv(64,3×3,same)-ReLU-MaxPool2-Flatten-Dropout0.25-Dense128-ReLU-Dropout0.5-Dense10.
static Module<Tensor, Tensor> Cnn() => Sequential(
    Conv2d(1, 32, 3, padding: 1), ReLU(), Conv2d(32, 64, 3, padding: 1), ReLU(), MaxPool2d(2),
    Flatten(), Dropout(0.25), Linear(64 * 14 * 14, 128), ReLU(), Dropout(0.5), Linear(128, 10));

/// <summary>LSTM(28 → 128) over the 28 rows of an image (batch first); the last time step's hidden state feeds a
/// Linear(128, 10).</summary>
sealed class LastStepLstm : Module<Tensor, Tensor>
{
    private readonly LSTM lstm = LSTM(28, 128, batchFirst: true);
    private readonly Linear head = Linear(128, 10);

    public LastStepLstm() : base(nameof(LastStepLstm)) => RegisterComponents();

    public override Tensor forward(Tensor input)
    {
        var (sequence, h, c) = lstm.forward(input);
        // The final states are returned outside the dispose scope's tracking: free them now, or memory grows.
        h.Dispose();
        c.Dispose();
        return head.forward(sequence[.., -1, ..]);
    }
}
