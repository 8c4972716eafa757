namespace DeepLearning.Tests.Ops;

/// <summary>Bad input raises the documented exception, and its message names the op and the shapes involved.</summary>
public class BadInputTests
{
    private static void Throws<TException>(Action action, params string[] fragments) where TException : Exception
    {
        var e = Assert.ThrowsAny<TException>(action);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void ShapeMismatches()
    {
        Throws<ArgumentException>(() => _ = Tensor.Ones([2, 3]) + Tensor.Ones([4]), "Add", "(2, 3)", "(4,)");
        Throws<ArgumentException>(() => Tensor.Ones([2, 3]).MatMul(Tensor.Ones([4, 2])), "MatMul", "(2, 3)", "(4, 2)");
        Throws<ArgumentException>(() => Tensor.Ones([2, 3, 4]).MatMul(Tensor.Ones([3, 4, 5])), "MatMul", "(2, 3, 4)", "(3, 4, 5)");
        Throws<ArgumentException>(() => Tensor.Ones([6]).Reshape(4, -1), "Reshape", "(6,)");
        Throws<ArgumentException>(() => Tensor.Ones([6]).Reshape(5), "Reshape", "(6,)", "(5,)");
        Throws<ArgumentException>(() => Tensor.Concat([Tensor.Ones([2, 3]), Tensor.Ones([3, 2])], 0), "Concat", "(3, 2)", "(2, 3)");
        Throws<ArgumentException>(() => Tensor.Stack([Tensor.Ones([2]), Tensor.Ones([3])]), "Stack", "(3,)", "(2,)");
        Throws<ArgumentException>(() => Tensor.Ones([2, 3]).Expand([4, 3]), "Expand", "(2, 3)", "(4, 3)");
        Throws<ArgumentException>(() => Tensor.Ones([5]).Split([2, 2]), "Split", "(5,)");
        Throws<ArgumentException>(() => Tensor.Where(Tensor.Ones([2]), Tensor.Ones([3]), Tensor.Ones([3])), "Where", "(2,)", "(3,)");
        Throws<ArgumentException>(() => Tensor.FromArray(new float[5], [2, 3]), "FromArray", "(2, 3)");
        Throws<ArgumentException>(() => Tensor.Ones([3]).ScatterAdd(0, Tensor.FromArray(new[] { 0 }), Tensor.Ones([2])), "ScatterAdd", "(2,)");
        Throws<ArgumentException>(() => Tensor.Ones([3]).Pad([(1, 1), (1, 1)]), "Pad", "(3,)");
    }

    [Fact]
    public void BadAxes()
    {
        Throws<ArgumentOutOfRangeException>(() => Tensor.Ones([2, 3]).Sum(2), "Sum", "axis 2", "(2, 3)");
        Throws<ArgumentOutOfRangeException>(() => Tensor.Ones([2, 3]).Softmax(-3), "Softmax", "(2, 3)");
        Throws<ArgumentException>(() => Tensor.Ones([2, 3]).Sum([1, -1]), "Sum", "repeated");
        Throws<ArgumentException>(() => Tensor.Ones([2, 3]).Permute(0, 0), "Permute", "(2, 3)");
        Throws<ArgumentException>(() => Tensor.Ones([2, 3]).Squeeze(1), "Squeeze", "(2, 3)");
        Throws<ArgumentOutOfRangeException>(() => Tensor.Ones([2, 3]).Unsqueeze(4), "Unsqueeze", "(2, 3)");
        Throws<ArgumentOutOfRangeException>(() => Tensor.Ones([2, 3]).ArgMax(5), "ArgMax", "(2, 3)");
        Throws<ArgumentException>(() => Tensor.Ones([2, 0]).ArgMax(1), "ArgMax", "empty");
        Throws<ArgumentException>(() => Tensor.Ones([0]).Max(), "Max", "empty");
    }

    [Fact]
    public void DtypeAndDeviceMismatches()
    {
        Throws<ArgumentException>(() => _ = Tensor.Ones([2]) + Tensor.Ones([2], DType.Float64), "Add", "Float32", "Float64");
        Throws<ArgumentException>(() => Tensor.Ones([2], DType.Int32).Exp(), "Exp", "int32");
        Throws<ArgumentException>(() => _ = Tensor.Ones([2], DType.Int32) * 1.5, "Mul", "1.5");
        Throws<ArgumentException>(() => Tensor.Ones([2]).Gather(Tensor.Ones([1])), "Gather", "int32");
        Throws<ArgumentException>(() => Tensor.OneHot(Tensor.Ones([2]), 3), "OneHot", "int32");
        Throws<ArgumentException>(() => _ = Tensor.Ones([2]) + Tensor.Ones([2], device: TestHelpers.Reference), "Add", "cpu", "reference");
        Throws<ArgumentException>(() => Tensor.Ones([2], DType.Int32).Mean(), "Mean", "Int32");
        Throws<ArgumentException>(() => Tensor.Ones([2], DType.Int32).MatMul(Tensor.Ones([2], DType.Int32)), "MatMul", "Int32");
    }

    [Fact]
    public void IllegalArguments()
    {
        Throws<ArgumentOutOfRangeException>(() => Tensor.Ones([3]).Gather(Tensor.FromArray(new[] { 3 })), "Gather", "3");
        Throws<ArgumentOutOfRangeException>(() => Tensor.Ones([3]).ScatterAdd(0, Tensor.FromArray(new[] { -1 }), Tensor.Ones([1])), "ScatterAdd", "-1");
        Throws<ArgumentOutOfRangeException>(() => Tensor.Ones([2, 3]).TakeAlongAxis(Tensor.FromArray(new[] { 0, 3 }, [2, 1]), 1), "TakeAlongAxis");
        Throws<ArgumentOutOfRangeException>(() => _ = Tensor.Ones([3])[3], "Index", "axis 0", "(3,)");
        Throws<ArgumentOutOfRangeException>(() => _ = Tensor.Ones([3])[1..5], "Index", "(3,)");
        Throws<ArgumentException>(() => _ = Tensor.Ones([3])[0, 0], "Index", "(3,)");
        Throws<ArgumentOutOfRangeException>(() => TensorIndex.Slice(0, 3, 0), "step");
        Throws<ArgumentOutOfRangeException>(() => Tensor.Ones([3]).TopK(4), "TopK", "(3,)");
        Throws<ArgumentOutOfRangeException>(() => Tensor.Ones([3]).Narrow(0, 2, 2), "Narrow", "(3,)");
        Throws<ArgumentException>(() => Tensor.Ones([3]).Clip(1, 0), "Clip");
        Throws<ArgumentException>(() => Tensor.Ones([3]).Norm(0), "Norm");
        Throws<ArgumentException>(() => Tensor.Arange(0, 1, 0), "Arange");
        Throws<ArgumentOutOfRangeException>(() => Tensor.Bernoulli([3], 1.5), "Bernoulli");
        Throws<ArgumentException>(() => Tensor.RandomUniform([3], 2, 1), "RandomUniform");
        Throws<ArgumentException>(() => new Shape(1, 2, 3, 4, 5, 6, 7, 8, 9), "rank 9");
        Throws<ArgumentException>(() => new Shape(2, -1), "-1");
        Throws<InvalidOperationException>(() => Tensor.Ones([2]).Item(), "Item", "(2,)");
        Throws<DivideByZeroException>(() => _ = Tensor.FromArray(new[] { 1 }) / Tensor.FromArray(new[] { 0 }), "division by zero");
    }
}
