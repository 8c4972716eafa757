using DeepLearning.Devices;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Ilgpu;

/// <summary>Device memory of an <see cref="IlgpuDevice"/>: one untyped ILGPU buffer (<c>MemoryBuffer1D</c> of
/// bytes) that kernels read through the dtype. Freed deterministically by <see cref="Dispose"/>, which the device's
/// <c>FreeStorage</c> calls (pool over capacity, trim, disposal, or storage the core's tracker found unreachable);
/// disposing the device releases the buffers still in use with its accelerator.</summary>
internal sealed class IlgpuStorage : Storage, IDisposable
{
    private readonly IlgpuDevice _device;
    private MemoryBuffer1D<byte, Stride1D.Dense>? _buffer;

    public IlgpuStorage(IlgpuDevice device, DType dtype, int length) : base(device, dtype, length)
    {
        _device = device;
        Bytes = (long)Math.Max(length, 1) * dtype.SizeInBytes();
        _buffer = device.Accelerator.Allocate1D<byte>(Bytes);
        View = _buffer.View.AsContiguous();
        device.OnAllocated(this, _buffer);
    }

    /// <summary>Bytes of device memory held.</summary>
    public long Bytes { get; }

    /// <summary>The whole buffer as a byte view.</summary>
    public ArrayView<byte> View { get; }

    /// <summary>True once the memory is freed.</summary>
    public bool IsFreed => _buffer is null || _device.AcceleratorDisposed;

    /// <summary>The view of <paramref name="count"/> elements from element <paramref name="offset"/>.</summary>
    public ArrayView<byte> Elements(int offset, int count)
    {
        ObjectDisposedException.ThrowIf(IsFreed, this);
        int size = DType.SizeInBytes();
        return View.SubView((long)offset * size, (long)count * size);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is null || _device.AcceleratorDisposed) return;   // gone with the accelerator
        buffer.Dispose();
        _device.OnFreed(this, buffer);
    }
}
