using DeepLearning.Devices;

namespace DeepLearning.Ilgpu.Tests;

/// <summary>Element-wise kernels against the float64 reference device, on strided and broadcast views.</summary>
public class ElementwiseKernelTests
{
    // A transposed (3, 5) view of a 15-element storage at offset 2 (17 elements in all).
    private static Operand Transposed(DType dtype, int seed, double lo, double hi) =>
        new(dtype, Operand.Values(17, seed, lo, hi, dtype), [3, 5], new Strides(1, 3), 2);

    private static Operand Output(DType dtype) => Operand.Dense(dtype, [3, 5], new double[15]);

    private static (double Lo, double Hi) Domain(UnaryOp op) => op switch
    {
        UnaryOp.Sqrt or UnaryOp.Rsqrt or UnaryOp.Log or UnaryOp.PowScalar => (0.1, 3),
        UnaryOp.Log1p => (-0.5, 3),
        _ => (-3, 3),
    };

    public static TheoryData<UnaryOp> UnaryOps() => [.. Enum.GetValues<UnaryOp>()];

    [Theory]
    [MemberData(nameof(UnaryOps))]
    public void UnaryMatchesTheReferenceOnAStridedView(UnaryOp op)
    {
        var (lo, hi) = Domain(op);
        foreach (var dtype in op.SupportsInteger() ? new[] { DType.Float32, DType.Float64, DType.Int32 } : [DType.Float32, DType.Float64])
        {
            double rtol = dtype == DType.Float64 ? TestDevice.Float64Tolerance : 1e-6;
            Oracle.Check((d, v) => d.Unary(op, v[0], v[1], 1.5, 2.5), [Transposed(dtype, 1, lo, hi), Output(dtype)], rtol, rtol, $"{op} {dtype}");
        }
    }

    public static TheoryData<BinaryOp> BinaryOps() => [.. Enum.GetValues<BinaryOp>()];

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void BinaryMatchesTheReferenceWithBroadcasting(BinaryOp op)
    {
        foreach (var dtype in op.SupportsInteger() ? new[] { DType.Float32, DType.Int32 } : [DType.Float32, DType.Float64])
        {
            double lo = op is BinaryOp.Pow or BinaryOp.Div ? 0.5 : -3, hi = 3;
            // b is a row (1, 5) broadcast over 3 rows by a stride of 0.
            var b = new Operand(dtype, Operand.Values(5, 2, lo, hi, dtype), [3, 5], new Strides(0, 1));
            if (dtype == DType.Int32 && op == BinaryOp.Div) b = b with { Storage = [1, 2, -3, 4, 7] };
            double rtol = dtype == DType.Float64 ? TestDevice.Float64Tolerance : 1e-6;
            Oracle.Check((d, v) => d.Binary(op, v[0], v[1], v[2], 0.3, 0.7), [Transposed(dtype, 1, lo, hi), b, Output(dtype)], rtol, rtol, $"{op} {dtype}");
        }
    }

    [Fact]
    public void IntegerDivisionByZeroIsReportedAtTheNextRead()
    {
        var device = TestDevice.Ilgpu;
        var a = Oracle.Place(device, Operand.Dense(DType.Int32, [3], [6, 7, 8]));
        var b = Oracle.Place(device, Operand.Dense(DType.Int32, [3], [2, 0, 4]));
        var y = Oracle.Place(device, Operand.Dense(DType.Int32, [3], [0, 0, 0]));
        device.Binary(BinaryOp.Div, a, b, y);
        var ex = Assert.Throws<DivideByZeroException>(() => Oracle.ReadStorage(device, y.Storage));
        Assert.Contains("element 1", ex.Message);
        Assert.Equal([3, 0, 2], Oracle.ReadStorage(device, y.Storage));   // the error is reported once
    }

    [Fact]
    public void SelectFillAndCopyConvertMatchTheReference()
    {
        var cond = new Operand(DType.Int32, [1, 0, 0, 3, 0], [3, 5], new Strides(0, 1));
        Oracle.Check((d, v) => d.Select(v[0], v[1], v[2], v[3]), [cond, Transposed(DType.Float32, 3, -1, 1),
            Operand.Random(DType.Float32, [3, 5], 4), Output(DType.Float32)], what: "Select");
        Oracle.Check((d, v) => d.Fill(v[0], -2.75), [Transposed(DType.Float32, 5, 0, 1)], what: "Fill");
        foreach (var (from, to) in new[] { (DType.Float32, DType.Int32), (DType.Float64, DType.Float32), (DType.Int32, DType.Float64), (DType.Float32, DType.Float32) })
            Oracle.Check((d, v) => d.Copy(v[0], v[1]), [Transposed(from, 6, -1e3, 1e3), Output(to)], what: $"Copy {from}→{to}");
        Oracle.Check((d, v) => d.Copy(v[0], v[1]), [Operand.Dense(DType.Float32, [4], [float.NaN, 3e9f, -3e9f, -2.5f]), Operand.Dense(DType.Int32, [4], new double[4])], what: "Copy saturating");
    }

    [Fact]
    public void RandomDrawsTheSameNumbersAsTheCpuDevice()
    {
        foreach (var dist in Enum.GetValues<RandomDistribution>())
            foreach (var dtype in new[] { DType.Float32, DType.Float64 })
            {
                // Random fills contiguous views (the op allocates them), here at an offset.
                var y = new Operand(dtype, new double[40], [5, 7], new Strides(7, 1), 3);
                var cpu = Oracle.Run(Device.Cpu, (d, v) => d.Random(dist, v[0], 42, 7, 0.25, 3), [y]);
                var gpu = Oracle.Run(TestDevice.Ilgpu, (d, v) => d.Random(dist, v[0], 42, 7, 0.25, 3), [y]);
                Assert.Equal(cpu[0], gpu[0]);
            }
        var ints = Oracle.Run(TestDevice.Ilgpu, (d, v) => d.Random(RandomDistribution.UniformInteger, v[0], 1, 0, 0, 10), [Output(DType.Int32)]);
        var cpuInts = Oracle.Run(Device.Cpu, (d, v) => d.Random(RandomDistribution.UniformInteger, v[0], 1, 0, 0, 10), [Output(DType.Int32)]);
        Assert.Equal(cpuInts[0], ints[0]);
    }
}
