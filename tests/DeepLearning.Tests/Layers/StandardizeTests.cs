using DeepLearning.Autograd;
using DeepLearning.Tests.Conformance;

namespace DeepLearning.Tests.Layers;

/// <summary>The <see cref="Tensor.Standardize(ReadOnlySpan{int}, double)"/> op under BatchNormalization and
/// LayerNormalization: values against its composition and GradCheck, over axis sets that collapse differently.</summary>
public class StandardizeTests
{
    public static TheoryData<int[], int[]> Cases => new()
    {
        { [6, 4], [0] },                 // batch norm on (batch, features)
        { [3, 2, 2, 4], [0, 1, 2] },     // NHWC batch norm: collapses to (12, 4) over axis 0
        { [3, 4, 2, 2], [0, 2, 3] },     // NCHW batch norm: (3, 4, 4) over axes 0 and 2
        { [2, 3, 5], [2] },              // layer norm over the last axis
        { [2, 3, 5], [1, 2] },           // layer norm over two trailing axes: (2, 15) over axis 1
        { [2, 3, 4, 2], [0, 2] },        // scattered axes: no collapse
        { [3, 1, 4], [1, 2] },           // a size-1 axis inside the reduced run
        { [3, 4, 1], [2] },              // only a size-1 axis reduced: x̂ = 0
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesItsCompositionAndPassesGradCheck(int[] shape, int[] axes)
    {
        var x = OpInputs.Draw(shape, Domain.Any, DType.Float64, DeepLearning.Devices.Device.Cpu, 5) * 3 + 1;
        var y = x.Standardize(axes, 1e-3, out var mean, out var variance);
        var m = x.Mean(axes, keepDims: true);
        var v = (x - m).Square().Mean(axes, keepDims: true);
        TestHelpers.AssertClose((x - m) / (v + 1e-3).Sqrt(), y, 1e-12, 1e-12);
        TestHelpers.AssertClose(m, mean, 1e-12, 1e-12);
        TestHelpers.AssertClose(v, variance, 1e-12, 1e-12);
        var w = Tensor.RandomNormal(shape, 0, 1, DType.Float64, new Generator(2));
        var report = GradCheck.Check(t => (t[0].Standardize(axes, 1e-3) * w).Sum(), [x]);
        Assert.True(report.Passed, report.ToString());
        // A non-contiguous input gives the same values.
        TestHelpers.AssertClose(y, OpInputs.Strided(x).Standardize(axes, 1e-3), 1e-12, 1e-12);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var x = Tensor.Ones([2, 3]);
        Assert.Throws<ArgumentException>(() => x.Standardize([], 1e-3));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Standardize([0], -1));
        Assert.ThrowsAny<ArgumentException>(() => x.Standardize([2], 1e-3));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros([2, 3], DType.Int32).Standardize([0], 1e-3));
        Assert.Throws<ArgumentException>(() => Tensor.Ones([0, 3]).Standardize([0], 1e-3));
    }
}
