using DeepLearning.Devices;
using DeepLearning.Devices.Cpu;
using DeepLearning.Devices.Reference;

namespace DeepLearning.Tests.Conformance;

/// <summary>The conformance suite on the managed CPU device, with its fused kernels.</summary>
public sealed class CpuDeviceConformance : DeviceConformance
{
    /// <inheritdoc />
    protected override Device Device => Device.Cpu;

    /// <inheritdoc />
    protected override Device CreateIsolatedDevice() => new CpuDevice();
}

/// <summary>The conformance suite on a CPU device with its fused kernels switched off: every activation derivative,
/// LSTM step and optimizer update is composed from the core kernels, as on a device that implements only those.</summary>
public sealed class CpuDeviceWithoutFusedKernelsConformance : DeviceConformance
{
    private static readonly CpuDevice Shared = new() { FusedKernelsEnabled = false };

    /// <inheritdoc />
    protected override Device Device => Shared;

    /// <inheritdoc />
    protected override Device CreateIsolatedDevice() => new CpuDevice { FusedKernelsEnabled = false };
}

/// <summary>The conformance suite on the float64 reference device (the oracle), which implements only the core kernels.</summary>
public sealed class ReferenceDeviceConformance : DeviceConformance
{
    private static readonly ReferenceDevice Shared = new();

    /// <inheritdoc />
    protected override Device Device => Shared;

    /// <inheritdoc />
    protected override Device CreateIsolatedDevice() => new ReferenceDevice();
}
