using DeepLearning.Devices;
using DeepLearning.Devices.Reference;

namespace DeepLearning.Ilgpu.Tests;

/// <summary>One operand of a kernel check: a whole storage's contents and the view the kernel sees of it.</summary>
internal sealed record Operand(DType DType, double[] Storage, Shape Shape, Strides Strides, int Offset = 0)
{
    /// <summary>A dense operand of the given shape.</summary>
    public static Operand Dense(DType dtype, Shape shape, double[] values) => new(dtype, values, shape, Strides.RowMajor(shape));

    /// <summary>A dense operand filled with deterministic values in [lo, hi).</summary>
    public static Operand Random(DType dtype, Shape shape, int seed, double lo = -2, double hi = 2) =>
        Dense(dtype, shape, Values(shape.ElementCount, seed, lo, hi, dtype));

    public static double[] Values(int n, int seed, double lo, double hi, DType dtype = DType.Float32)
    {
        var rng = new Random(seed);
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            double x = lo + (hi - lo) * rng.NextDouble();
            v[i] = dtype == DType.Int32 ? Math.Floor(x) : dtype == DType.Float32 ? (float)x : x;
        }
        return v;
    }
}

/// <summary>
/// Runs a kernel on the ILGPU device and on the float64 <see cref="ReferenceDevice"/> (the oracle) with the same
/// operands, then compares every element of every storage, so a write outside the output view is caught too.
/// </summary>
internal static class Oracle
{
    public static readonly ReferenceDevice Reference = new();

    public static void Check(Action<Device, StridedView[]> kernel, Operand[] operands, double rtol = 1e-5, double atol = 1e-6, string what = "")
    {
        var expected = Run(Reference, kernel, operands);
        var actual = Run(TestDevice.Ilgpu, kernel, operands);
        for (int o = 0; o < operands.Length; o++)
            for (int i = 0; i < expected[o].Length; i++)
            {
                double e = expected[o][i], a = actual[o][i];
                bool ok = double.IsNaN(e) ? double.IsNaN(a) : Math.Abs(a - e) <= atol + rtol * Math.Abs(e) || a == e;
                Assert.True(ok, $"{what}: operand {o} element {i}: expected {e}, got {a}.");
            }
    }

    public static double[][] Run(Device device, Action<Device, StridedView[]> kernel, Operand[] operands)
    {
        var views = operands.Select(o => Place(device, o)).ToArray();
        kernel(device, views);
        return views.Select(v => ReadStorage(device, v.Storage)).ToArray();
    }

    public static StridedView Place(Device device, Operand o)
    {
        var storage = device.Allocate(o.DType, o.Storage.Length);
        var whole = StridedView.Contiguous(storage, [o.Storage.Length]);
        switch (o.DType)
        {
            case DType.Float32: device.Upload<float>(o.Storage.Select(v => (float)v).ToArray(), whole); break;
            case DType.Float64: device.Upload<double>(o.Storage, whole); break;
            default: device.Upload<int>(o.Storage.Select(v => (int)v).ToArray(), whole); break;
        }
        return new StridedView(storage, o.Offset, o.Shape, o.Strides);
    }

    public static double[] ReadStorage(Device device, Storage storage)
    {
        var whole = StridedView.Contiguous(storage, [storage.Length]);
        switch (storage.DType)
        {
            case DType.Float32:
            {
                var f = new float[storage.Length];
                device.Download<float>(whole, f);
                return f.Select(v => (double)v).ToArray();
            }
            case DType.Float64:
            {
                var d = new double[storage.Length];
                device.Download<double>(whole, d);
                return d;
            }
            default:
            {
                var n = new int[storage.Length];
                device.Download<int>(whole, n);
                return n.Select(v => (double)v).ToArray();
            }
        }
    }
}
