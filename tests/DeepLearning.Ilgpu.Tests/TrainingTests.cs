using System.Diagnostics;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using Device = DeepLearning.Devices.Device;

namespace DeepLearning.Ilgpu.Tests;

/// <summary>Whole models trained on the ILGPU device (CPU accelerator) follow the CPU device step for step; device
/// memory stays flat; a training step reads from the device once.</summary>
public class TrainingTests
{
    private static Sequential Cnn()
    {
        Generator.Seed(5);
        var model = new Sequential(
            new Input(6, 6, 1),
            new Conv2D(3, 3, padding: Padding.Same, activation: Activation.ReLU),
            new MaxPooling2D(2),
            new Conv2D(4, 2, activation: Activation.ReLU),
            new Flatten(),
            new Dense(3, activation: Activation.Softmax));
        model.Compile(new Adam(0.05), new SparseCategoricalCrossentropy());
        return model;
    }

    private static Sequential Lstm()
    {
        Generator.Seed(6);
        var model = new Sequential(new Input(3, 2), new LSTM(4), new Dense(1));
        model.Compile(new Adam(0.05), new MeanSquaredError());
        return model;
    }

    private static double[] Train(Sequential model, Tensor x, Tensor y, int steps)
    {
        var losses = new double[steps];
        for (int s = 0; s < steps; s++) losses[s] = model.TrainOnBatch(x, y)["loss"];
        return losses;
    }

    private static void AssertSameLosses(Func<Sequential> build, Tensor x, Tensor y, double tolerance)
    {
        var expected = Train(build(), x, y, 20);
        var model = build();
        model.To(TestDevice.Ilgpu);
        var actual = Train(model, x, y, 20);
        for (int s = 0; s < expected.Length; s++)
            Assert.True(Math.Abs(actual[s] - expected[s]) <= tolerance * Math.Max(1, Math.Abs(expected[s])),
                $"step {s}: CPU loss {expected[s]:R}, ILGPU loss {actual[s]:R}");
        Assert.True(expected[^1] < expected[0], $"the model did not learn: {expected[0]} → {expected[^1]}");
        model.To(Device.Cpu);
    }

    [Fact]
    public void ATwoLayerCnnTrainsLikeOnTheCpu()
    {
        var x = Tensor.RandomUniform([4, 6, 6, 1], generator: new Generator(1));
        var y = Tensor.FromArray(new[] { 0, 1, 2, 0 }, [4]);
        AssertSameLosses(Cnn, x, y, 1e-4);
    }

    [Fact]
    public void AnLstmTrainsLikeOnTheCpu()
    {
        var x = Tensor.RandomNormal([4, 3, 2], generator: new Generator(2));
        var y = Tensor.RandomNormal([4, 1], generator: new Generator(3));
        AssertSameLosses(Lstm, x, y, 1e-4);
    }

    /// <summary>A custom training loop (forward, loss, backward, optimizer step, read the loss): one device read per step.</summary>
    private static void Step(Model model, Loss loss, Optimizer optimizer, Tensor x, Tensor y, out double value)
    {
        using var scope = TensorScope.Begin();
        var l = loss.Call(y, model.Call(x, training: true));
        var parameters = model.TrainableWeights;
        foreach (var p in parameters) p.ZeroGrad();
        l.Backward();
        optimizer.Step(parameters);
        value = l.Item<double>();
    }

    [Fact]
    public void DeviceMemoryStaysFlatAndAStepReadsOnce()
    {
        var device = TestDevice.Ilgpu;
        Generator.Seed(7);
        // Small enough for 1,000 steps on the CPU accelerator, where each kernel launch wakes its threads.
        var model = new Sequential(new Input(4), new Dense(1, useBias: false));
        model.To(device);
        var loss = new MeanSquaredError();
        var optimizer = new SGD(0.05);
        var x = Tensor.RandomNormal([16, 4], generator: new Generator(8)).To(device);
        var y = Tensor.RandomNormal([16, 1], generator: new Generator(9)).To(device);
        double first = 0, last = 0;
        long afterHundred = 0;
        var watch = Stopwatch.StartNew();
        for (int s = 1; s <= 1000; s++)
        {
            long downloads = device.Downloads, uploads = device.Uploads;
            Step(model, loss, optimizer, x, y, out last);
            Assert.Equal(1, device.Downloads - downloads);   // the loss; nothing else comes back to the host
            Assert.Equal(0, device.Uploads - uploads);
            if (s == 1) first = last;
            if (s == 100) afterHundred = device.BytesAllocated;
        }
        long afterThousand = device.BytesAllocated;
        TestContext.Current.SendDiagnosticMessage($"1000 steps in {watch.Elapsed.TotalSeconds:0.0} s; device bytes after 100 steps {afterHundred}, after 1000 {afterThousand}, peak {device.PeakBytesAllocated}");
        Assert.True(Math.Abs(afterThousand - afterHundred) <= 1 << 20, $"device bytes: {afterHundred} after 100 steps, {afterThousand} after 1000");
        Assert.True(last < first, $"loss {first} → {last}");
        model.To(Device.Cpu);
    }

    /// <summary>Small versions of the samples' models: the Fashion-MNIST MLP and CNN (dropout included), a recurrent
    /// classifier, each compiled with an accuracy metric as the samples are.</summary>
    public static TheoryData<string> SampleModels() => ["mlp", "cnn", "lstm"];

    [Theory]
    [MemberData(nameof(SampleModels))]
    public void EveryFitStepOfTheSamplesModelsReadsFromTheDeviceOnce(string kind)
    {
        var device = TestDevice.Ilgpu;
        Generator.Seed(11);
        Sequential model = kind switch
        {
            "mlp" => new Sequential(new Input(8, 8, 1), new Flatten(), new Dense(16, Activation.ReLU), new Dropout(0.2), new Dense(3, Activation.Softmax)),
            "cnn" => new Sequential(new Input(8, 8, 1), new Conv2D(4, 3, padding: Padding.Same, activation: Activation.ReLU),
                new Conv2D(4, 3, padding: Padding.Same, activation: Activation.ReLU), new MaxPooling2D(2), new Flatten(), new Dropout(0.25),
                new Dense(8, Activation.ReLU), new Dropout(0.5), new Dense(3, Activation.Softmax)),
            _ => new Sequential(new Input(8, 8), new LSTM(6), new Dense(3, Activation.Softmax)),
        };
        model.To(device);
        model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(), [Metrics.Metric.Accuracy]);
        Shape sample = kind == "lstm" ? [8, 8] : [8, 8, 1];
        var x = Tensor.RandomUniform([12, .. sample.ToArray()], generator: new Generator(12));
        var y = Tensor.RandomInt([12], 0, 3, generator: new Generator(13));
        var downloads = new List<long>();
        long before = 0;
        var probe = new Models.Callbacks.LambdaCallback
        {
            BatchBegin = (_, _) => before = device.Downloads,
            BatchEnd = (_, _) => downloads.Add(device.Downloads - before),
        };
        model.Fit(x, y, epochs: 2, batchSize: 4, verbose: 0, callbacks: [probe], cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(6, downloads.Count);
        Assert.All(downloads, d => Assert.Equal(1, d));   // loss, metric states and label checks in one read
        model.To(Device.Cpu);
    }
}
