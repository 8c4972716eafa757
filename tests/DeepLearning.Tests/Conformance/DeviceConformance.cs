using DeepLearning.Devices;

namespace DeepLearning.Tests.Conformance;

/// <summary>
/// The backend conformance suite (DESIGN.md §6, layer 3): one abstract test class that every device runs by
/// deriving one subclass that names the device. Its tests live in the partial files beside this one, grouped by
/// subject (op table, autograd, GEMM, convolution and pooling, random numbers, memory, training).
/// </summary>
/// <remarks>
/// This folder is compiled into every backend's test project (linked as source), so its files use only what
/// xunit v2 and v3 share (<c>[Fact]</c>, <c>[Theory]</c>, <c>[InlineData]</c>, <c>Assert</c>) and nothing of the
/// test project outside this folder.
/// </remarks>
public abstract partial class DeviceConformance
{
    /// <summary>The device under test.</summary>
    protected abstract Device Device { get; }
}
