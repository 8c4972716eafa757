using DeepLearning.Data;
using DeepLearning.Initializers;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Models.Callbacks;
using DeepLearning.Optimizers;

namespace DeepLearning.Tests.Models;

public class FitOptionsTests
{
    [Fact]
    public void DefaultsAreKerasFitDefaults()
    {
        // keras.Model.fit: epochs=1, batch_size=None → 32, validation_split=0.0, shuffle=True, initial_epoch=0,
        // steps_per_epoch=None, verbose="auto" → 1 (a progress bar).
        var o = new FitOptions();
        Assert.Equal((1, 32, 0.0, true, 0, (int?)null, 1), (o.Epochs, o.BatchSize, o.ValidationSplit, o.Shuffle, o.InitialEpoch, o.StepsPerEpoch, o.Verbose));
        Assert.Null(o.ValidationData);
        Assert.Null(o.ClassWeight);
        Assert.Null(o.Callbacks);
        Assert.Equal(o, FitOptions.Default);
    }

    [Theory]
    [InlineData("Epochs")]
    [InlineData("BatchSize")]
    [InlineData("ValidationSplit")]
    [InlineData("ValidationSplitNaN")]
    [InlineData("InitialEpoch")]
    [InlineData("StepsPerEpoch")]
    [InlineData("Verbose")]
    [InlineData("ClassWeight")]
    public void AnInvalidValueCannotBeSet(string property)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => property switch
        {
            "Epochs" => new FitOptions { Epochs = -1 },
            "BatchSize" => new FitOptions { BatchSize = 0 },
            "ValidationSplit" => FitOptions.Default with { ValidationSplit = 1.0 },
            "ValidationSplitNaN" => new FitOptions { ValidationSplit = double.NaN },
            "InitialEpoch" => new FitOptions { InitialEpoch = -2 },
            "StepsPerEpoch" => new FitOptions { StepsPerEpoch = 0 },
            "Verbose" => new FitOptions { Verbose = 3 },
            _ => new FitOptions { ClassWeight = new Dictionary<int, double> { [0] = 1, [1] = -0.5 } },
        });
        Assert.StartsWith("FitOptions: " + property.Replace("NaN", ""), e.Message);
    }

    [Fact]
    public void InitialEpochPastEpochsIsRejectedByFit()
    {
        var model = Linear(0);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            model.Fit(Tensor.Ones([4, 1]), Tensor.Ones([4, 1]), new FitOptions { Epochs = 2, InitialEpoch = 3, Verbose = 0 }));
        Assert.Contains("InitialEpoch must be in [0, Epochs = 2]", e.Message);
    }

    [Fact]
    public void InitialEpochAndStepsPerEpochSetTheEpochsAndTheStepCount()
    {
        // 10 examples in batches of 4 is 3 batches a pass; 5 steps per epoch over epochs 2, 3, 4 is 15 steps.
        var model = Linear(0.01);
        var epochs = new List<int>();
        var history = model.Fit(Tensor.Ones([10, 1]), Tensor.Ones([10, 1]), new FitOptions
        {
            Epochs = 5, InitialEpoch = 2, StepsPerEpoch = 5, BatchSize = 4, Verbose = 0,
            Callbacks = [new LambdaCallback { EpochBegin = (e, _) => epochs.Add(e) }],
        });
        Assert.Equal([2, 3, 4], epochs);
        Assert.Equal(3, history["loss"].Count);
        Assert.Equal(15, model.Optimizer!.Iterations);
    }

    [Fact]
    public void ClassWeightScalesEachExamplesLoss()
    {
        // A zero model predicts 0, so the squared errors against y = [0, 1, 1, 0] are [0, 1, 1, 0]; class weights
        // {0: 1, 1: 3} make them [0, 3, 3, 0] and Keras's sum-over-batch-size mean is 6 / 4 = 1.5. With a sample
        // weight [2, 2, 1, 1] on top: [0, 6, 3, 0] / 4 = 2.25. The learning rate is 0, so every epoch logs the same.
        var x = Tensor.Ones([4, 1]);
        var y = Tensor.FromArray(new float[,] { { 0 }, { 1 }, { 1 }, { 0 } });
        var options = new FitOptions { BatchSize = 4, Epochs = 2, Verbose = 0, ClassWeight = new Dictionary<int, double> { [0] = 1, [1] = 3 } };
        Assert.All(Linear(0).Fit(x, y, options)["loss"], loss => Assert.Equal(1.5, loss, 6));
        var weighted = Linear(0).Fit(x, y, options, sampleWeight: Tensor.FromArray(new float[] { 2, 2, 1, 1 }));
        Assert.Equal(2.25, weighted["loss"][^1], 6);
    }

    [Fact]
    public void ClassWeightWithADatasetIsRejected()
    {
        var data = new TensorDataset(Tensor.Ones([4, 1]), Tensor.Ones([4, 1]));
        var e = Assert.Throws<ArgumentException>(() =>
            Linear(0).Fit(data, new FitOptions { ClassWeight = new Dictionary<int, double> { [1] = 2 }, Verbose = 0 }));
        Assert.Contains("ClassWeight needs in-memory target tensors", e.Message);
    }

    [Fact]
    public void ValidationSplitAppliesToADatasetAsToTensors()
    {
        // 10 examples, split 0.3: training ⌈10 · 0.7⌉ = 7 examples (2 batches of 4), validation the last 3. The model
        // predicts 0 (lr 0), targets are the example index, so val_loss = (7² + 8² + 9²) / 3 = 64.666….
        var x = Tensor.Ones([10, 1]);
        var y = Tensor.Arange(10).Reshape(10, 1);
        var model = Linear(0);
        var history = model.Fit(new TensorDataset(x, y), new FitOptions { ValidationSplit = 0.3, BatchSize = 4, Verbose = 0 });
        Assert.Equal(194.0 / 3, history["val_loss"][0], 1e-4);   // float32 arithmetic
        Assert.Equal(2, model.Optimizer!.Iterations);
    }

    [Fact]
    public void ValidationDataInTheRecordIsEvaluatedEachEpoch()
    {
        // val_loss of a zero model on targets [1, 3] is (1 + 9) / 2 = 5.
        var history = Linear(0).Fit(Tensor.Ones([4, 1]), Tensor.Ones([4, 1]), new FitOptions
        {
            Epochs = 2, Verbose = 0, ValidationData = new TensorDataset(Tensor.Ones([2, 1]), Tensor.FromArray(new float[,] { { 1 }, { 3 } })),
        });
        Assert.Equal(2, history["val_loss"].Count);
        Assert.All(history["val_loss"], loss => Assert.Equal(5.0, loss, 6));
    }

    [Fact]
    public void WithMakesAVariantAndRecordsCompareByValue()
    {
        var a = new FitOptions { Epochs = 10, BatchSize = 64 };
        var b = a with { Epochs = 20 };
        Assert.Equal((10, 20, 64), (a.Epochs, b.Epochs, b.BatchSize));
        Assert.Equal(a, new FitOptions { BatchSize = 64, Epochs = 10 });
    }

    /// <summary>y = w·x + b with w = b = 0, trained by SGD at the given rate.</summary>
    private static Sequential Linear(double learningRate)
    {
        var model = new Sequential(new Input(1), new Dense(1, kernelInitializer: Initializer.Zeros));
        model.Compile(new SGD(learningRate), new MeanSquaredError());
        return model;
    }
}
