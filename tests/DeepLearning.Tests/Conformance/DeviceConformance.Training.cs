using DeepLearning.Devices;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;

namespace DeepLearning.Tests.Conformance;

/// <summary>End to end: the first 20 training losses of a two-layer CNN (Adam, sparse categorical cross-entropy) and of
/// an LSTM regressor (SGD with Nesterov momentum, mean squared error) on the device under test equal the CPU device's
/// to float32 tolerance, and both learn. Weights, data and labels are the same deterministic values on every device.</summary>
public abstract partial class DeviceConformance
{
    private const int TrainingSteps = 20;

    private static readonly Lazy<double[]> CpuCnnLosses = new(() => CnnLosses(Device.Cpu));
    private static readonly Lazy<double[]> CpuLstmLosses = new(() => LstmLosses(Device.Cpu));

    [Theory]
    [InlineData("CNN")]
    [InlineData("LSTM")]
    public void TrainingLossesMatchTheCpuDevice(string model)
    {
        var expected = model == "CNN" ? CpuCnnLosses.Value : CpuLstmLosses.Value;
        var actual = model == "CNN" ? CnnLosses(Device) : LstmLosses(Device);
        ConformanceAssert.AssertClose(expected, actual, 2e-4, 2e-5, $"{model} losses on {Device}");
        Assert.True(actual[^1] < 0.7 * actual[0], $"the {model} does not learn: {string.Join(", ", actual)}");
    }

    private static double[] CnnLosses(Device device)
    {
        var model = new Sequential(
            new Input(6, 6, 1),
            new Conv2D(3, 3, padding: Padding.Same, activation: Activation.ReLU),
            new MaxPooling2D(2),
            new Conv2D(4, 2, activation: Activation.ReLU),
            new Flatten(),
            new Dense(3));
        var x = OpInputs.Draw([8, 6, 6, 1], Domain.Any, DType.Float32, Oracle, 70);
        var labels = Tensor.RandomInt([8], 0, 3, generator: new Generator(71), device: Oracle);
        return Train(model, device, x, labels, new SparseCategoricalCrossentropy(fromLogits: true), new Adam(learningRate: 0.01));
    }

    private static double[] LstmLosses(Device device)
    {
        var model = new Sequential(new Input(5, 3), new LSTM(4), new Dense(1));
        var x = OpInputs.Draw([4, 5, 3], Domain.Any, DType.Float32, Oracle, 72);
        var target = (x.Sum(1).Sum(-1, keepDims: true) * 0.1).Tanh();
        return Train(model, device, x, target, new MeanSquaredError(), new SGD(learningRate: 0.1, momentum: 0.9, nesterov: true));
    }

    /// <summary>Sets every weight to U(−1, 1)·√(3/fan-in) (deterministic), moves the model and data to the device and
    /// returns the loss of each full-batch step.</summary>
    private static double[] Train(Model model, Device device, Tensor x, Tensor y, Loss loss, Optimizer optimizer)
    {
        using (Tensor.NoGrad())
            for (int i = 0; i < model.Weights.Count; i++)
            {
                var w = model.Weights[i];
                double fanIn = w.Rank < 2 ? w.Shape[0] : w.ElementCount / w.Shape[^1];
                var u = OpInputs.Draw(w.Shape, Domain.Any, DType.Float32, Oracle, (ulong)(73 + i)) * (0.5 * Math.Sqrt(3 / fanIn));
                w.Assign(u.To(w.Device));
            }
        model.To(device);
        x = x.To(device);
        y = y.To(device);
        var losses = new double[TrainingSteps];
        for (int step = 0; step < TrainingSteps; step++)
        {
            using var scope = TensorScope.Begin();
            foreach (var w in model.TrainableWeights) w.ZeroGrad();
            var value = loss.Call(y, model.Call(x, training: true));
            value.Backward();
            optimizer.Step(model.TrainableWeights);
            losses[step] = value.Item<double>();
        }
        return losses;
    }
}
