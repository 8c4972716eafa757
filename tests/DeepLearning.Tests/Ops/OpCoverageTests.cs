using DeepLearning.Tests.Conformance;
using System.Reflection;

namespace DeepLearning.Tests.Ops;

/// <summary>Every public op of <see cref="Tensor"/> is in the op table (and, when differentiable, in GradCheck):
/// a new public method fails this test until it is registered in <see cref="OpRegistry"/> or listed here as not
/// being a computation (creation, in-place writes, autograd bookkeeping).</summary>
public class OpCoverageTests
{
    /// <summary>Public Tensor methods → the registry entries that exercise them.</summary>
    private static readonly Dictionary<string, string[]> Covered = new()
    {
        ["Abs"] = ["Abs"], ["Add"] = ["Add"], ["ArgMax"] = ["ArgMax"], ["ArgMin"] = ["ArgMin"], ["AvgPool1D"] = ["AvgPool1D"],
        ["AvgPool2D"] = ["AvgPool2D"], ["Cast"] = ["CastToFloat64"], ["Ceil"] = ["Ceil"], ["Clip"] = ["Clip"], ["Clone"] = ["Clone"],
        ["Concat"] = ["Concat"], ["Contiguous"] = ["Contiguous"], ["Conv1D"] = ["Conv1D"], ["Conv2D"] = ["Conv2D", "Conv2DExplicitPads"],
        ["Conv2DTranspose"] = ["Conv2DTranspose"], ["Cos"] = ["Cos"], ["DepthwiseConv2D"] = ["DepthwiseConv2D"], ["Div"] = ["Div"],
        ["Elu"] = ["Elu"], ["Eq"] = ["Eq"], ["Erf"] = ["Erf"], ["Exp"] = ["Exp"], ["Expand"] = ["Expand"], ["Expm1"] = ["Expm1"],
        ["Flatten"] = ["Flatten"], ["Floor"] = ["Floor"], ["Gather"] = ["Gather", "GatherMatrix"], ["Gelu"] = ["Gelu", "GeluTanh"],
        ["HardSigmoid"] = ["HardSigmoid"], ["LeakyRelu"] = ["LeakyRelu"], ["Log"] = ["Log"], ["Log1p"] = ["Log1p"],
        ["LogSoftmax"] = ["LogSoftmax"], ["LogSumExp"] = ["LogSumExp"], ["MatMul"] = ["MatMul"], ["Max"] = ["MaxAll", "MaxAxis"],
        ["Maximum"] = ["Maximum"], ["MaxPool1D"] = ["MaxPool1D"], ["MaxPool2D"] = ["MaxPool2D"], ["Mean"] = ["MeanAll", "MeanAxis"],
        ["Min"] = ["MinAxis"], ["Minimum"] = ["Minimum"], ["Mish"] = ["Mish"], ["Mul"] = ["Mul"], ["Narrow"] = ["Narrow"], ["Ne"] = ["Ne"],
        ["Norm"] = ["Norm1", "Norm2", "Norm2Axis", "Norm3", "NormInf"], ["OneHot"] = ["OneHot"], ["Pad"] = ["Pad"],
        ["Permute"] = ["Permute"], ["Pow"] = ["Pow", "PowScalar", "PowFractional", "ScalarPow"], ["Reciprocal"] = ["Reciprocal"],
        ["Relu"] = ["Relu"], ["Relu6"] = ["Relu6"], ["Reshape"] = ["Reshape"], ["Round"] = ["Round"], ["Rsqrt"] = ["Rsqrt"],
        ["ScatterAdd"] = ["ScatterAdd"], ["Select"] = ["Select"], ["Selu"] = ["Selu"], ["Sigmoid"] = ["Sigmoid"], ["Sign"] = ["Sign"],
        ["Silu"] = ["Silu"], ["Sin"] = ["Sin"], ["Softmax"] = ["Softmax", "SoftmaxAxis0"], ["Softplus"] = ["Softplus"],
        ["Softsign"] = ["Softsign"], ["Split"] = ["Split", "SplitEqual"], ["Sqrt"] = ["Sqrt"], ["Square"] = ["Square"],
        ["Squeeze"] = ["Squeeze"], ["Stack"] = ["Stack"], ["Standardize"] = ["Standardize", "StandardizeAxes"], ["Std"] = ["Std"],
        ["Sub"] = ["Sub"], ["Sum"] = ["SumAll", "SumAxis", "SumAxesKeep"], ["TakeAlongAxis"] = ["TakeAlongAxis"], ["Tanh"] = ["Tanh"],
        ["TopK"] = ["TopKValues", "TopKIndices"], ["Transpose"] = ["Transpose", "Permute"], ["Unsqueeze"] = ["Unsqueeze"],
        ["Var"] = ["Var", "VarCorrected"], ["Where"] = ["Where"], ["get_Slice"] = ["Index", "IndexNewAxis"],
        ["op_Addition"] = ["Add", "AddScalar"], ["op_Subtraction"] = ["Sub", "SubScalar", "ScalarSub"],
        ["op_Multiply"] = ["Mul", "MulScalar"], ["op_Division"] = ["Div", "DivScalar", "ScalarDiv"], ["op_UnaryNegation"] = ["Neg"],
        ["op_LessThan"] = ["Less"], ["op_LessThanOrEqual"] = ["LessEqual"], ["op_GreaterThan"] = ["Greater"],
        ["op_GreaterThanOrEqual"] = ["GreaterEqual"],
    };

    /// <summary>Public members returning tensors that are not computations on tensors: creation (tested in
    /// TensorBasicsTests and RandomTests), in-place writes, device moves and autograd bookkeeping.</summary>
    private static readonly HashSet<string> NotOps =
    [
        "AddInPlace", "Arange", "Assign", "Bernoulli", "Detach", "Eye", "Fill", "FromArray", "FromNumericsTensor", "FromRows",
        "FromSpan", "Full", "FullLike", "Keep", "Linspace", "MulInPlace", "Ones", "OnesLike", "RandomInt", "RandomNormal",
        "RandomUniform", "RetainGrad", "Scalar", "To", "TruncatedNormal", "Zeros", "ZerosLike", "get_Grad", "get_Mask",
    ];

    [Fact]
    public void EveryPublicTensorOpIsInTheOpTableAndGradCheck()
    {
        var methods = typeof(Tensor).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m.ReturnType == typeof(Tensor) || m.ReturnType == typeof(Tensor[]) || m.ReturnType.Name.StartsWith("ValueTuple"))
            .Select(m => m.Name).Distinct().Where(n => !NotOps.Contains(n)).Order().ToArray();
        var unregistered = methods.Where(m => !Covered.ContainsKey(m)).ToArray();
        Assert.True(unregistered.Length == 0, $"public Tensor ops missing from OpRegistry: {string.Join(", ", unregistered)}");
        var names = OpRegistry.All.Select(o => o.Name).ToHashSet();
        foreach (var (method, entries) in Covered)
            foreach (var entry in entries)
                Assert.True(names.Contains(entry), $"{method}: registry entry '{entry}' does not exist");
    }
}
