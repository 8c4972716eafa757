namespace DeepLearning.Devices.Cpu;

/// <summary>A reusable, pinned per-thread buffer that only grows. <typeparamref name="TSlot"/> names the buffer, so one
/// thread can hold several that are in use at the same time (a kernel's packed operand and its per-task band).</summary>
internal static unsafe class ThreadScratch<T, TSlot> where T : unmanaged
{
    [ThreadStatic] private static T[]? t_buffer;

    /// <summary>A buffer of at least <paramref name="length"/> elements, valid until the next call on this thread.</summary>
    public static T* Get(long length)
    {
        // Element 0 is aligned as the device's storage (CpuStorage.Alignment), so vector grouping does not depend on
        // which thread's buffer a kernel got.
        length += CpuStorage.Alignment / sizeof(T);
        var b = t_buffer;
        if (b is null || b.Length < length)
            t_buffer = b = GC.AllocateUninitializedArray<T>((int)Math.Max(length, (b?.Length ?? 0) * 3L / 2), pinned: true);
        return (T*)CpuStorage.AlignUp((nint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(b)));
    }
}

/// <summary>Slot of the patch matrices of the im2col convolution and of the direct convolution's per-task input and
/// output bands.</summary>
internal struct BandSlot;

/// <summary>Slot of an operand packed once per call on the calling thread (the direct convolution's kernel).</summary>
internal struct PackedSlot;
