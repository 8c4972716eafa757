using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Plotting;

namespace DeepLearning.Samples.Sequences;

/// <summary>
/// Part B (Géron, chapter 15): forecast the next value of a noisy sum of two sines from its last 50 values with a
/// stacked GRU (GRU(20, return sequences) → GRU(20) → Dense(1)), compared with the naive forecast "the next value
/// equals the last one".
/// </summary>
public static class SeriesForecast
{
    /// <summary>The number of observed steps per series (Géron's n_steps).</summary>
    public const int Steps = 50;

    /// <summary>Generates 10,000 series of 51 steps (7,000 train, 2,000 validation, 1,000 test), trains the RNN,
    /// prints both test MSEs and their ratio, saves the learning curves and returns the ratio.</summary>
    public static double Run(SampleArgs options, int epochs)
    {
        // The series come from their own generator, seeded from the sample's seed, so the data do not depend on
        // what part A drew before.
        var series = TimeSeries.Generate(10_000, Steps + 1, new Generator((ulong)options.Seed));
        var x = series.Narrow(1, 0, Steps).Contiguous();            // (10000, 50, 1)
        var y = series.Select(1, Steps).Contiguous();               // (10000, 1): the value to forecast
        var (xTrain, yTrain) = (x.Narrow(0, 0, 7_000), y.Narrow(0, 0, 7_000));
        var (xValid, yValid) = (x.Narrow(0, 7_000, 2_000), y.Narrow(0, 7_000, 2_000));
        var (xTest, yTest) = (x.Narrow(0, 9_000, 1_000), y.Narrow(0, 9_000, 1_000));
        Console.WriteLine($"Generated 10,000 series of {Steps + 1} steps: 7,000 train, 2,000 validation, 1,000 test");

        // Naive forecast: the last observed value.
        double naive = (xTest.Select(1, Steps - 1) - yTest).Square().Mean().Item();

        var model = new Sequential(
            new Input(Steps, 1),
            new GRU(20, returnSequences: true, name: "gru1"),
            new GRU(20, name: "gru2"),
            new Dense(1, name: "forecast"));
        model.Compile(new Adam(learningRate: 1e-3), new MeanSquaredError());
        model.Summary();

        var history = model.Fit(xTrain, yTrain, epochs: epochs, batchSize: 32, validationData: (xValid, yValid));
        double rnn = model.Evaluate(xTest, yTest, batchSize: 256)["loss"];

        LearningCurves.Save(new Dictionary<string, IReadOnlyList<double>> { ["loss"] = history["loss"], ["val_loss"] = history["val_loss"] },
            Path.Combine(options.OutputDirectory, "sequences-series-gru-loss.png"), "Time series, stacked GRU (MSE)", "MSE", logY: true);
        Console.WriteLine($"naive_mse={naive:F5}");
        Console.WriteLine($"rnn_mse={rnn:F5}");
        Console.WriteLine($"mse_ratio={rnn / naive:F4}");
        return rnn / naive;
    }
}
