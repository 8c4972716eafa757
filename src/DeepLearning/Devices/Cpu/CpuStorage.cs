using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeepLearning.Devices.Cpu;

/// <summary>CPU memory: a pinned managed array (on the pinned object heap), so kernels can use raw pointers
/// without pinning per call and the GC still owns the memory.</summary>
internal sealed unsafe class CpuStorage : Storage
{
    private Array? _array;

    public CpuStorage(Device device, DType dtype, int length) : base(device, dtype, length)
    {
        int n = Math.Max(length, 1);
        _array = dtype switch
        {
            DType.Float32 => GC.AllocateUninitializedArray<float>(n, pinned: true),
            DType.Float64 => GC.AllocateUninitializedArray<double>(n, pinned: true),
            _ => GC.AllocateUninitializedArray<int>(n, pinned: true),
        };
        Pointer = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
    }

    /// <summary>Wraps host memory that the caller keeps pinned while the storage is used (transfers only).</summary>
    public CpuStorage(Device device, DType dtype, int length, nint external) : base(device, dtype, length) => Pointer = external;

    /// <summary>Address of element 0 (stable: the array is pinned); zero once freed.</summary>
    public nint Pointer { get; private set; }

    /// <summary>Lets go of the pinned array (the device freed the block); the storage is never used again.</summary>
    public void Free()
    {
        _array = null;
        Pointer = 0;
    }

    /// <summary>The data as a span of <typeparamref name="T"/> (which must match the dtype).</summary>
    public Span<T> AsSpan<T>() where T : unmanaged => new((void*)Pointer, Length);

    public T* Ptr<T>() where T : unmanaged => (T*)Pointer;
}
