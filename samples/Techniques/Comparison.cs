using System.Diagnostics;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models.Callbacks;
using DeepLearning.Optimizers;
using DeepLearning.Plotting;

namespace DeepLearning.Samples.Techniques;

/// <summary>One contender of a comparison: a name, a fresh optimizer for <paramref name="StepsPerEpoch"/> steps per
/// epoch, and optional callbacks.</summary>
/// <param name="Name">The name in the table and the legend.</param>
/// <param name="MakeOptimizer">Makes the optimizer, given the steps per epoch (for schedules counted in steps).</param>
/// <param name="MakeCallbacks">Makes the callbacks of the run (null: none).</param>
public sealed record Contender(string Name, Func<long, Optimizer> MakeOptimizer, Func<IReadOnlyList<Callback>>? MakeCallbacks = null);

/// <summary>The result of one contender.</summary>
public sealed record ContenderResult(string Name, History History, double TestAccuracy, double TestLoss, TimeSpan Time)
{
    /// <summary>The lowest validation loss over the epochs.</summary>
    public double BestValidationLoss => History["val_loss"].Min();

    /// <summary>The validation accuracy of the last epoch.</summary>
    public double FinalValidationAccuracy => History["val_accuracy"][^1];
}

/// <summary>
/// Trains the Fashion-MNIST MLP once per contender under identical conditions (the generator reseeded before each,
/// so the same initial weights and the same shuffles; the same epochs, batch size and validation split), then prints
/// a table and plots the validation loss of every contender per epoch.
/// </summary>
public static class Comparison
{
    /// <summary>Batch size of every run.</summary>
    public const int BatchSize = 32;

    /// <summary>Runs the contenders; returns their results in order.</summary>
    public static IReadOnlyList<ContenderResult> Run(SectionContext context, string title, string plotFile, IReadOnlyList<Contender> contenders)
    {
        var (train, test) = (context.Fashion.Train, context.Fashion.Test);
        int trainCount = (int)Math.Ceiling(train.Count * (1 - FashionData.ValidationSplit));
        long stepsPerEpoch = (trainCount + BatchSize - 1) / BatchSize;
        var results = new List<ContenderResult>();
        foreach (var contender in contenders)
        {
            Console.WriteLine($"{title}: {contender.Name}");
            context.Reseed();
            var clock = Stopwatch.StartNew();
            var model = FashionMlp.Build();
            model.Compile(contender.MakeOptimizer(stepsPerEpoch), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
            var history = model.Fit(train.Images, train.Labels, epochs: context.Epochs, batchSize: BatchSize,
                validationSplit: FashionData.ValidationSplit, callbacks: contender.MakeCallbacks?.Invoke());
            var test_ = model.Evaluate(test.Images, test.Labels, batchSize: 256);
            results.Add(new ContenderResult(contender.Name, history, test_["accuracy"], test_["loss"], clock.Elapsed));
        }

        LearningCurves.Save(results.ToDictionary(r => r.Name, r => r.History["val_loss"]), context.Output(plotFile),
            $"{title}: validation loss (Fashion-MNIST MLP)", "validation loss");
        Console.WriteLine();
        Console.WriteLine($"{title} ({context.Epochs} epochs, batch {BatchSize}, seed {context.Seed}):");
        Console.WriteLine($"  {"",-16} {"train loss",10} {"val loss",9} {"best val",9} {"val acc",8} {"test acc",9} {"time (s)",9}");
        foreach (var r in results)
            Console.WriteLine($"  {r.Name,-16} {r.History["loss"][^1],10:F4} {r.History["val_loss"][^1],9:F4} {r.BestValidationLoss,9:F4} " +
                $"{r.FinalValidationAccuracy,8:F4} {r.TestAccuracy,9:F4} {r.Time.TotalSeconds,9:F0}");
        return results;
    }

    /// <summary>The contender with the best final validation accuracy (the test set is not used to choose).</summary>
    public static ContenderResult Best(IReadOnlyList<ContenderResult> results) => results.MaxBy(r => r.FinalValidationAccuracy)!;
}
