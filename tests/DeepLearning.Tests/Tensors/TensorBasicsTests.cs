using System.Numerics.Tensors;

namespace DeepLearning.Tests.Tensors;

public class TensorBasicsTests
{
    [Fact]
    public void Creation()
    {
        TestHelpers.AssertValues([0, 0, 0], Tensor.Zeros([3]));
        TestHelpers.AssertValues([2.5, 2.5], Tensor.Full([2], 2.5));
        TestHelpers.AssertValues([0, 1, 2, 3], Tensor.Arange(4));
        TestHelpers.AssertValues([1, 0.5, 0], Tensor.Arange(1, -0.1, -0.5));
        TestHelpers.AssertValues([0, 0.25, 0.5, 0.75, 1], Tensor.Linspace(0, 1, 5));
        TestHelpers.AssertValues([1, 0, 0, 0, 1, 0], Tensor.Eye(2, 3));
        Assert.Equal(DType.Int32, Tensor.Arange(3, DType.Int32).DType);
        var m = Tensor.FromArray(new double[,,] { { { 1, 2 } }, { { 3, 4 } } });
        Assert.Equal(new Shape(2, 1, 2), m.Shape);
        Assert.Equal(DType.Float64, m.DType);
        TestHelpers.AssertValues([1, 2, 3, 4, 5, 6], Tensor.FromRows(new[] { new[] { 1, 2, 3 }, new[] { 4, 5, 6 } }));
        Assert.Equal(new Shape(), Tensor.Scalar(3).Shape);
        Assert.Equal(0, Tensor.Zeros([0, 4]).ElementCount);
    }

    [Fact]
    public void ViewsShareMemory()
    {
        var x = Tensor.Arange(12).Reshape(3, 4);
        var t = x.Transpose();
        Assert.False(t.IsContiguous);
        Assert.Equal(new Strides(1, 4), t.Strides);
        var col = x[.., 1];
        TestHelpers.AssertValues([1, 5, 9], col);
        using (Tensor.NoGrad()) x.SetItem(100, 2, 1);
        TestHelpers.AssertValues([1, 5, 100], col);
        TestHelpers.AssertValues([4, 5, 6, 7], x[1]);
        TestHelpers.AssertValues([3, 7, 11], x[.., ^1]);
        TestHelpers.AssertValues([0, 2, 4, 6, 8, 10], x[.., TensorIndex.Slice(null, null, 2)]);
        Assert.Equal(new Shape(3, 1, 4), x[.., TensorIndex.NewAxis].Shape);
        Assert.Equal(new Shape(3, 4, 1), x[TensorIndex.Ellipsis, TensorIndex.NewAxis].Shape);
        Assert.Equal(new Shape(1, 3, 4), x.Unsqueeze(0).Shape);
        Assert.Equal(new Shape(3, 4), x.Unsqueeze(0).Squeeze().Shape);
        Assert.Equal(new Shape(2, 3, 4), x.Expand([2, 3, 4]).Shape);
        Assert.Equal(new Strides(0, 4, 1), x.Expand([2, 3, 4]).Strides);
        Assert.Equal(new Shape(4, 3), x.Permute(1, 0).Shape);
        Assert.Equal(12, x.Flatten().ElementCount);
        Assert.Equal(new Shape(3, 2, 2), x.Reshape(3, 2, -1).Shape);
    }

    [Fact]
    public void ReshapingANonContiguousViewCopies()
    {
        var x = Tensor.Arange(6).Reshape(2, 3);
        var r = x.Transpose().Reshape(6);
        TestHelpers.AssertValues([0, 3, 1, 4, 2, 5], r);
    }

    [Fact]
    public void CastsAndConversions()
    {
        var f = TestHelpers.T(1.7f, -1.7f, float.NaN, 3e9f);
        Assert.Equal(new[] { 1, -1, 0, int.MaxValue }, f.Cast(DType.Int32).ToArray<int>());
        Assert.Equal(new[] { 1.0, 2.0 }, Tensor.FromArray(new[] { 1, 2 }).ToArray<double>());
        Assert.Equal(2.5, Tensor.Scalar(2.5, DType.Float64).Item<double>());
        Assert.Equal(5f, Tensor.Arange(6).Reshape(2, 3).Item<float>(1, 2));
    }

    [Fact]
    public void InteropWithSpansAndNumericsTensors()
    {
        var x = Tensor.FromSpan<float>(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var span = x.AsSpan<float>();
        Assert.Equal(6, span.Length);
        var n = x.ToNumericsTensor();
        Assert.Equal(6f, n[1, 2]);
        var back = Tensor.FromNumericsTensor(System.Numerics.Tensors.Tensor.Create(new float[] { 1, 2, 3, 4 }, [2, 2]));
        Assert.Equal(new Shape(2, 2), back.Shape);
        TestHelpers.AssertValues([1, 2, 3, 4], back);
        Assert.Throws<InvalidOperationException>(() => x.Transpose().AsSpan<float>());
        var dst = new double[6];
        x.CopyTo<double>(dst);
        Assert.Equal(6.0, dst[5]);
    }

    [Fact]
    public void ToStringIsNumPyLike()
    {
        Assert.Equal("Tensor([[1., 2.],\n        [3., 4.]], shape=(2, 2), dtype=float32)", Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } }).ToString());
        Assert.Equal("Tensor([1, 2, 3], shape=(3,), dtype=int32)", Tensor.FromArray(new[] { 1, 2, 3 }).ToString());
        Assert.Equal("Tensor([ 0.5000, -1.2500], shape=(2,), dtype=float64)", Tensor.FromArray(new[] { 0.5, -1.25 }).ToString());
        Assert.Equal("Tensor(3., shape=(), dtype=float32)", Tensor.Scalar(3).ToString());
        // One format for all elements, as PyTorch's "{:.4e}": the smallest 1e-5 < 1e-4 turns them all scientific.
        Assert.Equal("Tensor([1.0000e-05, 3.4567e-05, 5.0000e-01], shape=(3,), dtype=float64)", Tensor.FromArray(new[] { 1e-5, 3.4567e-5, 0.5 }).ToString());
        Assert.Equal("Tensor([ 1.0000e+10, -2.0000e+00], shape=(2,), dtype=float64)", Tensor.FromArray(new[] { 1e10, -2.0 }).ToString());
        Assert.Equal("Tensor([0.0000, 0.1250,    nan,    inf], shape=(4,), dtype=float64)", Tensor.FromArray(new[] { 0, 0.125, double.NaN, double.PositiveInfinity }).ToString());
        var big = Tensor.Arange(2000).Reshape(40, 50).ToString();
        Assert.Contains("...", big);
        // PyTorch's rule: 1999 / 1 > 1000 → every element in scientific notation (torch.arange(2000.) prints 1.9990e+03).
        Assert.Contains("1.9990e+03", big);
        Assert.Contains("[0.0000e+00, 1.0000e+00, 2.0000e+00, ..., 4.7000e+01, 4.8000e+01, 4.9000e+01]", big);
        Assert.Contains("shape=(40, 50)", big);
        Assert.True(big.Length < 1000);
    }

    [Fact]
    public void TheReferenceDeviceCountsHostTransfers()
    {
        var device = new DeepLearning.Devices.Reference.ReferenceDevice();
        var x = Tensor.RandomNormal([4, 3], dtype: DType.Float64, device: device);
        var w = Tensor.RandomNormal([3, 2], dtype: DType.Float64, device: device);
        w.RequiresGrad = true;
        long uploads = device.Uploads, downloads = device.Downloads;
        var loss = x.MatMul(w).Tanh().Softmax().LogSumExp().Mean();
        loss.Backward();
        Assert.Equal(downloads, device.Downloads);  // forward and backward never synchronise
        Assert.Equal(uploads, device.Uploads);
        _ = loss.Item<double>();
        Assert.Equal(downloads + 1, device.Downloads);
    }
}
