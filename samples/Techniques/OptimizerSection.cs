using DeepLearning.Optimizers;

namespace DeepLearning.Samples.Techniques;

/// <summary>
/// (e) The optimizers of the course notes (SEEDS §2.7, §5.1–5.4) on the same MLP, seed and epochs: plain SGD,
/// momentum 0.9 (velocity form, m ← βm − ηg; θ ← θ + m), Nesterov, RMSProp, Adam and Nadam, each with its usual
/// learning rate (Keras defaults: 0.01 for the SGD family, 0.001 for the adaptive ones).
/// </summary>
public static class OptimizerSection
{
    /// <summary>Runs the section; returns the test accuracy of the optimizer with the best validation accuracy.</summary>
    public static double Run(SectionContext context)
    {
        var results = Comparison.Run(context, "Optimizers", "techniques-optimizers-val-loss.png",
        [
            new("SGD", _ => new SGD(0.01)),
            new("Momentum 0.9", _ => new SGD(0.01, momentum: 0.9)),
            new("Nesterov 0.9", _ => new SGD(0.01, momentum: 0.9, nesterov: true)),
            new("RMSProp", _ => new RMSprop(1e-3)),
            new("Adam", _ => new Adam(1e-3)),
            new("Nadam", _ => new Nadam(1e-3)),
        ]);
        var best = Comparison.Best(results);
        Console.WriteLine($"best_optimizer={best.Name.Replace(' ', '_')}");
        Console.WriteLine($"best_optimizer_test_accuracy={best.TestAccuracy:F4}");
        return best.TestAccuracy;
    }
}
