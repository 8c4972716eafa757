using System.Collections.Concurrent;

namespace DeepLearning.Devices;

/// <summary>Memory ownership: the pool, the free hook, the finalizer-fed return queue, disposal and the figures.</summary>
public abstract partial class Device : IDisposable
{
    private readonly Dictionary<(DType, int), Stack<Storage>> _pool = new();
    private readonly ConcurrentQueue<Storage> _collected = new();
    private long _pooledBytes, _bytesInUse, _peakBytesInUse;
    private bool _disposed;

    /// <summary>The most bytes the pool keeps for reuse; storage released beyond it is freed at once through
    /// <see cref="FreeStorage"/>.</summary>
    public long PoolCapacityBytes { get; set; } = 2L << 30;

    /// <summary>Bytes of storage handed out by <see cref="Allocate"/> and not yet given back (by the end of its
    /// <see cref="TensorScope"/>, or by the garbage collector for storage created outside any scope, counted at the
    /// next <see cref="Allocate"/>).</summary>
    public long BytesInUse
    {
        get { lock (_pool) return _bytesInUse; }
    }

    /// <summary>The highest <see cref="BytesInUse"/> seen since the device was created.</summary>
    public long PeakBytesInUse
    {
        get { lock (_pool) return _peakBytesInUse; }
    }

    /// <summary>Bytes of released storage the pool holds for reuse.</summary>
    public long PooledBytes
    {
        get { lock (_pool) return _pooledBytes; }
    }

    /// <summary>True once <see cref="Dispose()"/> ran.</summary>
    public bool IsDisposed
    {
        get { lock (_pool) return _disposed; }
    }

    /// <summary>
    /// Gives out a block of <paramref name="length"/> uninitialised elements, reusing pooled storage of the same
    /// dtype and length when there is some.
    /// </summary>
    /// <remarks>
    /// Ownership: storage allocated inside a <see cref="TensorScope"/> comes back when the scope ends; storage
    /// created outside any scope belongs to the garbage collector, and a small finalizable tracker puts it on a
    /// queue when it becomes unreachable, which the next call to this method drains. Returned storage goes to the
    /// pool while the pool holds at most <see cref="PoolCapacityBytes"/>, else it is freed at once through
    /// <see cref="FreeStorage"/>; <see cref="TrimPool"/> and <see cref="Dispose()"/> free the pool.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The device was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public Storage Allocate(DType dtype, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!_collected.IsEmpty) DrainCollected();
        long bytes = (long)length * dtype.SizeInBytes();
        Storage? storage = null;
        lock (_pool)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_pool.TryGetValue((dtype, length), out var stack) && stack.Count > 0)
            {
                storage = stack.Pop();
                _pooledBytes -= bytes;
                storage.State = StorageState.InUse;
                AddInUse(bytes);
            }
        }
        if (storage is not null) return storage;
        storage = CreateStorage(dtype, length);
        storage.Tracker = new StorageTracker(storage);
        lock (_pool)
        {
            storage.State = StorageState.InUse;
            AddInUse(bytes);
        }
        return storage;
    }

    private void AddInUse(long bytes)
    {
        _bytesInUse += bytes;
        if (_bytesInUse > _peakBytesInUse) _peakBytesInUse = _bytesInUse;
    }

    /// <summary>Gives storage back: tensors still pointing at it become invalid (their lease stamp no longer
    /// matches); the block goes to the pool, or is freed when the pool is full or the device disposed.</summary>
    internal void Release(Storage storage)
    {
        storage.Generation++;
        storage.Owner = null;
        Return(storage, collected: false);
    }

    private void Return(Storage storage, bool collected)
    {
        long bytes = (long)storage.Length * storage.DType.SizeInBytes();
        lock (_pool)
        {
            if (storage.State != StorageState.InUse) return;
            _bytesInUse -= bytes;
            if (!_disposed && _pooledBytes + bytes <= PoolCapacityBytes)
            {
                if (!_pool.TryGetValue((storage.DType, storage.Length), out var stack))
                    _pool[(storage.DType, storage.Length)] = stack = new Stack<Storage>();
                stack.Push(storage);
                _pooledBytes += bytes;
                storage.State = StorageState.Pooled;
                // The tracker ran its finalizer; the pool makes it reachable again, so arm it for the next owner.
                if (collected && storage.Tracker is { } tracker) GC.ReRegisterForFinalize(tracker);
                return;
            }
            storage.State = StorageState.Freed;
        }
        Free(storage);
    }

    private void Free(Storage storage)
    {
        storage.State = StorageState.Freed;
        if (storage.Tracker is { } tracker) GC.SuppressFinalize(tracker);
        FreeStorage(storage);
    }

    /// <summary>Called (from a finalizer thread) when a tracker finds its storage unreachable.</summary>
    internal void EnqueueCollected(Storage storage) => _collected.Enqueue(storage);

    private void DrainCollected()
    {
        while (_collected.TryDequeue(out var storage))
        {
            storage.Generation++;
            Return(storage, collected: true);
        }
    }

    /// <summary>Frees every pooled block through <see cref="FreeStorage"/>, drops the host staging buffer of
    /// transfers, and returns storage the garbage collector found unreachable.</summary>
    public void TrimPool()
    {
        DrainCollected();
        DropStaging();
        List<Storage> freed = [];
        lock (_pool)
        {
            foreach (var stack in _pool.Values)
                while (stack.Count > 0)
                {
                    var storage = stack.Pop();
                    storage.State = StorageState.Freed;
                    freed.Add(storage);
                }
            _pool.Clear();
            _pooledBytes = 0;
        }
        foreach (var storage in freed) Free(storage);
    }

    /// <summary>Frees the pool and refuses further allocation (<see cref="Allocate"/> then throws
    /// <see cref="ObjectDisposedException"/>). Storage still in use is freed when it is given back.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the device: marks it disposed and frees the pool. A backend that holds more (a context,
    /// streams) overrides this, calls the base first and then releases its own resources.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        lock (_pool)
        {
            if (_disposed) return;
            _disposed = true;
        }
        TrimPool();
    }

    /// <summary>Creates fresh storage (contents undefined).</summary>
    protected abstract Storage CreateStorage(DType dtype, int length);

    /// <summary>Releases the memory of a block for good: the CPU drops its pinned array, a GPU frees its buffer.
    /// Called once per block, when it is given back while the pool is full, by <see cref="TrimPool"/>, by
    /// <see cref="Dispose()"/>, and (on a thread that calls <see cref="Allocate"/>) for storage the garbage collector
    /// found unreachable. The block is never used again. The default does nothing (memory the GC owns).
    /// A backend's storage must not free its memory from a finalizer of its own: a block the garbage collector
    /// returns may go back to the pool and be handed out again.</summary>
    /// <param name="storage">A block this device created.</param>
    protected virtual void FreeStorage(Storage storage) { }
}
