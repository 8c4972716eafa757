// Training techniques of the course notes, one section each (SEEDS §2.9–2.13, §5.1–5.5):
//   mc-dropout     (a) MC Dropout with a subclassed Dropout layer: uncertainty of wrong vs right predictions (L5)
//   selu           (b) a self-normalising SELU network on standardised inputs, with AlphaDropout (AC7, L6)
//   transfer       (c) transfer learning MNIST 0–4 → 5–9 with 100 labels per class, against training from scratch (P12)
//   random-search  (d) random search with a log-uniform learning rate (P6, fact 15)
//   optimizers     (e) SGD, momentum, Nesterov, RMSProp, Adam, Nadam on the same MLP (§2.7, §5.1–5.4)
//   schedules      (f) constant, power, exponential, plateau and 1cycle learning rates (§2.8, §5.5)
// Default: 10 epochs per trained model (5 per random-search trial; 10 for MNIST model A and 20 for the task-B models
// of the transfer section). These are short runs, so the whole sample (26 models, each on the full training split)
// stays within a few minutes on 2 cores. Every section reseeds the generator with --seed, so a section run alone
// gives the same numbers as in a full run.
// The last line is the test accuracy of the optimizer with the best validation accuracy in (e) (with --only, the
// section's own main metric).
//   dotnet run -c Release --project samples/Techniques [-- --only NAME --epochs N --seed N --data FASHION_DIR
//       --mnist-data MNIST_DIR --out DIR --mc-samples 50 --trials 10]
using System.Diagnostics;
using DeepLearning.Samples;
using DeepLearning.Samples.Techniques;

var clock = Stopwatch.StartNew();
var options = new SampleArgs(args, defaultEpochs: 10);
Directory.CreateDirectory(options.OutputDirectory);
var context = new SectionContext(options, options.Epochs, new FashionData(options.DataDirectory));

var sections = new (string Name, string Metric, Func<SectionContext, double> Run)[]
{
    ("mc-dropout", "mc_test_accuracy", McDropoutSection.Run),
    ("selu", "selu_test_accuracy", SeluSection.Run),
    ("transfer", "transfer_accuracy", TransferSection.Run),
    ("random-search", "search_best_val_accuracy", RandomSearchSection.Run),
    ("schedules", "best_schedule_test_accuracy", ScheduleSection.Run),
    ("optimizers", "test_accuracy", OptimizerSection.Run),
};
string? only = options.String("--only");
if (only is not null && sections.All(s => s.Name != only))
    throw new ArgumentException($"Techniques: --only must be one of {string.Join(", ", sections.Select(s => s.Name))}; got '{only}'.");

(string Metric, double Value) last = default;
foreach (var (name, metric, run) in sections.Where(s => only is null || s.Name == only))
{
    var sectionClock = Stopwatch.StartNew();
    Console.WriteLine();
    Console.WriteLine($"=== {name} ===");
    last = (metric, run(context));
    Console.WriteLine($"{name.Replace('-', '_')}_seconds={sectionClock.Elapsed.TotalSeconds:F0}");
}
Console.WriteLine($"wall_clock_seconds={clock.Elapsed.TotalSeconds:F0}");
Console.WriteLine($"{last.Metric}={last.Value:F4}");
