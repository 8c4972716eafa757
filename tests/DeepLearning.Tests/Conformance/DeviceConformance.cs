using DeepLearning.Devices;
using DeepLearning.Devices.Reference;

namespace DeepLearning.Tests.Conformance;

/// <summary>
/// The backend conformance suite (DESIGN.md §6, layer 3): one abstract test class that every device runs by
/// deriving one subclass that names the device. Its tests live in the partial files beside this one, grouped by
/// subject (op table, autograd, GEMM, convolution and pooling, random numbers, lifetime, memory, layers and
/// optimizers, training). Expected values come from the float64 reference device (the oracle) or, for training
/// trajectories, from the CPU device.
/// </summary>
/// <remarks>
/// This folder is compiled into every backend's test project (linked as source), so its files use only what
/// xunit v2 and v3 share (<c>[Fact]</c>, <c>[Theory]</c>, <c>[InlineData]</c>, <c>[MemberData]</c>, <c>Assert</c>) and
/// nothing of the test project outside this folder. Shapes are small: the suite also runs on slow simulators.
/// </remarks>
public abstract partial class DeviceConformance
{
    /// <summary>The device under test.</summary>
    protected abstract Device Device { get; }

    /// <summary>The float64 scalar reference device every result is compared with.</summary>
    protected static Device Oracle { get; } = new ReferenceDevice();

    /// <summary>Asserts |actual − expected| ≤ atol + rtol·|expected| (see <see cref="ConformanceAssert"/>).</summary>
    protected static void AssertClose(Tensor expected, Tensor actual, double rtol, double atol, string what) =>
        ConformanceAssert.AssertClose(expected, actual, rtol, atol, what);

    /// <summary>Theory data of one string per case.</summary>
    protected static TheoryData<string> Names(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (var name in names) data.Add(name);
        return data;
    }

    /// <summary>Tolerances of float32 results against float64 references: a few ulps after a handful of roundings.</summary>
    protected const double Float32Rtol = 2e-5, Float32Atol = 1e-6;
}
