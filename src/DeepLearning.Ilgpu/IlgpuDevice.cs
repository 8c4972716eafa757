using System.Runtime.InteropServices;
using DeepLearning.Devices;
using DeepLearning.Ilgpu.Kernels;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using Device = DeepLearning.Devices.Device;

namespace DeepLearning.Ilgpu;

/// <summary>
/// A device on ILGPU: an NVIDIA GPU through CUDA (<see cref="Cuda(int)"/>), or ILGPU's CPU accelerator
/// (<see cref="CpuAccelerator"/>), which runs the same kernels on CPU threads and serves to test them without a GPU.
/// Storage is device memory; kernels are queued on the accelerator's stream and only <see cref="Device.Download{T}"/> (and
/// <see cref="Synchronize"/>) wait for them. Dispose the device to free its memory and the accelerator.
/// </summary>
/// <remarks>
/// Every kernel computes in double precision and stores in the view's dtype, so one compiled kernel serves
/// float32, float64 and int32 (the GPU-speed work specialises the hot ones). Data-dependent errors (an index out of
/// range in <see cref="Device.Gather"/> or <see cref="Device.ScatterAdd"/>, an integer division by zero) are recorded by the
/// kernel and thrown by the next synchronising call, since a kernel cannot throw.
/// </remarks>
public sealed partial class IlgpuDevice : Device
{
    private readonly Context _context;
    private readonly KernelCache _kernels;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _errors;
    // The buffers of live storage, held here (not the storage, so the core's tracker still sees dropped storage)
    // so that no ILGPU buffer is ever finalized after its accelerator is gone.
    private readonly HashSet<MemoryBuffer1D<byte, Stride1D.Dense>> _buffers = [];
    private bool _errorPossible;
    private volatile bool _acceleratorDisposed;
    private long _bytesInUse, _peakBytes, _uploads, _downloads;

    private IlgpuDevice(Context context, Accelerator accelerator, string name, IlgpuDeviceInfo info)
    {
        _context = context;
        Accelerator = accelerator;
        Name = name;
        Info = info;
        _kernels = new KernelCache(accelerator);
        _errors = accelerator.Allocate1D<int>(ErrorCodes.Words);
        _errors.MemSetToZero();
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <summary>What this device is (kind, name, memory, architecture).</summary>
    public IlgpuDeviceInfo Info { get; }

    /// <summary>The ILGPU accelerator the kernels run on.</summary>
    internal Accelerator Accelerator { get; }

    /// <summary>True when this device runs on ILGPU's CPU accelerator rather than a GPU.</summary>
    public bool IsCpuAccelerator => Accelerator.AcceleratorType == AcceleratorType.CPU;

    /// <summary>Bytes of device memory held by live storage (in use by tensors or kept in the pool).</summary>
    public long BytesAllocated => Interlocked.Read(ref _bytesInUse);

    /// <summary>The highest <see cref="BytesAllocated"/> so far.</summary>
    public long PeakBytesAllocated => Interlocked.Read(ref _peakBytes);

    /// <summary>Host-to-device copies (calls of <see cref="Device.Upload{T}"/>) so far.</summary>
    public long Uploads => Interlocked.Read(ref _uploads);

    /// <summary>Device-to-host copies (calls of <see cref="Device.Download{T}"/>, each a synchronisation) so far.</summary>
    public long Downloads => Interlocked.Read(ref _downloads);

    /// <summary>
    /// The CUDA GPU with the most multiprocessors (then the most memory), or the one at
    /// <paramref name="index"/> in <see cref="List"/>'s CUDA entries. Never falls back to the CPU.
    /// </summary>
    /// <exception cref="InvalidOperationException">No CUDA driver or no CUDA device was found; the message names
    /// the libraries looked for and what was found.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> does not name a CUDA device.</exception>
    public static IlgpuDevice Cuda(int index = -1)
    {
        CudaDriver.InstallResolver();
        var context = Context.Create(b => b.Cuda().EnableAlgorithms().Optimize(OptimizationLevel.O1));
        try
        {
            var devices = CudaDevices(context);
            if (devices.Count == 0) throw NoGpu();
            if (index >= devices.Count || index < -1)
                throw new ArgumentOutOfRangeException(nameof(index), index,
                    $"IlgpuDevice.Cuda: there is no CUDA device {index}; found {devices.Count}: {string.Join("; ", devices.Select((d, i) => Describe(d, i)))}.");
            int pick = index >= 0 ? index : Enumerable.Range(0, devices.Count)
                .OrderByDescending(i => devices[i].NumMultiprocessors).ThenByDescending(i => devices[i].MemorySize).First();
            var accelerator = devices[pick].CreateCudaAccelerator(context);
            return new IlgpuDevice(context, accelerator, $"cuda:{pick}", Describe(devices[pick], pick));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// ILGPU's CPU accelerator: the GPU kernels run on CPU threads, groups of <paramref name="warpSize"/> ×
    /// <paramref name="warpsPerMultiprocessor"/> threads, in parallel. For tests and for checking kernels on a
    /// machine without a GPU; it is far slower than <see cref="Device.Cpu"/>. Every group thread is an OS thread
    /// and each launch wakes them all, so small groups (the default 4 threads, a 2×2 GEMM tile) launch fastest;
    /// 32 × 8 gives a GPU's warp and the 16×16 tile at a far higher cost per launch.
    /// </summary>
    public static IlgpuDevice CpuAccelerator(int warpSize = 4, int warpsPerMultiprocessor = 1, int multiprocessors = 1)
    {
        var context = Context.Create(b => b.CPU().EnableAlgorithms().Optimize(OptimizationLevel.O1));
        var cpu = new CPUDevice(warpSize, warpsPerMultiprocessor, multiprocessors);
        var accelerator = cpu.CreateCPUAccelerator(context, CPUAcceleratorMode.Parallel);
        return new IlgpuDevice(context, accelerator, "ilgpu-cpu", CpuInfo(accelerator.Name, accelerator.NumMultiprocessors));
    }

    /// <summary>Every CUDA device ILGPU finds (with the driver resolved as in <see cref="Cuda(int)"/>), then the CPU
    /// accelerator. An empty CUDA part means no driver or no GPU.</summary>
    public static IReadOnlyList<IlgpuDeviceInfo> List()
    {
        CudaDriver.InstallResolver();
        using var context = Context.Create(b => b.Cuda().CPU());
        var list = CudaDevices(context).Select(Describe).ToList();
        list.Add(CpuInfo(CPUDevice.Default.Name, CPUDevice.Default.NumMultiprocessors));
        return list;
    }

    private static List<CudaDevice> CudaDevices(Context context)
    {
        var devices = new List<CudaDevice>();
        foreach (var d in context.GetCudaDevices()) devices.Add(d);
        return devices;
    }

    private static IlgpuDeviceInfo Describe(CudaDevice d, int index) =>
        new("cuda", index, d.Name, d.MemorySize, d.NumMultiprocessors, d.Architecture?.ToString() ?? "unknown");

    // The CPU accelerator uses host memory: report what the process may use.
    private static IlgpuDeviceInfo CpuInfo(string name, int multiprocessors) =>
        new("cpu", 0, name, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, multiprocessors, "");

    private static InvalidOperationException NoGpu()
    {
        string driver = CudaDriver.IsLoadable()
            ? "the driver library loads, but it reports no CUDA device (check the GPU is visible: nvidia-smi, CUDA_VISIBLE_DEVICES, a container's --gpus)"
            : "the driver library could not be loaded (is the NVIDIA driver installed? in a container, NVIDIA_DRIVER_CAPABILITIES must include compute)";
        string names = OperatingSystem.IsWindows() ? "nvcuda.dll" : CudaDriver.Names;
        return new InvalidOperationException(
            $"IlgpuDevice.Cuda: no CUDA GPU found. Looked for the CUDA driver API ({names}) through ILGPU 1.5.3: {driver}. " +
            "Use IlgpuDevice.CpuAccelerator() to run the kernels on the CPU deliberately, or Device.Cpu for speed.");
    }

    internal void OnAllocated(IlgpuStorage storage, MemoryBuffer1D<byte, Stride1D.Dense> buffer)
    {
        lock (_buffers) _buffers.Add(buffer);
        long now = Interlocked.Add(ref _bytesInUse, storage.Bytes);
        long peak;
        while (now > (peak = Interlocked.Read(ref _peakBytes)) && Interlocked.CompareExchange(ref _peakBytes, now, peak) != peak) { }
    }

    internal void OnFreed(IlgpuStorage storage, MemoryBuffer1D<byte, Stride1D.Dense> buffer)
    {
        lock (_buffers) _buffers.Remove(buffer);
        Interlocked.Add(ref _bytesInUse, -storage.Bytes);
    }

    /// <summary>True once the accelerator, and with it every buffer, is released.</summary>
    internal bool AcceleratorDisposed => _acceleratorDisposed;

    /// <inheritdoc />
    protected override Storage CreateStorage(DType dtype, int length) => new IlgpuStorage(this, dtype, length);

    /// <inheritdoc />
    protected override void FreeStorage(Storage storage) => ((IlgpuStorage)storage).Dispose();

    /// <summary>Frees the pool (through the base class), then the accelerator and its ILGPU context, which
    /// release every device buffer still held by tensors. Tensors on the device become unusable.</summary>
    protected override void Dispose(bool disposing)
    {
        if (IsDisposed) return;
        base.Dispose(disposing);
        if (!disposing) return;   // from a finalizer: ILGPU's own objects have theirs
        _acceleratorDisposed = true;
        lock (_buffers)
        {
            foreach (var buffer in _buffers) buffer.Dispose();
            _buffers.Clear();
        }
        _errors.Dispose();
        Accelerator.Dispose();
        _context.Dispose();
        Interlocked.Exchange(ref _bytesInUse, 0);
    }

    private static IlgpuStorage Memory(in StridedView view) => (IlgpuStorage)view.Storage;

    private static ArrayView<byte> Data(in StridedView view)
    {
        var s = Memory(view);
        ObjectDisposedException.ThrowIf(s.IsFreed, s);
        return s.View;
    }

    /// <inheritdoc />
    protected override void UploadKernel<T>(ReadOnlySpan<T> source, in StridedView destination)
    {
        Interlocked.Increment(ref _uploads);
        if (destination.ElementCount == 0) return;
        var bytes = MemoryMarshal.AsBytes(source);
        if (destination.IsContiguous)
        {
            Memory(destination).Elements(destination.Offset, destination.ElementCount).CopyFromCPU(bytes);
            return;
        }
        using var dense = new IlgpuStorage(this, destination.DType, source.Length);
        dense.View.SubView(0, bytes.Length).CopyFromCPU(bytes);
        CopyKernel(StridedView.Contiguous(dense, destination.Shape), destination);
    }

    /// <inheritdoc />
    protected override void DownloadKernel<T>(in StridedView source, Span<T> destination)
    {
        Interlocked.Increment(ref _downloads);
        if (source.ElementCount == 0)
        {
            Synchronize();
            return;
        }
        var bytes = MemoryMarshal.AsBytes(destination);
        if (source.IsContiguous)
        {
            Synchronize();
            Memory(source).Elements(source.Offset, source.ElementCount).CopyToCPU(bytes);
            return;
        }
        using var dense = new IlgpuStorage(this, source.DType, destination.Length);
        CopyKernel(source, StridedView.Contiguous(dense, source.Shape));
        Synchronize();
        dense.View.SubView(0, bytes.Length).CopyToCPU(bytes);
    }

    /// <summary>Waits for the queued kernels, then throws the first data-dependent error a kernel recorded since
    /// the last check.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A <see cref="Device.Gather"/> or <see cref="Device.ScatterAdd"/> index was
    /// out of range.</exception>
    /// <exception cref="DivideByZeroException">An integer <see cref="BinaryOp.Div"/> divided by zero.</exception>
    public override void Synchronize()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        Accelerator.Synchronize();
        if (!_errorPossible) return;
        _errorPossible = false;
        var words = _errors.GetAsArray1D();
        if (words[0] == ErrorCodes.None) return;
        _errors.MemSetToZero();
        Accelerator.Synchronize();
        throw words[0] switch
        {
            ErrorCodes.GatherIndex => new ArgumentOutOfRangeException("indices", words[1],
                $"Gather: index {words[1]} at position {words[3]} is out of range [0, {words[2]}) (found on {Name} by a kernel, reported at the next read)."),
            ErrorCodes.ScatterAddIndex => new ArgumentOutOfRangeException("indices", words[1],
                $"ScatterAdd: index {words[1]} at position {words[3]} is out of range [0, {words[2]}) (found on {Name} by a kernel, reported at the next read)."),
            _ => new DivideByZeroException($"Div: integer division by zero at element {words[3]} (found on {Name} by a kernel, reported at the next read)."),
        };
    }
}
