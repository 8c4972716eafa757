using DeepLearning.Autograd;
using DeepLearning.Layers;
using DeepLearning.Tests.Conformance;

namespace DeepLearning.Tests.Layers;

/// <summary>
/// The one harness every layer goes through: output shape, trainable and non-trainable parameter counts, and
/// GradCheck in float64 of the output with respect to the input and to every trainable weight.
/// </summary>
internal static class LayerHarness
{
    /// <summary>Checks a layer made by <paramref name="make"/> on a random batch of shape <paramref name="input"/>.</summary>
    /// <param name="make">Creates a fresh, unbuilt layer (called twice: float32 and float64).</param>
    /// <param name="input">The input shape, batch axis included.</param>
    /// <param name="output">The expected output shape, batch axis included.</param>
    /// <param name="trainable">Expected trainable parameter count.</param>
    /// <param name="nonTrainable">Expected non-trainable parameter count.</param>
    /// <param name="domain">Where inputs are drawn (avoid kinks for ReLU-like layers).</param>
    /// <param name="training">Call in training mode.</param>
    /// <param name="gradCheck">Whether to GradCheck (off for non-differentiable or random layers).</param>
    /// <param name="inputDType">Input dtype for the first check (int32 for Embedding; GradCheck then covers weights only).</param>
    public static Layer Check(Func<Layer> make, Shape input, Shape output, long trainable, long nonTrainable = 0,
        Domain domain = Domain.Any, bool training = false, bool gradCheck = true, DType inputDType = DType.Float32)
    {
        var layer = make();
        var x = inputDType == DType.Int32
            ? Tensor.RandomInt(input, 0, 3, generator: new Generator(1))
            : OpInputs.Draw(input, domain, inputDType, DeepLearning.Devices.Device.Cpu, 1);
        var y = layer.Call(x, training);
        Assert.Equal(output, y.Shape);
        Assert.Equal(trainable, layer.TrainableWeights.Sum(w => (long)w.ElementCount));
        Assert.Equal(nonTrainable, layer.NonTrainableWeights.Sum(w => (long)w.ElementCount));
        if (!gradCheck) return layer;

        var layer64 = make();
        bool floatInput = inputDType != DType.Int32;
        if (!floatInput) layer64.DType = DType.Float64;
        var x64 = floatInput ? OpInputs.Draw(input, domain, DType.Float64, DeepLearning.Devices.Device.Cpu, 2) : x;
        if (floatInput)
        {
            var report = GradCheck.Check(t => layer64.Call(t[0], training), [x64]);
            Assert.True(report.Passed, $"{layer64.Name} d/dinput: {report}");
        }
        else layer64.Call(x64, training);
        var weights = layer64.TrainableWeights;
        if (weights.Count > 0)
        {
            var projection = Tensor.RandomNormal(output, 0, 1, DType.Float64, new Generator(3));
            var report = GradCheck.CheckParameters(() => (layer64.Call(x64, training) * projection).Sum(), weights);
            Assert.True(report.Passed, $"{layer64.Name} d/dweights: {report}");
        }
        return layer;
    }
}
