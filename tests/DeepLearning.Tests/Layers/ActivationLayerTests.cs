using DeepLearning.Initializers;
using DeepLearning.Layers;
using DeepLearning.Tests.Conformance;

namespace DeepLearning.Tests.Layers;

public class ActivationLayerTests
{
    private static readonly Tensor X = TestHelpers.D([-10, -5, 0, 5, 10], [1, 5]);

    [Fact]
    public void ReLUVariantsMatchKerasDocstringAndHandNumbers()
    {
        // keras.activations.relu docstring on x = [-10, -5, 0, 5, 10]:
        TestHelpers.AssertValues([0, 0, 0, 5, 10], new ReLU().Call(X), 0);
        TestHelpers.AssertValues([-5, -2.5, 0, 5, 10], new ReLU(negativeSlope: 0.5).Call(X), 0);
        TestHelpers.AssertValues([0, 0, 0, 5, 5], new ReLU(maxValue: 5).Call(X), 0);
        TestHelpers.AssertValues([0, 0, 0, 0, 10], new ReLU(threshold: 5).Call(X), 0);
        TestHelpers.AssertValues([-5, -2.5, 0, 5, 10], new ReLU(maxValue: 10, negativeSlope: 0.5).Call(X), 0); // the ReLU layer docstring
        TestHelpers.AssertValues([0, 0, 0, 5, 6], new ReLU(maxValue: 6).Call(X), 0);
        // Hand: threshold 2, slope 0.5, max 6 on [-1, 1, 2, 3, 8]: below 2 → 0.5·(x − 2) = [-1.5, -0.5, 0]; 3; min(8, 6).
        TestHelpers.AssertValues([-1.5, -0.5, 0, 3, 6], new ReLU(6, 0.5, 2).Call(TestHelpers.D([-1, 1, 2, 3, 8], [1, 5])), 1e-15);
    }

    [Fact]
    public void LeakyReLUPReLUAndEluMatchHandNumbers()
    {
        // LeakyReLU defaults to Keras's 0.3.
        TestHelpers.AssertValues([-3, -1.5, 0, 5, 10], new LeakyReLU().Call(X), 1e-15);
        TestHelpers.AssertValues([-1, -0.5, 0, 5, 10], new LeakyReLU(0.1).Call(X), 1e-15);
        // ELU α = 0.5: 0.5·(e⁻¹ − 1) = −0.31606027941427883.
        TestHelpers.AssertValues([-0.31606027941427883, 0, 2], new ELU(0.5).Call(TestHelpers.D([-1, 0, 2], [1, 3])), 1e-15);
        // PReLU: α starts at 0 (a ReLU); with α = [0.1, 0.2, 0.3, 0.4] on [-2, -0.5, 0.5, 3] → [-0.2, -0.1, 0.5, 3].
        var prelu = new PReLU();
        var x = TestHelpers.D([-2, -0.5, 0.5, 3], [1, 4]);
        TestHelpers.AssertValues([0, 0, 0.5, 3], prelu.Call(x), 0);
        using (Tensor.NoGrad()) prelu.Alpha!.Assign(TestHelpers.D([0.1, 0.2, 0.3, 0.4], [4]));
        TestHelpers.AssertValues([-0.2, -0.1, 0.5, 3], prelu.Call(x), 1e-15);
        // α is learned: ∂(Σy)/∂α = −relu(−x) = [-2, -0.5, 0, 0].
        prelu.Call(x).Sum().Backward();
        TestHelpers.AssertValues([-2, -0.5, 0, 0], prelu.Alpha.Grad!, 1e-15);
    }

    [Fact]
    public void PReLUSharesAlphaAlongSharedAxes()
    {
        // NHWC (None, 4, 5, 3): α (4, 5, 3) = 60 parameters; shared over height and width: (1, 1, 3) = 3.
        Assert.Equal(new Shape(4, 5, 3), ((PReLU)LayerHarness.Check(() => new PReLU(), [2, 4, 5, 3], [2, 4, 5, 3], 60, domain: Domain.AwayFromZero)).Alpha!.Shape);
        var shared = (PReLU)LayerHarness.Check(() => new PReLU(new RandomUniform(0.1, 0.5), sharedAxes: [1, 2]), [2, 4, 5, 3], [2, 4, 5, 3], 3, domain: Domain.AwayFromZero);
        Assert.Equal(new Shape(1, 1, 3), shared.Alpha!.Shape);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PReLU(sharedAxes: [0]));
        var e = Assert.Throws<ArgumentException>(() => new PReLU(sharedAxes: [3], name: "probe_prelu").Call(Tensor.Ones([2, 4])));
        Assert.Contains("probe_prelu", e.Message);
    }

    [Fact]
    public void SoftmaxNormalisesAndMasksLikeKeras()
    {
        // softmax([1, 2, 3]) = [0.09003057317038046, 0.24472847105479764, 0.6652409557748218]
        var x = TestHelpers.D([1, 2, 3], [1, 3]);
        TestHelpers.AssertValues([0.09003057317038046, 0.24472847105479764, 0.6652409557748218], new Softmax().Call(x), 1e-15);
        // Masked (Keras: −1e9 before, 0 after): softmax([1, 2]) = [0.2689414213699951, 0.7310585786300049], then 0.
        var masked = new Softmax().Call(x, mask: Tensor.FromArray(new float[,] { { 1, 1, 0 } }));
        TestHelpers.AssertValues([0.2689414213699951, 0.7310585786300049, 0], masked, 1e-15);
        // A mask broadcasts right-aligned as in Keras: (batch, keys) over scores (batch, queries, keys) hides keys.
        var keys = new Softmax().Call(Tensor.Zeros([1, 2, 3], DType.Float64), mask: Tensor.FromArray(new float[,] { { 1, 1, 0 } }));
        TestHelpers.AssertValues([0.5, 0.5, 0, 0.5, 0.5, 0], keys, 1e-15);
        // A propagated time mask (batch, time) over (batch, time, features), which does not broadcast right-aligned,
        // zeroes the masked steps.
        var seq = new Softmax().Call(Tensor.Zeros([1, 2, 3], DType.Float64), mask: Tensor.FromArray(new float[,] { { 1, 0 } }));
        TestHelpers.AssertValues([1.0 / 3, 1.0 / 3, 1.0 / 3, 0, 0, 0], seq, 1e-15);
        // Over the axes (1, 2) jointly: every one of the 6 entries gets 1/6.
        TestHelpers.AssertValues(Enumerable.Repeat(1.0 / 6, 6).ToArray(), new Softmax([1, 2]).Call(Tensor.Zeros([1, 2, 3], DType.Float64)), 1e-15);
        Assert.Throws<ArgumentException>(() => new Softmax(axis: 2).Call(x));
    }

    [Fact]
    public void EveryActivationLayerGoesThroughTheHarness()
    {
        LayerHarness.Check(() => new ReLU(), [3, 4], [3, 4], 0, domain: Domain.AwayFromZero);
        LayerHarness.Check(() => new ReLU(6, 0.1, 0.5), [3, 4], [3, 4], 0);
        LayerHarness.Check(() => new ReLU(maxValue: 1), [3, 4], [3, 4], 0, domain: Domain.AwayFromOne);
        LayerHarness.Check(() => new LeakyReLU(), [3, 4], [3, 4], 0, domain: Domain.AwayFromZero);
        LayerHarness.Check(() => new ELU(0.7), [3, 4], [3, 4], 0, domain: Domain.AwayFromZero);
        LayerHarness.Check(() => new PReLU(new RandomUniform(0.1, 0.5)), [3, 4], [3, 4], 4, domain: Domain.AwayFromZero);
        LayerHarness.Check(() => new Softmax(), [3, 4], [3, 4], 0);
        LayerHarness.Check(() => new Softmax(axis: 1), [2, 3, 4], [2, 3, 4], 0);
        LayerHarness.Check(() => new Softmax([1, 2]), [2, 3, 4], [2, 3, 4], 0);
    }

    [Fact]
    public void MasksPassThroughAndBadArgumentsAreRejected()
    {
        var mask = Tensor.FromArray(new float[,] { { 1, 0 } });
        var x = Tensor.Ones([1, 2, 3]);
        foreach (var layer in new Layer[] { new ReLU(), new LeakyReLU(), new PReLU(), new ELU(), new Softmax() })
            Assert.Same(mask, layer.Call(x, mask: mask).Mask);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReLU(maxValue: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReLU(negativeSlope: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReLU(threshold: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeakyReLU(-0.3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ELU(double.NaN));
        var e = Assert.Throws<ArgumentException>(() => new ReLU(name: "probe_relu").Call(Tensor.Zeros([1, 2], DType.Int32)));
        Assert.Contains("probe_relu", e.Message);
    }
}

public class LambdaAndIdentityTests
{
    [Fact]
    public void LambdaWrapsADifferentiableFunction()
    {
        var square = new Lambda(x => x.Square(), "square");
        TestHelpers.AssertValues([1, 4, 9], square.Call(TestHelpers.D([-1, 2, 3], [1, 3])), 0);
        LayerHarness.Check(() => new Lambda(x => x.Square() * 0.5 + x.Sin()), [3, 4], [3, 4], 0);
        LayerHarness.Check(() => new Lambda(x => x.Sum(-1, keepDims: true)), [3, 4], [3, 1], 0);
        MultiInputLayerHarness.Check(() => Lambda.ForList(xs => xs[0] * xs[1] - xs[0]), [[2, 3], [2, 3]], [2, 3]);
        // Without a mask function the mask stops (Keras); with one it is computed.
        var mask = Tensor.FromArray(new float[,] { { 1, 0 } });
        Assert.Null(square.Call(Tensor.Ones([1, 2, 3]), mask: mask).Mask);
        var keeps = new Lambda(x => x * 2, mask: (_, m) => m);
        Assert.Same(mask, keeps.Call(Tensor.Ones([1, 2, 3]), mask: mask).Mask);
    }

    [Fact]
    public void ALambdaConfigNamesItsFunctionButCannotRebuildItAlone()
    {
        var square = new Lambda(x => x.Square(), "square", name: "probe_lambda");
        var config = square.GetConfig();
        Assert.Equal("square", config.GetString("function"));
        var e = Assert.Throws<NotSupportedException>(() => Lambda.FromConfig(config));
        Assert.Contains("probe_lambda", e.Message);
        Assert.Contains("square", e.Message);
        var rebuilt = (Lambda)Lambda.FromConfig(config, xs => xs[0].Square());
        Assert.Equal("square", rebuilt.FunctionName);
        TestHelpers.AssertValues([4], rebuilt.Call(TestHelpers.D([2], [1, 1])), 0);
    }

    [Fact]
    public void IdentityReturnsItsInputAndMask()
    {
        var x = Tensor.Ones([2, 3]);
        Assert.Same(x, new DeepLearning.Layers.Identity().Call(x));
        var mask = Tensor.Ones([2]);
        Assert.Same(mask, new DeepLearning.Layers.Identity().Call(x, mask: mask).Mask);
        LayerHarness.Check(() => new DeepLearning.Layers.Identity(), [3, 4], [3, 4], 0);
    }
}
