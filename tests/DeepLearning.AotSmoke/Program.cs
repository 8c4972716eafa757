using System.Globalization;
using DeepLearning;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;

// Usage: save FILE  — trains a small model (fixed seed) and saves it;
//        run FILE   — loads FILE, prints its predictions, trains three more steps and prints the losses and the new
//                     predictions, every float as its bit pattern so two builds can be compared exactly.
if (args.Length != 2 || args[0] is not ("save" or "run"))
{
    Console.Error.WriteLine("usage: DeepLearning.AotSmoke save|run FILE");
    return 2;
}

var g = new Generator(7);
var x = Tensor.RandomNormal([16, 4], generator: g);
var y = Tensor.RandomInt([16], 0, 3, generator: g);
if (args[0] == "save")
{
    Generator.Seed(1);
    var model = new Sequential([new Input(4), new Dense(8, Activation.Tanh), new Dropout(0.1), new Dense(3)], "aot_smoke");
    model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(fromLogits: true));
    model.Fit(x, y, epochs: 2, batchSize: 8, verbose: 0);
    model.Save(args[1]);
    Console.WriteLine($"saved {args[1]}");
    return 0;
}

Generator.Seed(2);
var loaded = Model.Load(args[1]);
Print("predict", loaded.Predict(x));
var history = loaded.Fit(x, y, new FitOptions { Epochs = 3, BatchSize = 16, Verbose = 0, Shuffle = false });
Console.WriteLine("losses " + string.Join(' ', history["loss"].Select(l => BitConverter.DoubleToInt64Bits(l).ToString("x16", CultureInfo.InvariantCulture))));
Print("trained", loaded.Predict(x));
return 0;

static void Print(string what, Tensor t) =>
    Console.WriteLine(what + " " + string.Join(' ', t.ToArray<float>().Select(v => BitConverter.SingleToInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture))));
