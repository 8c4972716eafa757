using DeepLearning.Autograd;
using DeepLearning.Layers;
using DeepLearning.Tests.Conformance;

namespace DeepLearning.Tests.Layers;

/// <summary>
/// <see cref="LayerHarness"/> for layers with several inputs (the merge layers): output shape, trainable and
/// non-trainable parameter counts, and GradCheck in float64 of the output with respect to every input and weight.
/// </summary>
internal static class MultiInputLayerHarness
{
    /// <summary>Checks a layer made by <paramref name="make"/> on random batches of the given shapes.</summary>
    /// <param name="make">Creates a fresh, unbuilt layer (called twice: float32 and float64).</param>
    /// <param name="inputs">The input shapes, batch axis included.</param>
    /// <param name="output">The expected output shape, batch axis included.</param>
    /// <param name="trainable">Expected trainable parameter count.</param>
    /// <param name="nonTrainable">Expected non-trainable parameter count.</param>
    /// <param name="domain">Where inputs are drawn.</param>
    public static Layer Check(Func<Layer> make, Shape[] inputs, Shape output, long trainable = 0, long nonTrainable = 0,
        Domain domain = Domain.Any)
    {
        var layer = make();
        var xs = inputs.Select((s, i) => OpInputs.Draw(s, domain, DType.Float32, DeepLearning.Devices.Device.Cpu, (ulong)(11 + i))).ToArray();
        var y = layer.Call(xs);
        Assert.Equal(output, y.Shape);
        Assert.Equal(trainable, layer.TrainableWeights.Sum(w => (long)w.ElementCount));
        Assert.Equal(nonTrainable, layer.NonTrainableWeights.Sum(w => (long)w.ElementCount));

        var layer64 = make();
        var xs64 = inputs.Select((s, i) => OpInputs.Draw(s, domain, DType.Float64, DeepLearning.Devices.Device.Cpu, (ulong)(21 + i))).ToArray();
        var report = GradCheck.Check(t => layer64.Call(t), xs64);
        Assert.True(report.Passed, $"{layer64.Name} d/dinputs: {report}");
        var weights = layer64.TrainableWeights;
        if (weights.Count > 0)
        {
            var projection = Tensor.RandomNormal(output, 0, 1, DType.Float64, new Generator(3));
            var wreport = GradCheck.CheckParameters(() => (layer64.Call(xs64) * projection).Sum(), weights);
            Assert.True(wreport.Passed, $"{layer64.Name} d/dweights: {wreport}");
        }
        return layer;
    }
}
