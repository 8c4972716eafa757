using System.Runtime.CompilerServices;
using DeepLearning.Devices;

namespace DeepLearning.Tests.Conformance;

/// <summary>Memory ownership (bytes in use, pooled and peak; the finalizer-fed return queue; trim and disposal)
/// and the validation of the public kernel entry points.</summary>
public abstract partial class DeviceConformance
{
    /// <summary>A new device of the kind under test with its own pool and memory figures, so that figures are not
    /// disturbed by tests running in parallel on the shared device. The caller disposes it.</summary>
    protected abstract Device CreateIsolatedDevice();

    [Fact]
    public void UnscopedTensorsDroppedByTheProgramComeBackAfterACollection()
    {
        using var device = CreateIsolatedDevice();
        long baseline = device.BytesInUse;
        CreateAndDrop(device, 10_000);
        Assert.True(device.BytesInUse > baseline, "the tensors were counted while alive");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var probe = device.Allocate(DType.Float32, 1);
        Assert.Equal(baseline + sizeof(float), device.BytesInUse);
        GC.KeepAlive(probe);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CreateAndDrop(Device device, int count)
    {
        for (int i = 0; i < count; i++) _ = Tensor.Full([3, 5], i, DType.Float32, device);
    }

    [Fact]
    public void AScopeCountsItsBytesInUseAndReturnsThemToThePool()
    {
        using var device = CreateIsolatedDevice();
        long inUse = device.BytesInUse, pooled = device.PooledBytes;
        using (TensorScope.Begin())
        {
            _ = Tensor.Zeros([6, 7], DType.Float32, device);
            _ = Tensor.Zeros([3], DType.Float64, device);
            Assert.Equal(inUse + 6 * 7 * 4 + 3 * 8, device.BytesInUse);
            Assert.True(device.PeakBytesInUse >= inUse + 6 * 7 * 4 + 3 * 8);
        }
        Assert.Equal(inUse, device.BytesInUse);
        Assert.Equal(pooled + 6 * 7 * 4 + 3 * 8, device.PooledBytes);

        using (TensorScope.Begin()) _ = Tensor.Zeros([6, 7], DType.Float32, device);
        Assert.Equal(pooled + 6 * 7 * 4 + 3 * 8, device.PooledBytes);
    }

    [Fact]
    public void StorageBeyondThePoolCapacityAndTrimmedStorageAreFreed()
    {
        using var device = CreateIsolatedDevice();
        device.PoolCapacityBytes = 100;
        using (TensorScope.Begin())
        {
            _ = Tensor.Zeros([20], DType.Float32, device);
            _ = Tensor.Zeros([20], DType.Float32, device);
        }
        Assert.Equal(80, device.PooledBytes);
        Assert.Equal(0, device.BytesInUse);
        device.TrimPool();
        Assert.Equal(0, device.PooledBytes);
        Assert.Equal(160, device.PeakBytesInUse);
    }

    [Fact]
    public void ADisposedDeviceFreesItsPoolAndRefusesToAllocate()
    {
        var device = CreateIsolatedDevice();
        using (TensorScope.Begin()) _ = Tensor.Zeros([8], DType.Float32, device);
        Assert.Equal(32, device.PooledBytes);
        device.Dispose();
        Assert.True(device.IsDisposed);
        Assert.Equal(0, device.PooledBytes);
        Assert.Throws<ObjectDisposedException>(() => device.Allocate(DType.Float32, 4));
        device.Dispose();
    }

    [Fact]
    public void AViewReachingPastItsStorageIsRefusedByEveryKindOfEntry()
    {
        var storage = Device.Allocate(DType.Float32, 4);
        var inside = StridedView.Contiguous(storage, [4]);
        var far = new StridedView(storage, 1000, [4], new Strides(1));
        var strided = new StridedView(storage, 0, [2, 2], new Strides(3, 1));
        var negative = new StridedView(storage, -1, [2], new Strides(1));

        var e = Assert.Throws<ArgumentException>(() => Device.Download<float>(far, new float[4]));
        Assert.Contains("Download", e.Message);
        Assert.Contains("(4,)", e.Message);
        Assert.Throws<ArgumentException>(() => Device.Upload<float>(new float[4], far));
        Assert.Throws<ArgumentException>(() => Device.Fill(strided, 1));
        Assert.Throws<ArgumentException>(() => Device.Copy(negative, negative));
        e = Assert.Throws<ArgumentException>(() => Device.Binary(BinaryOp.Add, inside, inside, far));
        Assert.Contains("Binary", e.Message);
        Assert.Throws<ArgumentException>(() => Device.Unary(UnaryOp.Exp, far, inside));
        Assert.Throws<ArgumentException>(() => Device.MatMul(
            new StridedView(storage, 0, [2, 3], new Strides(3, 1)), new StridedView(storage, 0, [3, 1], new Strides(1, 1)),
            new StridedView(storage, 0, [2, 1], new Strides(1, 1))));
    }

    [Fact]
    public void AViewReachingItsLastElementAndAnEmptyViewAreAccepted()
    {
        var storage = Device.Allocate(DType.Float32, 6);
        var last = new StridedView(storage, 0, [2, 2], new Strides(3, 2));
        Device.Fill(StridedView.Contiguous(storage, [6]), 0);
        Device.Fill(last, 7);
        var host = new float[6];
        Device.Download<float>(StridedView.Contiguous(storage, [6]), host);
        Assert.Equal([7f, 0f, 7f, 7f, 0f, 7f], host);
        Device.Fill(new StridedView(storage, 6, [0, 3], new Strides(3, 1)), 1);
        Device.Download<float>(new StridedView(storage, 6, [0], new Strides(1)), Span<float>.Empty);
    }

    [Fact]
    public void AWrongDtypeLengthDeviceOrShapeIsRefusedWithTheKernelNamed()
    {
        var f32 = Device.Allocate(DType.Float32, 4);
        var i32 = Device.Allocate(DType.Int32, 4);
        var view = StridedView.Contiguous(f32, [4]);
        var e = Assert.Throws<ArgumentException>(() => Device.Download<double>(view, new double[4]));
        Assert.Contains("Download", e.Message);
        Assert.Contains("Float32", e.Message);
        Assert.Throws<ArgumentException>(() => Device.Download<float>(view, new float[3]));
        Assert.Throws<ArgumentException>(() => Device.Upload<float>(new float[5], view));

        using var other = CreateIsolatedDevice();
        var foreign = StridedView.Contiguous(other.Allocate(DType.Float32, 4), [4]);
        e = Assert.Throws<ArgumentException>(() => Device.Copy(foreign, view));
        Assert.Contains("Copy", e.Message);

        e = Assert.Throws<ArgumentException>(() => Device.Binary(BinaryOp.Mul, view, StridedView.Contiguous(i32, [4]), view));
        Assert.Contains("Binary(Mul)", e.Message);
        Assert.Contains("Int32", e.Message);
        e = Assert.Throws<ArgumentException>(() => Device.Binary(BinaryOp.Add, view, StridedView.Contiguous(f32, [2, 2]), view));
        Assert.Contains("(2, 2)", e.Message);
        Assert.Throws<ArgumentException>(() => Device.ArgReduce(ArgReduceOp.ArgMax, view, 0, StridedView.Contiguous(f32, [1])));
        Assert.Throws<ArgumentException>(() => Device.Gather(view, 0, StridedView.Contiguous(f32, [2]), StridedView.Contiguous(f32, [2])));
        Assert.Throws<ArgumentException>(() => Device.Reduce(ReduceOp.Sum, StridedView.Contiguous(f32, [2, 2]), StridedView.Contiguous(f32, [2])));
        Assert.Throws<ArgumentException>(() => Device.Random(RandomDistribution.Uniform, new StridedView(f32, 0, [2], new Strides(2)), 1, 0, 0, 1));
    }
}
