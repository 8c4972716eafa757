namespace DeepLearning.Devices;

public abstract partial class Device
{
    /// <summary>
    /// Whether the core uses this device's <see cref="IFusedKernels"/> (true by default; ignored by a device that
    /// does not implement the interface). False makes the core compose every fused kernel from the core kernels,
    /// as on a device that implements only the core set: for tests, and to measure what a fused kernel gains. Set
    /// it before running work on the device, not while other threads use it.
    /// </summary>
    public bool FusedKernelsEnabled { get; set; } = true;

    /// <summary>This device's fused kernels when it implements <see cref="IFusedKernels"/> and
    /// <see cref="FusedKernelsEnabled"/> is true; otherwise null, and the core composes them.</summary>
    public IFusedKernels? FusedKernels => FusedKernelsEnabled ? this as IFusedKernels : null;
}
