using DeepLearning.Data;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Plotting;

namespace DeepLearning.Samples.Techniques;

/// <summary>
/// (b) A self-normalising network (SEEDS AC7, L6; Klambauer et al. 2017; Géron §3.2): a plain stack of Dense layers
/// with SELU activations and LeCun-normal initialisation, fed standardised inputs (μ and σ of every pixel fitted on
/// the training images only), with AlphaDropout before the output layer. The activations of every hidden layer should
/// then keep mean ≈ 0 and standard deviation ≈ 1, however deep the stack; the section prints them before training.
/// </summary>
public static class SeluSection
{
    /// <summary>The number of hidden Dense(100, selu) layers.</summary>
    public const int Depth = 10;

    /// <summary>Runs the section; returns the test accuracy.</summary>
    public static double Run(SectionContext context)
    {
        context.Reseed();
        var (train, test) = (context.Fashion.Train, context.Fashion.Test);

        // Per-pixel standardisation: flatten to (N, 784), fit on the training split, transform both splits.
        var scaler = new Standardizer().Fit(train.Images.Reshape(train.Count, 784));
        var xTrain = scaler.Transform(train.Images.Reshape(train.Count, 784));
        var xTest = scaler.Transform(test.Images.Reshape(test.Count, 784));

        var model = new Sequential(new Input(784));
        for (int i = 0; i < Depth; i++)
            model.Add(new Dense(100, Activation.Selu, kernelInitializer: "lecun_normal", name: $"selu{i + 1}"));
        model.Add(new AlphaDropout(0.1));
        model.Add(new Dense(10, Activation.Softmax, name: "output"));
        model.Compile(new Nadam(), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
        model.Summary();

        PrintActivationStatistics(model, xTest.Narrow(0, 0, 1000));
        var history = model.Fit(xTrain, train.Labels, epochs: context.Epochs, batchSize: 32, validationSplit: FashionData.ValidationSplit);
        LearningCurves.Save(history, context.Output("techniques-selu-loss.png"), title: $"SELU MLP, {Depth} hidden layers (Fashion-MNIST)");
        double accuracy = model.Evaluate(xTest, test.Labels, batchSize: 256)["accuracy"];
        Console.WriteLine($"selu_test_accuracy={accuracy:F4}");
        return accuracy;
    }

    /// <summary>Mean and standard deviation of each hidden layer's output on a batch, layer by layer, at initialisation.</summary>
    private static void PrintActivationStatistics(Sequential model, Tensor batch)
    {
        using var scope = TensorScope.Begin();
        using var noGrad = Tensor.NoGrad();
        Console.WriteLine("Activations at initialisation (1,000 standardised test images):");
        var x = batch;
        foreach (var layer in model.StackedLayers)
        {
            if (layer is not Dense { Name: var name } || !name.StartsWith("selu", StringComparison.Ordinal)) continue;
            x = layer.Call(x);
            Console.WriteLine($"  {name,-7} mean {x.Mean().Item(),7:F3}   std {x.Std().Item(),6:F3}");
        }
    }
}
