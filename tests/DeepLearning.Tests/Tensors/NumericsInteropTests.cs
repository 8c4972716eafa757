using NT = System.Numerics.Tensors;

namespace DeepLearning.Tests.Tensors;

public class NumericsInteropTests
{
    [Fact]
    public void Float64AndInt32RoundTripThroughNumericsTensors()
    {
        var d = Tensor.FromArray(new double[,] { { 1.5, -2 }, { 3, 1e-300 } });
        NT.Tensor<double> nd = d.ToNumericsTensor<double>();
        Assert.Equal([2, 2], nd.Lengths.ToArray());
        Assert.Equal(1e-300, nd[1, 1]);
        var back = Tensor.FromNumericsTensor(nd);
        Assert.Equal(DType.Float64, back.DType);
        Assert.Equal([1.5, -2, 3, 1e-300], back.ToArray<double>());

        var i = Tensor.FromArray(new[] { 7, -1, int.MaxValue });
        var ni = i.ToNumericsTensor<int>();
        Assert.Equal(int.MaxValue, ni[2]);
        Assert.Equal([7, -1, int.MaxValue], Tensor.FromNumericsTensor(ni).ToArray<int>());

        var e = Assert.Throws<InvalidOperationException>(() => i.ToNumericsTensor<float>());
        Assert.Contains("Int32", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.FromNumericsTensor(NT.Tensor.Create(new long[] { 1 }, [1])));
    }

    [Fact]
    public void WrapSharesTheUsersArrayBothWays()
    {
        var data = new float[] { 1, 2, 3, 4, 5, 6 };
        var t = Tensor.Wrap(data, 2, 3);
        Assert.Equal(new Shape(2, 3), t.Shape);
        data[4] = 50;                                   // the tensor sees the array's writes
        Assert.Equal(50f, t.Item<float>(1, 1));
        t.MulInPlace(2);                                // in-place ops write to the array
        Assert.Equal([2f, 4, 6, 8, 100, 12], data);
        // The same array is a System.Numerics.Tensors tensor too, with no copy on either side.
        var nt = NT.Tensor.Create(data, [2, 3]);
        t.AddInPlace(Tensor.Ones([2, 3]));
        Assert.Equal(101f, nt[1, 1]);
        Assert.Equal(DType.Float64, Tensor.Wrap(new double[] { 1, 2 }).DType);
        Assert.Throws<ArgumentException>(() => Tensor.Wrap(new float[5], 2, 3));
    }

    [Fact]
    public void AWrappedArrayIsNeverPooledOrRecycled()
    {
        var data = new float[] { 1, 2, 3, 4 };
        Tensor wrapped;
        using (TensorScope.Begin())
        {
            wrapped = Tensor.Wrap(data, 4);
            _ = (wrapped * 2).Sum();                    // temporaries of the scope go back to the pool
        }
        // After the scope the wrapped tensor is still alive and still the user's memory.
        Assert.Equal(10f, wrapped.Sum().Item<float>());
        using (TensorScope.Begin())
        {
            var other = Tensor.Zeros([4]) + 7;          // fresh scope allocations never reuse the user's array
            Assert.Equal(28f, other.Sum().Item<float>());
        }
        Assert.Equal([1f, 2, 3, 4], data);
    }
}
