namespace DeepLearning.Devices;

/// <summary>The host staging buffer a transfer between two devices goes through.</summary>
public abstract partial class Device
{
    private byte[]? _staging;

    /// <summary>Takes this device's staging buffer (at least <paramref name="bytes"/> long) for one transfer; a
    /// transfer running at the same time on another thread gets a fresh array. Give it back with
    /// <see cref="ReturnStaging"/>. The buffer is owned by the device (not a shared pool a collection may trim),
    /// so repeated transfers of the same size allocate nothing.</summary>
    internal byte[] TakeStaging(int bytes)
    {
        var staging = Interlocked.Exchange(ref _staging, null);
        return staging is not null && staging.Length >= bytes ? staging : GC.AllocateUninitializedArray<byte>(bytes);
    }

    /// <summary>Gives a staging buffer back, keeping the larger of it and one returned meanwhile.</summary>
    internal void ReturnStaging(byte[] staging)
    {
        var kept = Interlocked.Exchange(ref _staging, staging);
        if (kept is not null && kept.Length > staging.Length) Interlocked.CompareExchange(ref _staging, kept, staging);
    }

    /// <summary>Drops the staging buffer (by <see cref="TrimPool"/> and disposal).</summary>
    private void DropStaging() => Volatile.Write(ref _staging, null);
}
