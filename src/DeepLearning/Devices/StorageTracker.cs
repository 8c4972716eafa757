namespace DeepLearning.Devices;

/// <summary>Where a block of storage stands in its device's bookkeeping.</summary>
internal enum StorageState : byte
{
    /// <summary>Created but not yet handed out.</summary>
    New,
    /// <summary>Handed out by <see cref="Device.Allocate"/>.</summary>
    InUse,
    /// <summary>In the device's pool.</summary>
    Pooled,
    /// <summary>Freed through <see cref="Device.FreeStorage"/>; never used again.</summary>
    Freed,
}

/// <summary>
/// The finalizable companion of a storage block. Only the storage references it, so it becomes unreachable
/// exactly when the storage does; its finalizer then puts the storage on its device's return queue (the next
/// <see cref="Device.Allocate"/> pools or frees it). The storage and the device have no finalizers of their own,
/// so they are intact while this one runs; the queue is thread-safe.
/// </summary>
internal sealed class StorageTracker(Storage storage)
{
    ~StorageTracker()
    {
        if (!Environment.HasShutdownStarted) storage.Device.EnqueueCollected(storage);
    }
}
