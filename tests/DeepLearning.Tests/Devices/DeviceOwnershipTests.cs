using DeepLearning.Devices;
using DeepLearning.Devices.Reference;

namespace DeepLearning.Tests.Devices;

/// <summary>When a device frees storage (the hook <c>FreeStorage</c>, counted by the reference device), and what a
/// transfer between devices costs.</summary>
// Runs alone: its allocation count relies on the shared array pool keeping the staging buffer, which a gen-2
// collection caused by tests running beside it may trim.
[Collection(GlobalGeneratorCollection.Name)]
public class DeviceOwnershipTests
{
    [Fact]
    public void StorageIsFreedWhenThePoolIsFullOnTrimAndOnDispose()
    {
        var device = new ReferenceDevice { PoolCapacityBytes = 64 };
        using (TensorScope.Begin())
        {
            _ = Tensor.Zeros([16], DType.Float32, device);   // 64 bytes: pooled
            _ = Tensor.Zeros([4], DType.Float32, device);    // 16 more: over capacity, freed at once
        }
        Assert.Equal(1, device.Frees);
        Assert.Equal(64, device.PooledBytes);
        device.TrimPool();
        Assert.Equal(2, device.Frees);
        Assert.Equal(0, device.PooledBytes);

        using (TensorScope.Begin()) _ = Tensor.Zeros([8], DType.Float32, device);
        Tensor survivor = Tensor.Zeros([2], DType.Float32, device);
        device.Dispose();
        Assert.Equal(3, device.Frees);
        Assert.Throws<ObjectDisposedException>(() => Tensor.Zeros([1], DType.Float32, device));
        GC.KeepAlive(survivor);
    }

    [Fact]
    public void CollectedUnscopedStorageIsPooledAndReusedNotLeaked()
    {
        var device = new ReferenceDevice();
        DropTensors(device, 1000);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _ = device.Allocate(DType.Float32, 1);
        Assert.Equal(4, device.BytesInUse);
        Assert.True(device.PooledBytes > 0, "collected blocks went back to the pool");
        long pooled = device.PooledBytes;
        var reused = Tensor.Zeros([25], DType.Float32, device);
        Assert.Equal(pooled - 100, device.PooledBytes);
        GC.KeepAlive(reused);
    }

    private static void DropTensors(ReferenceDevice device, int count)
    {
        for (int i = 0; i < count; i++) _ = Tensor.Zeros([25], DType.Float32, device);
    }

    [Fact]
    public void ATransferBetweenDevicesIsOneDownloadAndOneUploadThroughAReusedStagingBuffer()
    {
        // Two private devices, so no other test's transfer can take a staging buffer meanwhile.
        var first = new ReferenceDevice();
        var second = new ReferenceDevice();
        var x = Tensor.RandomUniform([100_000], generator: new Generator(3)).To(first);
        using (TensorScope.Begin()) _ = x.To(second).To(first);   // warm-up: pools and staging buffers
        for (int round = 0; round < 3; round++)
        {
            long downloads = first.Downloads, uploads = second.Uploads;
            using (TensorScope.Begin())
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                var moved = x.To(second);
                var back = moved.To(first);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(allocated < 32 * 1024, $"round {round}: the two transfers allocated {allocated} bytes");
                Assert.Equal(downloads + 1, first.Downloads);
                Assert.Equal(uploads + 1, second.Uploads);
                Assert.Equal(x.ToArray<float>(), back.ToArray<float>());
            }
        }
    }

    [Fact]
    public void TrimPoolDropsTheStagingBuffer()
    {
        var first = new ReferenceDevice();
        var second = new ReferenceDevice();
        var x = Tensor.RandomUniform([100_000], generator: new Generator(3)).To(first);
        using (TensorScope.Begin()) _ = x.To(second);
        second.TrimPool();
        using (TensorScope.Begin())
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            _ = x.To(second);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before >= 400_000, "a fresh staging buffer after the trim");
        }
    }
}
