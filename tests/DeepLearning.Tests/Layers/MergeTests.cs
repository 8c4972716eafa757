using DeepLearning.Layers;

namespace DeepLearning.Tests.Layers;

public class MergeTests
{
    private static readonly Tensor A = TestHelpers.D([1, -2, 3, 4, 5, -6], [2, 3]);
    private static readonly Tensor B = TestHelpers.D([2, 2, -1, 0, 7, 1], [2, 3]);
    private static readonly Tensor C = TestHelpers.D([0.5, 1, 1, 2, -1, 3], [2, 3]);

    [Fact]
    public void ElementWiseMergesComputeTheirFormulas()
    {
        TestHelpers.AssertValues([3.5, 1, 3, 6, 11, -2], new Add().Call(A, B, C), 1e-15);
        TestHelpers.AssertValues([-1, -4, 4, 4, -2, -7], new Subtract().Call(A, B), 1e-15);
        TestHelpers.AssertValues([1, -4, -3, 0, -35, -18], new Multiply().Call(A, B, C), 1e-15);
        TestHelpers.AssertValues([3.5 / 3, 1.0 / 3, 1, 2, 11.0 / 3, -2.0 / 3], new Average().Call(A, B, C), 1e-15);
        TestHelpers.AssertValues([2, 2, 3, 4, 7, 3], new Maximum().Call(A, B, C), 1e-15);
        TestHelpers.AssertValues([0.5, -2, -1, 0, -1, -6], new Minimum().Call(A, B, C), 1e-15);
        // Per-sample broadcasting as Keras: (2, 3) with (2, 1).
        TestHelpers.AssertValues([11, 8, 13, 24, 25, 14], new Add().Call(A, TestHelpers.D([10, 20], [2, 1])), 1e-15);
    }

    [Fact]
    public void EveryMergeLayerGoesThroughTheHarness()
    {
        Shape[] two = [[3, 4], [3, 4]], three = [[3, 4], [3, 4], [3, 4]];
        MultiInputLayerHarness.Check(() => new Add(), three, [3, 4]);
        MultiInputLayerHarness.Check(() => new Subtract(), two, [3, 4]);
        MultiInputLayerHarness.Check(() => new Multiply(), three, [3, 4]);
        MultiInputLayerHarness.Check(() => new Average(), three, [3, 4]);
        MultiInputLayerHarness.Check(() => new Maximum(), three, [3, 4]);
        MultiInputLayerHarness.Check(() => new Minimum(), three, [3, 4]);
        MultiInputLayerHarness.Check(() => new Add(), [[2, 3, 4], [2, 1, 4]], [2, 3, 4]);
        MultiInputLayerHarness.Check(() => new Concatenate(), [[2, 3], [2, 5]], [2, 8]);
        MultiInputLayerHarness.Check(() => new Concatenate(axis: 1), [[2, 3, 4], [2, 1, 4], [2, 2, 4]], [2, 6, 4]);
        MultiInputLayerHarness.Check(() => new Dot(1), [[3, 4], [3, 4]], [3, 1]);
        MultiInputLayerHarness.Check(() => new Dot(2, 2), [[2, 3, 4], [2, 5, 4]], [2, 3, 5]);
        MultiInputLayerHarness.Check(() => new Dot(-1, normalize: true), [[3, 4], [3, 4]], [3, 1]);
    }

    [Fact]
    public void MismatchedShapesNameTheLayerAndAllShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new Add(name: "probe_add").Call(Tensor.Ones([2, 3]), Tensor.Ones([2, 4]), Tensor.Ones([2, 3])));
        Assert.Contains("Add 'probe_add'", e.Message);
        Assert.Contains("(None, 3), (None, 4), (None, 3)", e.Message);
        var batch = Assert.Throws<ArgumentException>(() => new Multiply(name: "probe_mul").Call(Tensor.Ones([2, 3]), Tensor.Ones([4, 3])));
        Assert.Contains("probe_mul", batch.Message);
        Assert.Contains("(2, 3), (4, 3)", batch.Message);
        var three = Assert.Throws<ArgumentException>(() => new Subtract(name: "probe_sub").Call(Tensor.Ones([2, 3]), Tensor.Ones([2, 3]), Tensor.Ones([2, 3])));
        Assert.Contains("exactly 2", three.Message);
        Assert.Contains("probe_sub", three.Message);
        var dtype = Assert.Throws<ArgumentException>(() => new Maximum().Call(Tensor.Ones([2, 3]), Tensor.Ones([2, 3], DType.Float64)));
        Assert.Contains("dtype", dtype.Message);
        var concat = Assert.Throws<ArgumentException>(() => new Concatenate(name: "probe_cat").Call(Tensor.Ones([2, 3, 4]), Tensor.Ones([2, 2, 5])));
        Assert.Contains("probe_cat", concat.Message);
        Assert.Contains("(2, 3, 4), (2, 2, 5)", concat.Message);
        Assert.Throws<ArgumentException>(() => new Concatenate().Call(Tensor.Ones([2, 3]), Tensor.Ones([2, 3, 1])));
        var batchAxis = Assert.Throws<ArgumentException>(() => new Concatenate(axis: 0).Call(Tensor.Ones([2, 3]), Tensor.Ones([2, 3])));
        Assert.Contains("batch axis", batchAxis.Message);
        var dot = Assert.Throws<ArgumentException>(() => new Dot(1, name: "probe_dot").Call(Tensor.Ones([2, 3]), Tensor.Ones([2, 4])));
        Assert.Contains("probe_dot", dot.Message);
        Assert.Contains("(2, 3), (2, 4)", dot.Message);
        Assert.Throws<ArgumentException>(() => new Dot(0).Call(Tensor.Ones([2, 3]), Tensor.Ones([2, 3])));
        Assert.Throws<ArgumentException>(() => new Dot(1).Call(Tensor.Ones([2, 3]), Tensor.Ones([2, 3]), Tensor.Ones([2, 3])));
    }

    [Fact]
    public void TheTwoInputFunctionalModelHasKerasShapesAndCounts()
    {
        // SEEDS.md §4 item 3: Input(16) → Dense 8 (136), Input(32) → Dense 8 (264), concatenate (None, 16) 0,
        // Dense 4 (68); total 468.
        var in1 = new Input(16);
        var in2 = new Input(32);
        var d1 = new Dense(8, Activation.ReLU);
        var d2 = new Dense(8, Activation.ReLU);
        var cat = new Concatenate();
        var d3 = new Dense(4);
        var joined = cat.Call(d1.Call(in1), d2.Call(in2));
        var output = d3.Call(joined);
        Assert.Equal("(None, 16)", joined.ShapeText);
        Assert.Equal("(None, 4)", output.ShapeText);
        Assert.Equal(new long[] { 136, 264, 0, 68 }, new Layer[] { d1, d2, cat, d3 }.Select(l => l.CountParams()));
        Assert.Equal(468, d1.CountParams() + d2.CountParams() + cat.CountParams() + d3.CountParams());
    }

    [Fact]
    public void ConcatenateJoinsAlongItsAxis()
    {
        var x = TestHelpers.D([1, 2, 3, 4], [2, 2]);
        var y = TestHelpers.D([5, 6], [2, 1]);
        TestHelpers.AssertValues([1, 2, 5, 3, 4, 6], new Concatenate().Call(x, y), 0);
        var t = new Concatenate(axis: 1).Call(Tensor.Ones([2, 3, 4]), Tensor.Zeros([2, 2, 4]));
        Assert.Equal(new Shape(2, 5, 4), t.Shape);
        Assert.Equal(24.0, t.Sum().Item(), 6);
    }

    [Fact]
    public void DotMatchesNumpy()
    {
        // /usr/bin/python3, numpy 1.24, following Keras's batch_dot:
        //   x = [[1, 2, 3], [-1, 0.5, 2]]; y = [[4, -5, 6], [2, 2, -1]]
        //   np.sum(x * y, axis=1, keepdims=True) → [[12], [-3]]
        //   normalize: x / sqrt(max(sum(x²), 1e-14)) per row → cosines [0.36548694232390355, -0.4364357804719847]
        //   a = np.arange(12.).reshape(2, 3, 2) * 0.5 - 1; b = np.arange(24.).reshape(2, 4, 3) * 0.25 - 2
        //   Dot(axes=(1, 2)): np.einsum('bki,bjk->bij', a, b) → (2, 2, 4)
        var x = TestHelpers.D([1, 2, 3, -1, 0.5, 2], [2, 3]);
        var y = TestHelpers.D([4, -5, 6, 2, 2, -1], [2, 3]);
        var d = new Dot(1).Call(x, y);
        Assert.Equal(new Shape(2, 1), d.Shape);
        TestHelpers.AssertValues([12, -3], d, 1e-15);
        TestHelpers.AssertValues([0.36548694232390355, -0.4364357804719847], new Dot(-1, normalize: true).Call(x, y), 1e-15);
        var a = Tensor.Arange(12, DType.Float64).Reshape(2, 3, 2) * 0.5 - 1;
        var b = Tensor.Arange(24, DType.Float64).Reshape(2, 4, 3) * 0.25 - 2;
        var r = new Dot(1, 2).Call(a, b);
        Assert.Equal(new Shape(2, 2, 4), r.Shape);
        TestHelpers.AssertValues([0.5, 0.5, 0.5, 0.5, -2.125, -1, 0.125, 1.25, 11.75, 18.5, 25.25, 32, 13.625, 21.5, 29.375, 37.25], r, 1e-15);
        Assert.Null(new Dot(1).Call(x.WithMask(Tensor.Ones([2])), y.WithMask(Tensor.Ones([2]))).Mask);
    }

    [Fact]
    public void MasksCombineAsKeras3()
    {
        // Sequences (batch 1, time 3, features 2); masks over time.
        var x = TestHelpers.D([1, 2, 3, 4, 5, 6], [1, 3, 2]);
        var y = TestHelpers.D([10, 20, 30, 40, 50, 60], [1, 3, 2]);
        var mx = Tensor.FromArray(new float[,] { { 1, 1, 0 } });
        var my = Tensor.FromArray(new float[,] { { 1, 0, 0 } });
        Tensor Xm() => x.WithMask(mx);
        Tensor Ym() => y.WithMask(my);

        // Add: values combine as they are; the mask is the OR (valid where either is valid).
        var sum = new Add().Call(Xm(), Ym());
        TestHelpers.AssertValues([11, 22, 33, 44, 55, 66], sum, 0);
        TestHelpers.AssertValues([1, 1, 0], sum.Mask!, 0);
        // Without a mask on one input there is no output mask.
        Assert.Null(new Add().Call(Xm(), y).Mask);
        Assert.Null(new Subtract().Call(x, y).Mask);

        // Multiply: a masked-out value counts as 1, the product is 0 outside the OR mask.
        var prod = new Multiply().Call(Xm(), Ym());
        TestHelpers.AssertValues([10, 40, 3, 4, 0, 0], prod, 0);
        TestHelpers.AssertValues([1, 1, 0], prod.Mask!, 0);
        // Maximum / Minimum: a masked-out value never wins.
        var max = new Maximum().Call(Xm(), Ym());
        TestHelpers.AssertValues([10, 20, 3, 4, 5, 6], max, 0);
        // (Where both are masked out, Keras's fold leaves the first input's values: 50, 60; the mask hides them.)
        var min = new Minimum().Call(Ym(), Xm());
        TestHelpers.AssertValues([1, 2, 3, 4, 50, 60], min, 0);
        TestHelpers.AssertValues([1, 1, 0], min.Mask!, 0);

        // Concatenate along time: the masks are concatenated; an unmasked input counts as valid.
        var time = new Concatenate(axis: 1).Call(Xm(), Ym());
        TestHelpers.AssertValues([1, 1, 0, 1, 0, 0], time.Mask!, 0);
        TestHelpers.AssertValues([1, 1, 0, 1, 1, 1], new Concatenate(axis: 1).Call(Xm(), y).Mask!, 0);
        // ... along features: the OR of the masks.
        TestHelpers.AssertValues([1, 1, 0], new Concatenate().Call(Xm(), Ym()).Mask!, 0);
        Assert.Null(new Concatenate().Call(x, y).Mask);
    }
}

internal static class MaskExtensions
{
    /// <summary>The same values carrying a mask (as a masking layer would leave them).</summary>
    public static Tensor WithMask(this Tensor x, Tensor mask)
    {
        var y = x.Clone();
        y.Mask = mask;
        return y;
    }
}
