namespace DeepLearning.Devices;

/// <summary>
/// A block of device memory holding <see cref="Length"/> elements of one <see cref="DType"/>. Storage is
/// handed out by <see cref="Device.Allocate"/> and, when it belonged to a <see cref="TensorScope"/>, given back
/// to the device's pool when the scope ends. Every return bumps <see cref="Generation"/>: a tensor remembers the
/// generation it was created under (its lease stamp), so touching a released buffer throws instead of reading
/// recycled memory. When the device frees the block for good (<see cref="Device.FreeStorage"/>) the storage is
/// never used again: a kernel entry point refuses it.
/// </summary>
public abstract class Storage
{
    /// <summary>Creates the bookkeeping of a new block.</summary>
    protected Storage(Device device, DType dtype, int length)
    {
        Device = device;
        DType = dtype;
        Length = length;
    }

    /// <summary>The device that owns the memory.</summary>
    public Device Device { get; }

    /// <summary>Element type.</summary>
    public DType DType { get; }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>The lease stamp: incremented each time the block goes back to the pool.</summary>
    public int Generation { get; internal set; }

    /// <summary>Incremented by every in-place write, so autograd can detect a saved tensor that was modified
    /// after it was saved.</summary>
    public int Version { get; internal set; }

    internal ScopeFrame? Owner;

    /// <summary>Where the block stands in its device's bookkeeping (changed under the device's pool lock).</summary>
    internal StorageState State;

    /// <summary>The finalizable companion that returns the block when it becomes unreachable (null for blocks that
    /// did not come from <see cref="Device.Allocate"/>, such as a CPU transfer's wrapper of host memory).</summary>
    internal StorageTracker? Tracker;
}
