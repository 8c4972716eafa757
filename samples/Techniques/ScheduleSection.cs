using DeepLearning.Models.Callbacks;
using DeepLearning.Optimizers;
using DeepLearning.Plotting;
using DeepLearning.Schedules;

namespace DeepLearning.Samples.Techniques;

/// <summary>
/// (f) Learning-rate schedules (SEEDS §2.8, §5.5; Géron §3.4) on SGD with momentum 0.9 and η₀ = 0.01, same MLP, seed
/// and epochs: a constant rate (the reference), power scheduling η₀/(1 + t/s) with s = 2 epochs of steps
/// (InverseTimeDecay), exponential scheduling η₀·0.1^(t/s) with s = the whole run (ExponentialDecay: the rate ends
/// 10× lower), performance scheduling (ReduceLROnPlateau on val_loss, factor 0.5, patience 1: with 10 epochs, a patience of 2 never fired in our runs) and 1cycle
/// (OneCycle over the run, peak 0.05).
/// </summary>
public static class ScheduleSection
{
    /// <summary>Runs the section; returns the test accuracy of the schedule with the best validation accuracy.</summary>
    public static double Run(SectionContext context)
    {
        int epochs = context.Epochs;
        var results = Comparison.Run(context, "Schedules", "techniques-schedules-val-loss.png",
        [
            new("Constant", _ => new SGD(0.01, momentum: 0.9)),
            new("Power", steps => new SGD(InverseTimeDecay.PowerScheduling(0.01, 2 * steps), momentum: 0.9)),
            new("Exponential", steps => new SGD(new ExponentialDecay(0.01, epochs * steps, 0.1), momentum: 0.9)),
            new("Plateau", _ => new SGD(0.01, momentum: 0.9), () => [new ReduceLROnPlateau(factor: 0.5, patience: 1)]),
            new("1cycle", steps => new SGD(new OneCycle(epochs * steps, 0.05), momentum: 0.9)),
        ]);
        LearningCurves.Save(results.ToDictionary(r => r.Name, r => r.History["learning_rate"]), context.Output("techniques-schedules-learning-rate.png"),
            "Schedules: learning rate at the end of each epoch", "learning rate", logY: true);
        var best = Comparison.Best(results);
        Console.WriteLine($"best_schedule={best.Name}");
        Console.WriteLine($"best_schedule_test_accuracy={best.TestAccuracy:F4}");
        return best.TestAccuracy;
    }
}
