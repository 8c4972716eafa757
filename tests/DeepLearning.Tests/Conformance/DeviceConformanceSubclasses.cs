using DeepLearning.Devices;
using DeepLearning.Devices.Cpu;
using DeepLearning.Devices.Reference;

namespace DeepLearning.Tests.Conformance;

/// <summary>The conformance suite on the managed CPU device.</summary>
public sealed class CpuDeviceConformance : DeviceConformance
{
    /// <inheritdoc />
    protected override Device Device => Device.Cpu;

    /// <inheritdoc />
    protected override Device CreateIsolatedDevice() => new CpuDevice();
}

/// <summary>The conformance suite on the float64 reference device (the oracle).</summary>
public sealed class ReferenceDeviceConformance : DeviceConformance
{
    private static readonly ReferenceDevice Shared = new();

    /// <inheritdoc />
    protected override Device Device => Shared;

    /// <inheritdoc />
    protected override Device CreateIsolatedDevice() => new ReferenceDevice();
}
