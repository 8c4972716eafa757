using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Plotting;
using DeepLearning.Tuning;

namespace DeepLearning.Samples.Techniques;

/// <summary>
/// (d) Random search on a log scale (SEEDS P6 and fact 15; Bergstra &amp; Bengio 2012; Ng: "r = −4·np.random.rand(),
/// α = 10ʳ"): <see cref="RandomSearch"/> draws the SGD learning rate from LogUniform(1e-4, 1) — every decade equally
/// likely — and the number of units of the two hidden layers, trains each trial on the Fashion-MNIST training split
/// minus its last 5,000 images and ranks the trials by validation accuracy on those 5,000.
/// </summary>
public static class RandomSearchSection
{
    /// <summary>Runs the section; returns the best trial's validation accuracy.</summary>
    public static double Run(SectionContext context)
    {
        context.Reseed();
        var train = context.Fashion.Train;
        int trials = context.Options.Int("--trials", 10);
        int epochs = Math.Max(1, context.Epochs / 2);

        var space = new SearchSpace()
            .LogUniform("learning_rate", 1e-4, 1)
            .IntRange("units1", 32, 320, step: 32)
            .IntRange("units2", 16, 160, step: 16);
        var tuner = new RandomSearch(hp =>
        {
            var model = FashionMlp.Build(hp.GetInt("units1"), hp.GetInt("units2"));
            model.Compile(new SGD(hp.GetDouble("learning_rate")), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
            return model;
        }, space, objective: "val_accuracy", maxTrials: trials, seed: (ulong)context.Seed);
        tuner.TrialEnded += trial => Console.WriteLine($"  {trial}");

        Console.WriteLine($"Random search: {trials} trials of {epochs} epochs, SGD, learning rate on a log scale:");
        Console.WriteLine(space);
        var result = tuner.Search(train.Images, train.Labels, epochs: epochs, batchSize: 32, validationSplit: FashionData.ValidationSplit);
        Console.WriteLine(result.ToTable());
        result.SaveCsv(context.Output("techniques-random-search.csv"));
        SavePlot(context.Output("techniques-random-search.png"), result);
        var best = result.BestTrial;
        Console.WriteLine($"search_best_learning_rate={best.HyperParameters.GetDouble("learning_rate"):G4}");
        Console.WriteLine($"search_best_units={best.HyperParameters.GetInt("units1")},{best.HyperParameters.GetInt("units2")}");
        Console.WriteLine($"search_best_val_accuracy={best.Objective:F4}");
        return best.Objective;
    }

    /// <summary>The best validation accuracy of each completed trial against its learning rate, on a log axis.</summary>
    private static void SavePlot(string path, SearchResult result)
    {
        var done = result.Trials.Where(t => t.HasObjective).ToArray();
        var plot = new ScottPlot.Plot();
        var points = plot.Add.Scatter(
            done.Select(t => Math.Log10(t.HyperParameters.GetDouble("learning_rate"))).ToArray(),
            done.Select(t => t.Objective).ToArray());
        points.LineWidth = 0;
        points.MarkerSize = 10;
        plot.Title("Random search: best validation accuracy of each trial");
        plot.XLabel("log10 learning rate (SGD)");
        plot.YLabel("validation accuracy");
        PlotFile.Save(plot, path, 900, 600);
    }
}
