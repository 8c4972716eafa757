using DeepLearning.Devices;

namespace DeepLearning.Ilgpu.Tests;

/// <summary>Reductions, arg-reductions, top-k, gather and scatter-add against the float64 reference device.</summary>
public class ReductionKernelTests
{
    // A (2, 3, 4) view with permuted strides over 24 elements, one NaN.
    private static Operand Input(DType dtype, bool nan = false)
    {
        var data = Operand.Values(24, 11, -5, 5, dtype);
        if (nan) data[13] = double.NaN;
        return new Operand(dtype, data, [2, 3, 4], new Strides(1, 8, 2));
    }

    public static TheoryData<ReduceOp, int> Cases() =>
        new() { { ReduceOp.Sum, 0 }, { ReduceOp.Mean, 1 }, { ReduceOp.Max, 2 }, { ReduceOp.Min, 3 }, { ReduceOp.Sum, 4 }, { ReduceOp.Max, 5 } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReduceMatchesTheReference(ReduceOp op, int axesMask)
    {
        Shape outShape = [(axesMask & 1) != 0 ? 1 : 2, (axesMask & 2) != 0 ? 1 : 3, (axesMask & 4) != 0 ? 1 : 4];
        var y = Operand.Dense(DType.Float32, outShape, new double[outShape.ElementCount]);
        Oracle.Check((d, v) => d.Reduce(op, v[0], v[1]), [Input(DType.Float32), y], what: $"{op} mask {axesMask}");
        Oracle.Check((d, v) => d.Reduce(op, v[0], v[1]), [Input(DType.Float32, nan: true), y], what: $"{op} NaN mask {axesMask}");
        if (op != ReduceOp.Mean)
            Oracle.Check((d, v) => d.Reduce(op, v[0], v[1]), [Input(DType.Int32), y with { DType = DType.Int32 }], what: $"{op} int mask {axesMask}");
    }

    [Fact]
    public void EmptyReductionsFollowTheReference()
    {
        var x = Operand.Dense(DType.Float32, [3, 0], []);
        foreach (var op in new[] { ReduceOp.Sum, ReduceOp.Mean })
            Oracle.Check((d, v) => d.Reduce(op, v[0], v[1]), [x, Operand.Dense(DType.Float32, [3, 1], [9, 9, 9])], what: $"{op} empty");
    }

    [Fact]
    public void ArgReduceAndTopKMatchTheReferenceWithTiesAndNaN()
    {
        var x = new Operand(DType.Float32, [3, 1, 3, 3, double.NaN, 2, 5, 5, 0, -1, -1, 7], [3, 4], new Strides(4, 1));
        foreach (var op in Enum.GetValues<ArgReduceOp>())
            for (int axis = 0; axis < 2; axis++)
            {
                Shape s = axis == 0 ? [1, 4] : [3, 1];
                Oracle.Check((d, v) => d.ArgReduce(op, v[0], axis, v[1]), [x, Operand.Dense(DType.Int32, s, new double[s.ElementCount])], what: $"{op} axis {axis}");
            }
        var transposed = x with { Shape = [4, 3], Strides = new Strides(1, 4) };
        foreach (var (input, rows) in new[] { (x, 3), (transposed, 4) })
            for (int k = 1; k <= 3; k++)
                Oracle.Check((d, v) => d.TopK(v[0], k, v[1], v[2]),
                    [input, Operand.Dense(DType.Float32, [rows, k], new double[rows * k]), Operand.Dense(DType.Int32, [rows, k], new double[rows * k])], what: $"TopK {k}");
    }

    [Fact]
    public void GatherAndScatterAddMatchTheReference()
    {
        var x = Operand.Random(DType.Float32, [4, 3, 5], 3);
        var idx = Operand.Dense(DType.Int32, [6], [2, 0, 2, 4, 1, 2]);
        Oracle.Check((d, v) => d.Gather(v[0], 2, v[1], v[2]), [x, idx, Operand.Dense(DType.Float32, [4, 3, 6], new double[72])], what: "Gather axis 2");
        var idx0 = Operand.Dense(DType.Int32, [5], [3, 3, 0, 1, 3]);
        Oracle.Check((d, v) => d.Gather(v[0], 0, v[1], v[2]), [x, idx0, Operand.Dense(DType.Float32, [5, 3, 5], new double[75])], what: "Gather axis 0");
        var src = Operand.Random(DType.Float32, [4, 3, 6], 4);
        Oracle.Check((d, v) => d.ScatterAdd(v[0], 2, v[1], v[2]), [src, idx, Operand.Random(DType.Float32, [4, 3, 5], 5)], what: "ScatterAdd axis 2");
        var src0 = Operand.Random(DType.Float64, [5, 3, 5], 6);
        Oracle.Check((d, v) => d.ScatterAdd(v[0], 0, v[1], v[2]), [src0, idx0, Operand.Random(DType.Float64, [4, 3, 5], 7)], 1e-12, 1e-12, "ScatterAdd axis 0");
    }

    [Fact]
    public void AnIndexOutOfRangeIsReportedAtTheNextRead()
    {
        var device = TestDevice.Ilgpu;
        var x = Oracle.Place(device, Operand.Random(DType.Float32, [4, 2], 1));
        var bad = Oracle.Place(device, Operand.Dense(DType.Int32, [3], [1, 4, 0]));
        var y = Oracle.Place(device, Operand.Dense(DType.Float32, [3, 2], new double[6]));
        device.Gather(x, 0, bad, y);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Oracle.ReadStorage(device, y.Storage));
        Assert.Contains("Gather: index 4 at position 1 is out of range [0, 4)", ex.Message);
        device.ScatterAdd(y, 0, bad, x);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => device.Synchronize());
        Assert.Contains("ScatterAdd: index 4", ex.Message);
        Oracle.ReadStorage(device, x.Storage);   // reported once; the device keeps working
    }
}
