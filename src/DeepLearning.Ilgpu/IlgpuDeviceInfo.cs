namespace DeepLearning.Ilgpu;

/// <summary>One accelerator ILGPU found, as listed by <see cref="IlgpuDevice.List"/>.</summary>
/// <param name="Kind">"cuda" or "cpu".</param>
/// <param name="Index">Its index among the devices of its kind (the argument of <see cref="IlgpuDevice.Cuda(int)"/>).</param>
/// <param name="Name">The name the driver reports.</param>
/// <param name="MemoryBytes">Device memory in bytes.</param>
/// <param name="Multiprocessors">Streaming multiprocessors (CUDA) or simulated ones (CPU).</param>
/// <param name="Architecture">The CUDA compute capability ("SM_90"), or "" for the CPU.</param>
public sealed record IlgpuDeviceInfo(string Kind, int Index, string Name, long MemoryBytes, int Multiprocessors, string Architecture)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Kind}:{Index} {Name} ({MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB, {Multiprocessors} multiprocessors{(Architecture.Length > 0 ? ", " + Architecture : "")})";
}
