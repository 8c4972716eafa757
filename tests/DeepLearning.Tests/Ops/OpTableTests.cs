using DeepLearning.Devices;

namespace DeepLearning.Tests.Ops;

/// <summary>
/// The op table: every public op, over shapes with 0, 1 and odd sizes, broadcasting and non-contiguous inputs, on
/// the CPU device against the float64 scalar reference device. float32 agrees to a few ulps; float64 to ~1e-12.
/// </summary>
public class OpTableTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var op in OpRegistry.All)
            for (int i = 0; i < op.Shapes!.Length; i++) data.Add(op.Name, i);
        return data;
    }

    private static OpCase Find(string name) => OpRegistry.All.Single(o => o.Name == name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void CpuFloat32MatchesReference(string name, int shapeIndex) => Compare(Find(name), shapeIndex, DType.Float32, 2e-5, 1e-6);

    [Theory]
    [MemberData(nameof(Cases))]
    public void CpuFloat64MatchesReference(string name, int shapeIndex) => Compare(Find(name), shapeIndex, DType.Float64, 1e-11, 1e-13);

    private static void Compare(OpCase op, int shapeIndex, DType dtype, double rtol, double atol)
    {
        var inputs = OpInputs.For(op, shapeIndex, dtype, TestHelpers.Reference);
        var expected = op.Apply(inputs);
        var dense = inputs.Select(t => t.To(Device.Cpu)).ToArray();
        TestHelpers.AssertClose(expected, op.Apply(dense), rtol, atol, $"{op.Name} dense");
        var strided = dense.Select(OpInputs.Strided).ToArray();
        Assert.Contains(strided, t => !t.IsContiguous || t.ElementCount <= 1);
        TestHelpers.AssertClose(expected, op.Apply(strided), rtol, atol, $"{op.Name} strided");
        Assert.Equal(expected.DType, op.Apply(dense).DType);
    }
}
