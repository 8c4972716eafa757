// Two interleaved spirals learned by a 2-64-64-2 MLP written directly with tensors and autograd:
// forward pass, cross-entropy, Backward, and a plain SGD-with-momentum update, one step scope per batch.
using DeepLearning;

int epochs = Args.Int(args, "--epochs", 300);
Generator.Seed((ulong)Args.Int(args, "--seed", 42));

const int perClass = 500, hidden = 64, batch = 100;
var (x, y) = Spiral(perClass);
int n = 2 * perClass;

Tensor Param(params int[] shape)
{
    var fanIn = shape[0];
    var p = shape.Length == 1 ? Tensor.Zeros(shape) : Tensor.RandomNormal(shape, 0, Math.Sqrt(2.0 / fanIn));
    p.RequiresGrad = true;
    return p;
}

Tensor[] parameters = [Param(2, hidden), Param(hidden), Param(hidden, hidden), Param(hidden), Param(hidden, 2), Param(2)];
var velocity = parameters.Select(Tensor.ZerosLike).ToArray();

Tensor Forward(Tensor input)
{
    var h = (input.MatMul(parameters[0]) + parameters[1]).Relu();
    h = (h.MatMul(parameters[2]) + parameters[3]).Relu();
    return h.MatMul(parameters[4]) + parameters[5];
}

var order = Enumerable.Range(0, n).ToArray();
var rng = new Random(7);
for (int epoch = 1; epoch <= epochs; epoch++)
{
    rng.Shuffle(order);
    double total = 0;
    for (int start = 0; start < n; start += batch)
    {
        using var step = TensorScope.Begin();
        var idx = Tensor.FromArray(order[start..(start + batch)]);
        var xb = x.Gather(idx);
        var yb = y.Gather(idx);
        var logp = Forward(xb).LogSoftmax();
        var loss = -logp.TakeAlongAxis(yb.Unsqueeze(-1), 1).Mean();
        foreach (var p in parameters) p.ZeroGrad();
        loss.Backward();
        using (Tensor.NoGrad())
            for (int i = 0; i < parameters.Length; i++)
            {
                velocity[i].MulInPlace(0.9).AddInPlace(parameters[i].Grad!, -0.05);
                parameters[i].AddInPlace(velocity[i]);
            }
        total += loss.Item() * batch;
    }
    if (epoch == 1 || epoch % 50 == 0) Console.WriteLine($"epoch {epoch,4}  loss {total / n:F4}");
}

using (Tensor.NoGrad())
{
    var accuracy = Forward(x).ArgMax(-1).Eq(y).Cast(DType.Float32).Mean().Item();
    Console.WriteLine($"train_accuracy={accuracy:F4}");
}

static (Tensor X, Tensor Y) Spiral(int perClass)
{
    var points = new float[2 * perClass * 2];
    var labels = new int[2 * perClass];
    var noise = new Random(1);
    for (int c = 0; c < 2; c++)
        for (int i = 0; i < perClass; i++)
        {
            double r = 0.2 + 0.8 * i / perClass, t = 3.5 * Math.PI * i / perClass + c * Math.PI;
            int k = c * perClass + i;
            points[2 * k] = (float)(r * Math.Cos(t) + 0.02 * (noise.NextDouble() - 0.5));
            points[2 * k + 1] = (float)(r * Math.Sin(t) + 0.02 * (noise.NextDouble() - 0.5));
            labels[k] = c;
        }
    return (Tensor.FromArray(points, [2 * perClass, 2]), Tensor.FromArray(labels));
}

static class Args
{
    public static int Int(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out int v) ? v : fallback;
    }
}
