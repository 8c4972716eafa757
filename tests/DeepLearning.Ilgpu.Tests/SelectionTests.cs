using DeepLearning.Devices;

namespace DeepLearning.Ilgpu.Tests;

/// <summary>Finding a GPU, refusing to fall back to the CPU, and freeing device memory.</summary>
public class SelectionTests
{
    [Fact]
    public void CudaFindsAGpuOrSaysWhatItLookedFor()
    {
        var list = IlgpuDevice.List();
        Assert.Contains(list, d => d.Kind == "cpu");
        var gpus = list.Where(d => d.Kind == "cuda").ToList();
        TestContext.Current.SendDiagnosticMessage("ILGPU devices: " + string.Join("; ", list));
        if (gpus.Count == 0)
        {
            var ex = Assert.Throws<InvalidOperationException>(() => IlgpuDevice.Cuda());
            Assert.Contains("no CUDA GPU found", ex.Message);
            if (OperatingSystem.IsLinux()) Assert.Contains("libcuda.so.1", ex.Message);
            return;
        }
        using var gpu = IlgpuDevice.Cuda();
        Assert.False(gpu.IsCpuAccelerator);
        Assert.Equal("cuda", gpu.Info.Kind);
        Assert.Equal(gpus.Max(g => g.Multiprocessors), gpu.Info.Multiprocessors);
        var ex2 = Assert.Throws<ArgumentOutOfRangeException>(() => IlgpuDevice.Cuda(gpus.Count));
        Assert.Contains($"there is no CUDA device {gpus.Count}", ex2.Message);
    }

    [Fact]
    public void DisposingADeviceFreesItsMemory()
    {
        var device = IlgpuDevice.CpuAccelerator();
        var t = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3], device);
        var u = (t * 2).Sum(0);
        Assert.Equal([10f, 14f, 18f], u.ToArray<float>());
        Assert.True(device.BytesAllocated >= 6 * sizeof(float), $"{device.BytesAllocated} bytes allocated");
        Assert.True(device.PeakBytesAllocated >= device.BytesAllocated);
        device.Dispose();
        Assert.Equal(0, device.BytesAllocated);   // the buffers still in use went with the accelerator
        Assert.Throws<ObjectDisposedException>(() => u.ToArray<float>());
        Assert.Throws<ObjectDisposedException>(() => Tensor.Zeros([2], device: device));
    }

    [Fact]
    public void StridedTransfersGoThroughTheDevice()
    {
        var device = TestDevice.Ilgpu;
        var storage = device.Allocate(DType.Float32, 12);
        device.Fill(StridedView.Contiguous(storage, [12]), 0);
        var columns = new StridedView(storage, 1, [3, 2], new Strides(4, 2));   // elements 1, 3, 5, 7, 9, 11
        device.Upload<float>([1, 2, 3, 4, 5, 6], columns);
        Assert.Equal([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6], Oracle.ReadStorage(device, storage));
        var back = new float[6];
        device.Download<float>(columns, back);
        Assert.Equal([1f, 2, 3, 4, 5, 6], back);
    }
}
