namespace DeepLearning.Tests.Conformance;

/// <summary>How test inputs of an op are drawn (uniform u ∈ [−1, 1) mapped into the op's domain).</summary>
public enum Domain
{
    /// <summary>[−2, 2).</summary>
    Any,
    /// <summary>[0.5, 2.5).</summary>
    Positive,
    /// <summary>±[0.2, 2): away from a kink at 0.</summary>
    AwayFromZero,
    /// <summary>±[0.2, 0.9] ∪ ±[1.2, 2]: away from kinks at ±1.</summary>
    AwayFromOne,
    /// <summary>(−0.9, 0.9): inside (−1, 1).</summary>
    Unit,
}

/// <summary>One public op as the tests see it: how to call it on its inputs, its input domain, and whether it is
/// differentiable (GradCheck) — the single list that both the op table and the GradCheck tests iterate.</summary>
public sealed record OpCase(string Name, int Arity, Func<Tensor[], Tensor> Apply, Domain Domain = Domain.Any,
    bool Differentiable = true, Shape[][]? Shapes = null)
{
    public override string ToString() => Name;
}

public static class OpRegistry
{
    /// <summary>The registry entry named <paramref name="name"/>.</summary>
    public static OpCase Find(string name) => All.Single(o => o.Name == name);

    // Unary element-wise shapes: scalar, empty, one, odd, 2-D, 3-D.
    private static readonly Shape[][] UnaryShapes = [[[]], [[0]], [[1]], [[7]], [[3, 5]], [[2, 3, 4]]];
    // Binary shapes: equal, broadcast both ways, rank-padding, scalar, empty.
    private static readonly Shape[][] BinaryShapes =
    [
        [[7], [7]], [[3, 1], [1, 4]], [[2, 3, 4], [4]], [[], [3]], [[0, 3], [3]], [[2, 1, 5], [3, 1]],
    ];
    private static readonly Shape[][] ReduceShapes = [[[7]], [[3, 5]], [[2, 3, 4]], [[1, 9]]];

    private static OpCase U(string name, Func<Tensor, Tensor> f, Domain d = Domain.Any, bool diff = true) =>
        new(name, 1, x => f(x[0]), d, diff, UnaryShapes);

    private static OpCase B(string name, Func<Tensor, Tensor, Tensor> f, Domain d = Domain.Any, bool diff = true) =>
        new(name, 2, x => f(x[0], x[1]), d, diff, BinaryShapes);

    private static OpCase R(string name, Func<Tensor, Tensor> f, Domain d = Domain.Any, bool diff = true, Shape[][]? shapes = null) =>
        new(name, 1, x => f(x[0]), d, diff, shapes ?? ReduceShapes);

    public static readonly OpCase[] All =
    [
        // Element-wise unary.
        U("Neg", x => -x),
        U("Abs", x => x.Abs(), Domain.AwayFromZero),
        U("Sign", x => x.Sign(), Domain.AwayFromZero, diff: false),
        U("Square", x => x.Square()),
        U("Sqrt", x => x.Sqrt(), Domain.Positive),
        U("Rsqrt", x => x.Rsqrt(), Domain.Positive),
        U("Reciprocal", x => x.Reciprocal(), Domain.AwayFromZero),
        U("Exp", x => x.Exp()),
        U("Log", x => x.Log(), Domain.Positive),
        U("Log1p", x => x.Log1p(), Domain.Unit),
        U("Expm1", x => x.Expm1()),
        U("Sin", x => x.Sin()),
        U("Cos", x => x.Cos()),
        U("Tanh", x => x.Tanh()),
        U("Sigmoid", x => x.Sigmoid()),
        U("Relu", x => x.Relu(), Domain.AwayFromZero),
        U("Relu6", x => (x * 4).Relu6(), Domain.AwayFromZero),
        U("LeakyRelu", x => x.LeakyRelu(0.2), Domain.AwayFromZero),
        U("Elu", x => x.Elu(0.7), Domain.AwayFromZero),
        U("Selu", x => x.Selu(), Domain.AwayFromZero),
        U("Gelu", x => x.Gelu()),
        U("GeluTanh", x => x.Gelu(approximate: true)),
        U("Softplus", x => x.Softplus()),
        U("Softsign", x => x.Softsign(), Domain.AwayFromZero),
        U("Silu", x => x.Silu()),
        U("Mish", x => x.Mish()),
        U("HardSigmoid", x => x.HardSigmoid(), Domain.Any),
        U("Erf", x => x.Erf()),
        U("Floor", x => x.Floor(), diff: false),
        U("Ceil", x => x.Ceil(), diff: false),
        U("Round", x => x.Round(), diff: false),
        U("Clip", x => x.Clip(-1, 1), Domain.AwayFromOne),
        U("AddScalar", x => x + 1.5),
        U("ScalarSub", x => 1.5 - x),
        U("SubScalar", x => x - 0.25),
        U("MulScalar", x => x * -2.5),
        U("DivScalar", x => x / 3.0),
        U("ScalarDiv", x => 3.0 / x, Domain.AwayFromZero),
        U("PowScalar", x => x.Pow(3.0)),
        U("PowFractional", x => x.Pow(1.7), Domain.Positive),
        U("ScalarPow", x => Tensor.Pow(1.8, x)),
        // Element-wise binary with broadcasting.
        B("Add", (a, b) => a + b),
        B("Sub", (a, b) => a - b),
        B("Mul", (a, b) => a * b),
        B("Div", (a, b) => a / b, Domain.AwayFromZero),
        B("Pow", (a, b) => a.Pow(b), Domain.Positive),
        B("Maximum", Tensor.Maximum),
        B("Minimum", Tensor.Minimum),
        B("Less", (a, b) => a < b, diff: false),
        B("LessEqual", (a, b) => a <= b, diff: false),
        B("Greater", (a, b) => a > b, diff: false),
        B("GreaterEqual", (a, b) => a >= b, diff: false),
        B("Eq", (a, b) => a.Round().Eq(b.Round()), diff: false),
        B("Ne", (a, b) => a.Round().Ne(b.Round()), diff: false),
        new("Where", 3, x => Tensor.Where(x[0] > 0.0, x[1], x[2]), Domain.AwayFromZero, true,
            [[[7], [7], [7]], [[3, 1], [1, 4], [3, 4]], [[2, 3], [3], []]]),
        // Reductions.
        R("SumAll", x => x.Sum()),
        R("SumAxis", x => x.Sum(-1)),
        R("SumAxesKeep", x => x.Rank == 1 ? x.Sum([0], keepDims: true) : x.Sum([0, -1], keepDims: true)),
        R("MeanAll", x => x.Mean()),
        R("MeanAxis", x => x.Mean(0, keepDims: true)),
        R("MaxAll", x => x.Max()),
        R("MaxAxis", x => x.Max(-1)),
        R("MinAxis", x => x.Min(0)),
        R("Var", x => x.Var(-1)),
        R("VarCorrected", x => x.Var([0], correction: 1), shapes: [[[7]], [[3, 5]]]),
        R("Std", x => x.Std(), Domain.Any),
        R("Norm2", x => x.Norm(), Domain.AwayFromZero),
        R("Norm2Axis", x => x.Norm(2, [-1], keepDims: true), Domain.AwayFromZero),
        R("Norm1", x => x.Norm(1, [-1]), Domain.AwayFromZero),
        R("NormInf", x => x.Norm(double.PositiveInfinity), Domain.AwayFromZero),
        R("Norm3", x => x.Norm(3), Domain.AwayFromZero),
        R("LogSumExp", x => x.LogSumExp(-1)),
        R("ArgMax", x => x.ArgMax(-1), diff: false),
        R("ArgMin", x => x.ArgMin(0, keepDims: true), diff: false),
        R("TopKValues", x => x.TopK(Math.Min(3, x.Shape[-1])).Values),
        R("TopKIndices", x => x.TopK(Math.Min(3, x.Shape[-1])).Indices, diff: false),
        R("Softmax", x => x.Softmax(-1)),
        R("SoftmaxAxis0", x => x.Softmax(0)),
        R("LogSoftmax", x => x.LogSoftmax(-1)),
        // Linear algebra.
        new("MatMul", 2, x => x[0].MatMul(x[1]), Domain.Any, true,
            [[[3, 4], [4, 5]], [[1, 7], [7, 1]], [[2, 3, 4], [4, 2]], [[2, 1, 3, 4], [3, 4, 5]], [[4], [4, 3]], [[3, 4], [4]], [[4], [4]], [[0, 4], [4, 3]], [[3, 0], [0, 2]]]),
        // Views and copies.
        R("Reshape", x => x.Reshape(-1, 1)),
        R("Flatten", x => x.Flatten()),
        R("Permute", x => x.Rank == 3 ? x.Permute(2, 0, 1) : x.Transpose()),
        R("Transpose", x => x.Transpose(0, -1)),
        R("Unsqueeze", x => x.Unsqueeze(1) * 1.0),
        R("Squeeze", x => x.Unsqueeze(0).Squeeze() * 1.0),
        R("Expand", x => x.Unsqueeze(0).Expand(x.Shape.Rank == 1 ? [3, x.Shape[0]] : [2, .. x.Shape]) * 1.0),
        R("Narrow", x => x.Narrow(-1, 1, x.Shape[-1] - 2)),
        R("Select", x => x.Select(0, -1)),
        R("Index", x => x.Rank == 1 ? x[1..^1] : x[.., TensorIndex.Slice(null, null, 2)]),
        R("IndexNewAxis", x => x[TensorIndex.Ellipsis, TensorIndex.NewAxis, ^1]),
        R("Contiguous", x => x.Transpose().Contiguous()),
        R("Clone", x => x.Clone()),
        R("CastToFloat64", x => x.Cast(DType.Float64) * 1.0),
        // Joining and splitting.
        new("Concat", 2, x => Tensor.Concat([x[0], x[1]], -1), Domain.Any, true, [[[3, 2], [3, 4]], [[2], [5]], [[2, 0], [2, 3]]]),
        new("Stack", 2, x => Tensor.Stack([x[0], x[1]], 1), Domain.Any, true, [[[3, 2], [3, 2]], [[4], [4]]]),
        R("Split", x => x.Split([1, x.Shape[-1] - 1], -1)[1] * 2.0),
        R("SplitEqual", x => x.Split(x.Shape[0], 0)[^1]),
        // Indexing.
        R("Gather", x => x.Gather(Tensor.FromArray(new[] { 0, 0, 1 }, null, x.Device), -1), shapes: [[[3, 5]], [[2, 3, 4]], [[7]]]),
        R("GatherMatrix", x => x.Gather(Tensor.FromArray(new[] { 1, 0, 1, 1 }, [2, 2], x.Device), 0), shapes: [[[3, 5]], [[2, 3, 4]]]),
        new("ScatterAdd", 2, x => x[0].ScatterAdd(0, Tensor.FromArray(new[] { 2, 0, 2 }, null, x[0].Device), x[1]), Domain.Any, true,
            [[[4, 3], [3, 3]], [[3], [3]]]),
        R("TakeAlongAxis", x => x.TakeAlongAxis(Tensor.FromArray(new[] { 2, 0, 0, 1, 2, 2 }, [3, 2], x.Device), 1), shapes: [[[3, 5]]]),
        R("Pad", x => x.Pad(x.Rank == 1 ? [(1, 2)] : [(0, 1), (2, 0)], value: 0.5), shapes: [[[7]], [[3, 5]]]),
        new("OneHot", 1, x => Tensor.OneHot((x[0] * 3).Abs().Floor().Cast(DType.Int32), 5, x[0].DType), Domain.Any, false, [[[7]], [[2, 3]]]),
        // Convolution and pooling (NHWC; kernels (kh, kw, in, out)); normalisation.
        new("Conv2D", 2, x => x[0].Conv2D(x[1], (2, 1), Padding.Same), Domain.Any, true, [[[2, 5, 4, 3], [3, 2, 3, 4]], [[1, 3, 3, 2], [3, 3, 2, 1]]]),
        new("Conv2DExplicitPads", 2, x => x[0].Conv2D(x[1], (1, 2), (1, 0, 0, 2), (2, 1)), Domain.Any, true, [[[2, 5, 4, 3], [2, 2, 3, 2]]]),
        new("Conv1D", 2, x => x[0].Conv1D(x[1], 1, Padding.Causal, dilation: 2), Domain.Any, true, [[[2, 7, 3], [3, 3, 2]]]),
        new("DepthwiseConv2D", 2, x => x[0].DepthwiseConv2D(x[1], (1, 1), Padding.Same), Domain.Any, true, [[[2, 4, 4, 3], [3, 3, 3, 2]]]),
        new("Conv2DTranspose", 2, x => x[0].Conv2DTranspose(x[1], (2, 2), Padding.Same), Domain.Any, true, [[[2, 3, 3, 3], [3, 3, 2, 3]]]),
        new("MaxPool2D", 1, x => x[0].MaxPool2D((2, 2), (1, 2), Padding.Same), Domain.Any, true, [[[2, 5, 4, 3]], [[1, 3, 3, 1]]]),
        new("AvgPool2D", 1, x => x[0].AvgPool2D((3, 2), null, Padding.Same), Domain.Any, true, [[[2, 5, 4, 3]]]),
        new("MaxPool1D", 1, x => x[0].MaxPool1D(2), Domain.Any, true, [[[2, 7, 3]]]),
        new("AvgPool1D", 1, x => x[0].AvgPool1D(3, 2, Padding.Same), Domain.Any, true, [[[2, 7, 3]]]),
        R("Standardize", x => x.Standardize([-1], 1e-3), shapes: [[[3, 5]], [[2, 3, 4]]]),
        R("StandardizeAxes", x => x.Standardize([0, 1], 1e-3), shapes: [[[2, 3, 4]]]),
    ];
}
