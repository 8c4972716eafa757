using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.RecurrentTestData;

namespace DeepLearning.Tests.Layers;

public class TimeDistributedTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        // The wrapped Dense(8) is built for a step (16 features): 16·8 + 8 = 136 parameters, counted once.
        LayerHarness.Check(() => new TimeDistributed(new Dense(8)), [2, 10, 16], [2, 10, 8], 136);
        LayerHarness.Check(() => new TimeDistributed(new Dense(3, Activation.Tanh)), [2, 4, 2, 5], [2, 4, 2, 3], 18);
    }

    [Fact]
    public void EqualsTheLayerAppliedAtEveryStep()
    {
        var dense = new Dense(3, Activation.Sigmoid);
        var wrapper = new TimeDistributed(dense);
        var x = Wave([2, 5, 4], 1, 0.4, DType.Float32);
        var y = wrapper.Call(x);
        for (int t = 0; t < 5; t++) TestHelpers.AssertClose(dense.Call(x.Select(1, t)), y.Select(1, t), 1e-6, 1e-7);
        Assert.Same(dense, wrapper.WrappedLayer);
        Assert.Equal(2, wrapper.TrainableWeights.Count);
    }

    [Fact]
    public void PassesTheMaskOnAndFoldsItForTheWrappedLayer()
    {
        var x = Wave([2, 3, 4], 1, 0.4, DType.Float32);
        var mask = Tensor.FromArray(new float[,] { { 1, 1, 0 }, { 1, 0, 0 } });
        var y = new TimeDistributed(new Dense(2)).Call(x, mask: mask);
        Assert.Same(mask, y.Mask);
        var e = Assert.Throws<ArgumentException>(() => new TimeDistributed(new Dense(2), "td").Call(x, mask: Tensor.Ones([2, 4])));
        Assert.Contains("td", e.Message);
    }

    [Fact]
    public void ConfigRoundTripAndBadInput()
    {
        var wrapper = new TimeDistributed(new Dense(4, Activation.ReLU, name: "inner"), "td");
        var config = wrapper.GetConfig();
        Assert.Equal("Dense", config.GetConfig("layer")!.GetString("class_name"));
        var copy = (TimeDistributed)TimeDistributed.FromConfig(config);
        var inner = Assert.IsType<Dense>(copy.WrappedLayer);
        Assert.Equal((4, "relu", "inner", "td"), (inner.Units, inner.ActivationFunction.Name, inner.Name, copy.Name));
        var x = Wave([2, 3, 5], 1, 0.1, DType.Float32);
        var y = wrapper.Call(x);
        copy.Call(x);
        for (int i = 0; i < 2; i++) using (Tensor.NoGrad()) copy.Weights[i].Assign(wrapper.Weights[i]);
        TestHelpers.AssertClose(y, copy.Call(x), 0, 0);
        var e = Assert.Throws<ArgumentException>(() => new TimeDistributed(new Dense(2), "td2").Call(Tensor.Zeros([2, 5])));
        Assert.Contains("td2", e.Message);
        Assert.Contains("rank ≥ 3", e.Message);
    }
}
