using DeepLearning.Tests.Conformance;
using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.RecurrentTestData;

namespace DeepLearning.Tests.Layers;

public class MaskingTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients() =>
        LayerHarness.Check(() => new Masking(), [2, 3, 4], [2, 3, 4], 0, domain: Domain.AwayFromZero);

    [Fact]
    public void MasksStepsWhoseFeaturesAllEqualTheValue()
    {
        // Keras: mask = any(x != v, axis=-1); outputs = x * mask (masked steps become 0).
        var x = Tensor.FromArray(new float[] { 1, 2, -1, -1, -1, 0, 3, -1, -1, -1, -1, -1 }, [2, 3, 2]);
        var y = new Masking(-1).Call(x);
        TestHelpers.AssertValues([1, 0, 1, 1, 0, 0], y.Mask!);
        TestHelpers.AssertValues([1, 2, 0, 0, -1, 0, 3, -1, 0, 0, 0, 0], y);
        var zeros = new Masking().Call(Tensor.FromArray(new float[] { 0, 0, 5, 0 }, [1, 2, 2]));
        TestHelpers.AssertValues([0, 1], zeros.Mask!);
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("simple")]
    public void PaddedStepsAreSkippedByRecurrentLayers(string kind)
    {
        var x = Wave([1, 3, 4], 1, 0.2);
        var padded = Tensor.Concat([x, Tensor.Zeros([1, 2, 4], DType.Float64)], 1);
        var layer = RecurrentBehaviourTests.Make(kind);
        layer.DType = DType.Float64;
        var expected = layer.Call(x);
        TestHelpers.AssertClose(expected, layer.Call(new Masking().Call(padded)), 1e-14, 1e-15);
    }

    [Fact]
    public void ConfigRoundTripAndBadInput()
    {
        var copy = (Masking)Masking.FromConfig(new Masking(-2.5, "m").GetConfig());
        Assert.Equal((-2.5, "m"), (copy.MaskValue, copy.Name));
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => new Masking(double.NaN)).Message);
        Assert.Contains("floating", Assert.Throws<ArgumentException>(() => new Masking(name: "mk").Call(Tensor.Zeros([2, 3], DType.Int32))).Message);
    }
}
