using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeepLearning.Devices.Cpu;

/// <summary>CPU memory: a pinned managed array (on the pinned object heap), so kernels can use raw pointers
/// without pinning per call and the GC still owns the memory.</summary>
internal sealed unsafe class CpuStorage : Storage
{
    private Array? _array;

    /// <summary>Byte alignment of element 0 of the storage the device allocates.</summary>
    /// <remarks>TensorPrimitives groups a span's elements into vectors from the first aligned address, and some of its
    /// functions (exp and tanh in float64, for one) compute a whole vector with the scalar function when one lane needs
    /// it: without a fixed alignment the same tensor could round differently from one buffer to the next.</remarks>
    public const int Alignment = 64;

    public CpuStorage(Device device, DType dtype, int length) : base(device, dtype, length)
    {
        int n = Math.Max(length, 1) + Alignment / dtype.SizeInBytes();
        _array = dtype switch
        {
            DType.Float32 => GC.AllocateUninitializedArray<float>(n, pinned: true),
            DType.Float64 => GC.AllocateUninitializedArray<double>(n, pinned: true),
            _ => GC.AllocateUninitializedArray<int>(n, pinned: true),
        };
        Pointer = AlignUp((nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array)));
    }

    /// <summary><paramref name="address"/> rounded up to <see cref="Alignment"/>.</summary>
    public static nint AlignUp(nint address) => (address + (Alignment - 1)) & ~(nint)(Alignment - 1);

    /// <summary>Wraps a user's array without copying (<see cref="Tensor.Wrap{T}(T[], Shape)"/>): the array is pinned for as
    /// long as this storage is reachable, and the storage never enters a scope or the pool.</summary>
    public CpuStorage(Device device, DType dtype, Array user) : base(device, dtype, user.Length)
    {
        _array = user;
        _pin = new ArrayPin(user);
        Pointer = _pin.Address;
    }

    private readonly ArrayPin? _pin;

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

    /// <summary>Pins a user's array until this holder is collected (with the storage that references it).</summary>
    private sealed class ArrayPin
    {
        private GCHandle _handle;

        public ArrayPin(Array array)
        {
            _handle = GCHandle.Alloc(array, GCHandleType.Pinned);
            Address = _handle.AddrOfPinnedObject();
        }

        public nint Address { get; }

        ~ArrayPin() => _handle.Free();
    }
}
