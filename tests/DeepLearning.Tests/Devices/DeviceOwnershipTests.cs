using DeepLearning.Devices;
using DeepLearning.Devices.Reference;

namespace DeepLearning.Tests.Devices;

/// <summary>When a device frees storage (the hook <c>FreeStorage</c>, counted by the reference device), and what a
/// transfer between devices costs.</summary>
// Runs alone: its allocation count relies on the shared array pool keeping the staging buffer, which a gen-2
// collection caused by tests running beside it may trim.
[Collection(DeepLearning.Tests.Serialization.GlobalGeneratorCollection.Name)]
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
        var device = new ReferenceDevice();
        var x = Tensor.RandomUniform([100_000], generator: new Generator(3));
        using (TensorScope.Begin()) _ = x.To(device).To(Device.Cpu);   // warm-up: pools and staging buffer
        // A gen-2 collection may trim the shared array pool between two transfers (then one transfer rents anew), so
        // the allocation bound must hold in at least one of three rounds; a fresh host array per transfer would
        // allocate 400 KB each way in every round.
        long fewest = long.MaxValue;
        for (int round = 0; round < 3 && fewest >= 32 * 1024; round++)
        {
            long downloads = device.Downloads, uploads = device.Uploads;
            using (TensorScope.Begin())
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                var moved = x.To(device);
                var back = moved.To(Device.Cpu);
                fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
                Assert.Equal(x.ToArray<float>(), back.ToArray<float>());
            }
            Assert.Equal(uploads + 1, device.Uploads);
            Assert.Equal(downloads + 1, device.Downloads);
        }
        Assert.True(fewest < 32 * 1024, $"the two transfers allocated {fewest} bytes in the best of three rounds");
    }
}
