using DeepLearning.Activations;
using DeepLearning.Layers;
using DeepLearning.Models;
using DeepLearning.Serialization;

namespace DeepLearning.Tests.Interop;

public class KerasWeightsTests
{
    [Fact]
    public void Keras3NamesNumberEachClassPerModelAsSavingLibDoes()
    {
        // keras/src/saving/saving_lib.py, _save_container_state: to_snake_case(class name), then _1, _2 … for repeats of
        // that class among the same container's layers; a nested model's layers are numbered inside it.
        var inner = new Sequential([new Input(4), new Dense(3), new Dense(3)], "inner");
        var model = new Sequential(new Input(4), new Dense(4), new Dropout(0.1), inner, new BatchNormalization(), new Dense(2));
        var names = KerasWeights.Keras3Names(model);
        var layers = model.StackedLayers;
        Assert.Equal("dense", names[layers[0].Name]);
        Assert.Equal("dropout", names[layers[1].Name]);
        Assert.Equal("sequential", names["inner"]);
        Assert.Equal("sequential/dense", names["inner/" + inner.StackedLayers[0].Name]);
        Assert.Equal("sequential/dense_1", names["inner/" + inner.StackedLayers[1].Name]);
        Assert.Equal("batch_normalization", names[layers[3].Name]);
        Assert.Equal("dense_1", names[layers[4].Name]);
    }

    [Fact]
    public void LayersLoadInKerasOrderAndACountMismatchIsReported()
    {
        var model = new Sequential(new Input(3), new Dense(2, activation: Activation.ReLU, name: "a"), new BatchNormalization(name: "bn"));
        var kernel = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, [3, 2]);
        var bias = Tensor.FromArray(new float[] { 0.5f, -0.5f });
        float[] gamma = [2, 3], beta = [0.1f, 0.2f], mean = [1, 1], variance = [4, 9];
        var report = KerasWeights.Load(model, new Dictionary<string, IReadOnlyList<Tensor>>
        {
            ["a"] = [kernel, bias],
            ["bn"] = [Tensor.FromArray(gamma), Tensor.FromArray(beta), Tensor.FromArray(mean), Tensor.FromArray(variance)],
        }, "memory");
        Assert.Equal(["a", "bn"], report.LoadedLayers);
        // x = (1, 0, −1): x·K + b = (1 − 5 + 0.5, 2 − 6 − 0.5) = (−3.5, −4.5) → ReLU (0, 0);
        // BN at inference: γ·(0 − μ)/√(σ² + 10⁻³) + β.
        var y = model.Predict(Tensor.FromArray(new float[] { 1, 0, -1 }, [1, 3])).ToArray<float>();
        Assert.Equal(2 * (0 - 1) / Math.Sqrt(4 + 1e-3) + 0.1, y[0], 5);
        Assert.Equal(3 * (0 - 1) / Math.Sqrt(9 + 1e-3) + 0.2, y[1], 5);

        var e = Assert.Throws<InvalidDataException>(() => KerasWeights.Load(model, new Dictionary<string, IReadOnlyList<Tensor>>
        {
            ["a"] = [kernel],
            ["bn"] = [Tensor.FromArray(gamma), Tensor.FromArray(beta), Tensor.FromArray(mean), Tensor.FromArray(variance)],
            ["extra"] = [bias],
        }, "memory"));
        Assert.Contains("layer 'a' (Dense): the file's 'a' holds 1 tensors ((3, 2)), but the layer has 2 (a/kernel (3, 2), a/bias (2,))", e.Message);
        Assert.Contains("tensor 'extra' ((2,)) is used by no layer", e.Message);
    }
}
