using DeepLearning.Initializers;
using DeepLearning.Layers;
using DeepLearning.Regularizers;

namespace DeepLearning.Tests.Layers;

public class LayerBaseTests
{
    [Fact]
    public void DenseActsOnTheLastAxisWithKerasParameterCounts()
    {
        // SEEDS.md §4 item 2: Input (10, 5) → Dense(100) 600 → Dense(20) 2,020 → Dense(1) 21; total 2,641.
        var d1 = new Dense(100, Activation.ReLU);
        var d2 = new Dense(20, Activation.ReLU);
        var d3 = new Dense(1, Activation.Sigmoid);
        var x = Tensor.RandomNormal([4, 10, 5]);
        var y = d3.Call(d2.Call(d1.Call(x)));
        Assert.Equal(new Shape(4, 10, 1), y.Shape);
        Assert.Equal(600, d1.CountParams());
        Assert.Equal(2020, d2.CountParams());
        Assert.Equal(21, d3.CountParams());
        Assert.Equal(new Shape(5, 100), d1.Kernel!.Shape);
    }

    [Fact]
    public void DenseComputesXWPlusB()
    {
        var dense = new Dense(2, kernelInitializer: new Constant(0.5), biasInitializer: new Constant(1));
        var y = dense.Call(Tensor.FromArray(new float[,] { { 1, 2, 3 } }));
        TestHelpers.AssertValues([4, 4], y);  // 0.5·(1+2+3) + 1
    }

    [Fact]
    public void SymbolicCallsInferShapesWithoutComputing()
    {
        var input = new Input(16);
        var h = new Dense(8, Activation.ReLU).Call(input);
        Assert.Equal(new Shape(8), h.Shape);
        Assert.Equal("(None, 8)", h.ShapeText);
        Assert.Same(input.Output, h.Inputs[0]);
        Assert.Equal(136, h.Layer.CountParams()); // SEEDS.md §4 item 3: dense_50 has 136 parameters
    }

    [Fact]
    public void AutomaticNamesAreSnakeCaseAndUnique()
    {
        var a = new Dense(1);
        var b = new Dense(1);
        Assert.StartsWith("dense", a.Name);
        Assert.NotEqual(a.Name, b.Name);
        Assert.Equal("max_pooling2d", LayerNamesProbe("MaxPooling2D"));
        Assert.Equal("lstm", LayerNamesProbe("LSTM"));
        Assert.Equal("conv2d_transpose", LayerNamesProbe("Conv2DTranspose"));
    }

    private static string LayerNamesProbe(string s) => typeof(Layer).Assembly.GetType("DeepLearning.Layers.LayerNames")!
        .GetMethod("SnakeCase")!.Invoke(null, [s]) as string ?? "";

    [Fact]
    public void TrainingIsExplicitOrInheritedElseFalse()
    {
        var probe = new TrainingProbe();
        var outer = new Wrapper(probe);
        outer.Call(Tensor.Ones([1, 1]), training: true);
        Assert.True(probe.Seen);
        outer.Call(Tensor.Ones([1, 1]));
        Assert.False(probe.Seen);
        probe.Call(Tensor.Ones([1, 1]));
        Assert.False(probe.Seen);
        Assert.False(Layer.CurrentTraining);
    }

    [Fact]
    public void FreezingMovesWeightsToNonTrainable()
    {
        var dense = new Dense(3);
        dense.Call(Tensor.Ones([2, 4]));
        Assert.Equal(2, dense.TrainableWeights.Count);
        dense.Trainable = false;
        Assert.Empty(dense.TrainableWeights);
        Assert.Equal(2, dense.NonTrainableWeights.Count);
        Assert.Equal(15, dense.CountParams());
    }

    [Fact]
    public void RegularizersAddKerasPenaltiesAndConstraintsProject()
    {
        var dense = new Dense(2, kernelInitializer: new Constant(2), kernelRegularizer: Regularizer.L2(0.01),
            biasRegularizer: Regularizer.L1(0.5), activityRegularizer: Regularizer.L1(0.1), kernelConstraint: Constraint.MaxNorm(1));
        var y = dense.Call(Tensor.Ones([1, 3]));
        var losses = dense.Losses.Select(l => (double)l.Item()).ToArray();
        Assert.Equal(3, losses.Length);
        Assert.Equal(0.01 * 6 * 4, losses[0], 5);   // λΣw² over six weights of 2
        Assert.Equal(0, losses[1], 6);              // λΣ|b| with zero bias
        Assert.Equal(0.1 * 12, losses[2], 5);       // λΣ|y|, y = 6 twice
        dense.ApplyConstraints();
        // Each column of the kernel has norm 2√3 along axis 0; MaxNorm(1) rescales it to norm 1.
        Assert.Equal(1.0, dense.Kernel!.Square().Sum(0).Sqrt().ToArray<float>()[0], 5);
    }

    [Fact]
    public void AnInputOfTheWrongShapeIsRejectedWithBothShapes()
    {
        var dense = new Dense(3, name: "probe_dense");
        dense.Call(Tensor.Ones([2, 4]));
        var e = Assert.Throws<ArgumentException>(() => dense.Call(Tensor.Ones([2, 5])));
        Assert.Contains("probe_dense", e.Message);
        Assert.Contains("(None, 4)", e.Message);
        Assert.Contains("(None, 5)", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dense(0));
        Assert.Throws<ArgumentException>(() => new Input(3).Call(Tensor.Ones([2, 4])));
    }

    [Fact]
    public void Float64InputsBuildAFloat64Layer()
    {
        var dense = new Dense(2);
        var y = dense.Call(Tensor.Ones([1, 3], DType.Float64));
        Assert.Equal(DType.Float64, y.DType);
        Assert.Equal(DType.Float64, dense.Kernel!.DType);
    }

    [Fact]
    public void InitializersFollowKerasFanConventions()
    {
        Assert.Equal((3.0 * 3 * 16, 3.0 * 3 * 32), Initializer.Fans([3, 3, 16, 32]));
        var he = Initializer.HeNormal.Create([400, 300], DType.Float64, generator: new Generator(1));
        Assert.Equal(Math.Sqrt(2.0 / 400), he.Std().Item<double>(), 2);
        var glorot = Initializer.GlorotUniform.Create([200, 300], DType.Float64, generator: new Generator(2));
        double limit = Math.Sqrt(6.0 / 500);
        Assert.True(glorot.Abs().Max().Item<double>() <= limit);
        Assert.Equal(limit / Math.Sqrt(3), glorot.Std().Item<double>(), 2);
        var q = new Orthogonal().Create([5, 3], DType.Float64, generator: new Generator(3));
        TestHelpers.AssertClose(Tensor.Eye(3, dtype: DType.Float64), q.Transpose().MatMul(q), 1e-12, 1e-12);
        Assert.Equal("he_normal", ((Initializer)"he_normal").Name);
    }

    private sealed class TrainingProbe : Layer
    {
        public bool Seen;

        protected override Tensor Forward(Tensor input, CallContext context)
        {
            Seen = context.Training;
            return input;
        }
    }

    private sealed class Wrapper(Layer inner) : Layer
    {
        protected override Tensor Forward(Tensor input, CallContext context) => inner.Call(input);
    }
}
