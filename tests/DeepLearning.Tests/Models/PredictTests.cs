using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Tests.Models;

public class PredictTests
{
    [Fact]
    public void PredictTakesSeveralInputsDirectly()
    {
        // Keras: model.predict([a, b]) on a two-input, one-output model. Here y = a + b, in batches of 1.
        var a = new Input([2], name: "a");
        var b = new Input([2], name: "b");
        var model = new Model([a, b], [new Add().Call(a, b)]);
        var y = model.Predict([Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } }), Tensor.FromArray(new float[,] { { 10, 20 }, { 30, 40 } })], batchSize: 1);
        Assert.Equal(new Shape(2, 2), y.Shape);
        Assert.Equal([11f, 22, 33, 44], y.ToArray<float>());
    }

    [Fact]
    public void PredictOnSeveralOutputsPointsToPredictMultiple()
    {
        var a = new Input([2], name: "a");
        var model = new Model([a], [new Dense(1).Call(a), new Dense(3).Call(a)]);
        var e = Assert.Throws<ArgumentException>(() => model.Predict(Tensor.Ones([4, 2])));
        Assert.Contains("has 2 outputs; use PredictMultiple", e.Message);
        Assert.Equal([new Shape(4, 1), new Shape(4, 3)], model.PredictMultiple([Tensor.Ones([4, 2])]).Select(t => t.Shape));
    }
}
