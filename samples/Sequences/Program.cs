// Recurrent networks, two ways (SEEDS §2.4 L18–L21, A26): (A) an LSTM classifies MNIST digits read row by row
// (28 time steps of 28 pixels); (B) a stacked GRU forecasts the next value of Géron's synthetic series (two noisy
// sines, 50 steps) and is compared with the naive last-value forecast. The last line is part A's test accuracy.
//   dotnet run -c Release --project samples/Sequences [-- --part mnist|series|all --epochs N --seed N --data DIR --out DIR]
// Default: 20 epochs for each part; --epochs N sets both. Both parts print their name=value lines; the last line is
// part A's test accuracy (or part B's MSE ratio with --part series).
using System.Diagnostics;
using DeepLearning;
using DeepLearning.Samples;
using DeepLearning.Samples.Sequences;

var clock = Stopwatch.StartNew();
var options = new SampleArgs(args, defaultEpochs: 20);
string part = options.String("--part") ?? "all";
if (part is not ("mnist" or "series" or "all"))
    throw new ArgumentException($"Sequences: --part must be mnist, series or all; got '{part}'.");
Generator.Seed((ulong)options.Seed);
Directory.CreateDirectory(options.OutputDirectory);

double? accuracy = null, ratio = null;
if (part is "mnist" or "all")
    accuracy = MnistRows.Run(options, options.Epochs);
if (part is "series" or "all")
    ratio = SeriesForecast.Run(options, options.Epochs);

Console.WriteLine($"wall_clock_seconds={clock.Elapsed.TotalSeconds:F0}");
if (accuracy is { } a) Console.WriteLine($"test_accuracy={a:F4}");
else Console.WriteLine($"mse_ratio={ratio:F4}");
