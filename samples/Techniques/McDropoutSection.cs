using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Plotting;

namespace DeepLearning.Samples.Techniques;

/// <summary>
/// (a) MC Dropout (SEEDS L5, R5; Géron §3.6.3): train the dropout MLP, then rebuild it with <see cref="MCDropout"/>
/// layers in place of the Dropout layers (the Dense layers and their weights are shared), predict the test set
/// <c>--mc-samples</c> times (default 50) and average the class probabilities. The predictive entropy
/// H = −Σₖ p̄ₖ ln p̄ₖ of the averaged probabilities measures the model's uncertainty: it should be higher on the
/// images the model gets wrong.
/// </summary>
public static class McDropoutSection
{
    /// <summary>Runs the section; returns the MC-averaged test accuracy.</summary>
    public static double Run(SectionContext context)
    {
        context.Reseed();
        var (train, test) = (context.Fashion.Train, context.Fashion.Test);
        int samples = context.Options.Int("--mc-samples", 50);

        var model = FashionMlp.BuildWithDropout(0.2);
        model.Compile(new Nadam(), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
        model.Summary();
        var history = model.Fit(train.Images, train.Labels, epochs: context.Epochs, batchSize: 32, validationSplit: FashionData.ValidationSplit);
        LearningCurves.Save(history, context.Output("techniques-mc-dropout-loss.png"), title: "Dropout MLP (Fashion-MNIST)");
        double plainAccuracy = model.Evaluate(test.Images, test.Labels, batchSize: 256)["accuracy"];

        // Géron: mc_model = Sequential([MCDropout(l.rate) if isinstance(l, Dropout) else l for l in model.layers]).
        var mcModel = new Sequential([new Input(28, 28, 1), .. model.StackedLayers.Select(l => l is Dropout d ? new MCDropout(d.Rate) : l)], "mc_dropout_mlp");

        // Mean of the class probabilities over the stochastic passes: (10000, 10).
        Tensor mean = Tensor.Zeros([test.Count, 10]);
        for (int i = 0; i < samples; i++)
            mean += mcModel.Predict(test.Images, batchSize: 1000);
        mean /= samples;

        var labels = test.Labels.ToArray<int>();
        var predicted = mean.ArgMax(-1).ToArray<int>();
        var entropy = (-(mean * mean.Clip(1e-12, 1).Log()).Sum(-1)).ToArray<float>();
        double wrongSum = 0, rightSum = 0;
        int wrong = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (predicted[i] != labels[i]) { wrongSum += entropy[i]; wrong++; }
            else rightSum += entropy[i];
        }
        double mcAccuracy = 1 - (double)wrong / labels.Length;

        Console.WriteLine($"dropout_test_accuracy={plainAccuracy:F4}");
        Console.WriteLine($"mc_samples={samples}");
        Console.WriteLine($"mc_test_accuracy={mcAccuracy:F4}");
        Console.WriteLine($"mc_misclassified={wrong}");
        Console.WriteLine($"mc_entropy_misclassified={wrongSum / wrong:F4}");
        Console.WriteLine($"mc_entropy_correct={rightSum / (labels.Length - wrong):F4}");
        return mcAccuracy;
    }
}
