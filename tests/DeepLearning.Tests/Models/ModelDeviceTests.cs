using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;

namespace DeepLearning.Tests.Models;

/// <summary>model.To(device): weights and optimizer state move in place, and Fit/Predict run on the model's device
/// with the same results as on the CPU (here the float64 reference device stands in for a GPU).</summary>
public class ModelDeviceTests
{
    private static Sequential Build()
    {
        Generator.Seed(11);
        var model = new Sequential(new Input(3), new Dense(4, Activation.Tanh), new Dense(1));
        model.Compile(new Adam(0.01), new MeanSquaredError());
        return model;
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
