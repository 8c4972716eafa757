using DeepLearning.Devices;
using DeepLearning.Tests.Conformance;

namespace DeepLearning.Ilgpu.Tests;

/// <summary>The backend conformance suite on the ILGPU device, on ILGPU's CPU accelerator (or a GPU, see
/// <see cref="TestDevice"/>).</summary>
public sealed class IlgpuDeviceConformance : DeviceConformance
{
    /// <inheritdoc />
    protected override Device Device => TestDevice.Ilgpu;

    /// <inheritdoc />
    protected override Device CreateIsolatedDevice() => TestDevice.CreateIsolated();
}
