using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Optimizers;

namespace DeepLearning.Tests.Models;

/// <summary>model.To(device): weights and optimizer state move in place, and Fit/Predict run on the model's device
/// with the same results as on the CPU (here the float64 reference device stands in for a GPU).</summary>
// Builds models twice from Generator.Seed and compares them, so no other test may draw from the global generator meanwhile.
[Collection(GlobalGeneratorCollection.Name)]
public class ModelDeviceTests
{
    private static Sequential Build()
    {
        Generator.Seed(11);
        var model = new Sequential(new Input(3), new Dense(4, Activation.Tanh), new Dense(1));
        model.Compile(new Adam(0.01), new MeanSquaredError());
        return model;
    }

    private static (Sequential Model, DeepLearning.Devices.Reference.ReferenceDevice Device) Classifier()
    {
        Generator.Seed(5);
        var device = new DeepLearning.Devices.Reference.ReferenceDevice();
        var model = new Sequential(new Dense(6, Activation.Tanh), new Dense(3));
        model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(fromLogits: true),
            [Metric.Accuracy, new DeepLearning.Metrics.SparseTopKCategoricalAccuracy(2)]);
        model.To(device);
        return (model, device);
    }

    [Fact]
    public void ATrainingStepReadsFromTheDeviceOnceAndEvaluateAndPredictOncePerBatch()
    {
        var (model, device) = Classifier();
        var x = Tensor.RandomNormal([32, 4], generator: new Generator(1));
        var y = Tensor.FromArray(Enumerable.Range(0, 32).Select(i => i % 3).ToArray(), [32]);
        model.Fit(x, y, new FitOptions { Epochs = 1, BatchSize = 8, Shuffle = false, Verbose = 0 });   // builds the weights (first step)
        long before = device.Downloads;
        var history = model.Fit(x, y, new FitOptions { Epochs = 2, BatchSize = 8, Shuffle = false, Verbose = 0 });
        Assert.Equal(2 * 4, device.Downloads - before);
        Assert.Equal(2, history["loss"].Count);
        Assert.InRange(history["accuracy"][1], 0, 1);

        before = device.Downloads;
        var logs = model.Evaluate(x, y, batchSize: 16);
        Assert.Equal(2, device.Downloads - before);
        Assert.True(logs["loss"] > 0);

        before = device.Downloads;
        var p = model.Predict(x, batchSize: 16);
        Assert.InRange(device.Downloads - before, 0, 2);
        Assert.Equal(device, p.Device);
    }

    [Fact]
    public void ABadLabelFoundOnTheDeviceStopsTheStepBeforeAnyWeightChanges()
    {
        var (model, device) = Classifier();
        var x = Tensor.RandomNormal([8, 4], generator: new Generator(1));
        model.Fit(x, Tensor.FromArray(new[] { 0, 1, 2, 0, 1, 2, 0, 1 }, [8]), epochs: 1, batchSize: 8, verbose: 0);
        var weights = model.GetWeights().Select(w => w.ToArray<float>()).ToArray();
        long before = device.Downloads;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            model.Fit(x, Tensor.FromArray(new[] { 0, 1, 2, 0, 3, 2, 0, 1 }, [8]), epochs: 1, batchSize: 8, verbose: 0));
        Assert.Contains("[0, 3]", e.Message);
        Assert.Equal(1, device.Downloads - before);
        var after = model.GetWeights().Select(w => w.ToArray<float>()).ToArray();
        for (int i = 0; i < weights.Length; i++) Assert.Equal(weights[i], after[i]);
    }

    [Fact]
    public void AModelMovedBeforeItIsBuiltCreatesItsWeightsOnThatDeviceAndTrainsTheSameWay()
    {
        var x = Tensor.RandomNormal([16, 3], generator: new Generator(1));
        var y = Tensor.RandomNormal([16, 1], generator: new Generator(2));
        Sequential Unbuilt()
        {
            Generator.Seed(11);
            var model = new Sequential(new Dense(4, Activation.Tanh), new Dense(1));
            model.Compile(new Adam(0.01), new MeanSquaredError());
            return model;
        }
        var cpu = Unbuilt();
        cpu.Fit(x, y, new FitOptions { Epochs = 2, BatchSize = 8, Shuffle = false, Verbose = 0 });

        var device = new DeepLearning.Devices.Reference.ReferenceDevice();
        var moved = Unbuilt();
        moved.To(device);
        Assert.Empty(moved.Weights);
        Assert.Equal(device, moved.Device);
        moved.Fit(x, y, new FitOptions { Epochs = 2, BatchSize = 8, Shuffle = false, Verbose = 0 });
        Assert.Equal(4, moved.Weights.Count);
        Assert.All(moved.Weights, w => Assert.Equal(device, w.Device));
        TestHelpers.AssertClose(cpu.Predict(x), moved.Predict(x).To(DeepLearning.Devices.Device.Cpu), 1e-5, 1e-6);
    }

    [Fact]
    public void AModelMovedToAnotherDeviceTrainsTheSameWay()
    {
        var x = Tensor.RandomNormal([16, 3], generator: new Generator(1));
        var y = Tensor.RandomNormal([16, 1], generator: new Generator(2));
        var cpu = Build();
        cpu.Fit(x, y, new FitOptions { Epochs = 2, BatchSize = 8, Shuffle = false, Verbose = 0 });

        var device = new DeepLearning.Devices.Reference.ReferenceDevice();
        var moved = Build();
        moved.Fit(x, y, new FitOptions { Epochs = 1, BatchSize = 8, Shuffle = false, Verbose = 0 });
        var kernel = moved.Weights[0];
        moved.To(device);
        Assert.Same(kernel, moved.Weights[0]);
        Assert.All(moved.Weights, w => Assert.Equal(device, w.Device));
        Assert.Equal(device, moved.Device);
        moved.Fit(x, y, new FitOptions { Epochs = 1, BatchSize = 8, Shuffle = false, Verbose = 0 });   // CPU batches move to the device
        var p = moved.Predict(x);
        Assert.Equal(device, p.Device);
        TestHelpers.AssertClose(cpu.Predict(x), p.To(DeepLearning.Devices.Device.Cpu), 1e-5, 1e-6);
        moved.To(DeepLearning.Devices.Device.Cpu);
        Assert.All(moved.Weights, w => Assert.Equal(DeepLearning.Devices.Device.Cpu, w.Device));
    }
}
