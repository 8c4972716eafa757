namespace DeepLearning.Tests.Conformance;

/// <summary>The lifetime model on the device under test (DESIGN.md §3): temporaries of a scope go back to the device's
/// pool when it ends, a tensor whose buffer was released throws instead of reading recycled memory (its lease stamp),
/// <c>Keep</c> moves a tensor out of its scope, and in-place writes bump the version autograd checks.</summary>
public abstract partial class DeviceConformance
{
    [Fact]
    public void ATensorFromAnEndedScopeCannotBeRead()
    {
        Tensor t;
        using (TensorScope.Begin()) t = Tensor.Ones([3], device: Device) * 2;
        Assert.False(t.IsAlive);
        var e = Assert.Throws<ObjectDisposedException>(() => t.ToArray<float>());
        Assert.Contains("TensorScope", e.Message);
        Assert.Throws<ObjectDisposedException>(() => t + 1);
        Assert.Contains("released", t.ToString());
    }

    [Fact]
    public void ReleasedBuffersAreReusedButNeverReadThroughAStaleTensor()
    {
        for (int round = 0; round < 3; round++)
        {
            Tensor stale;
            using (TensorScope.Begin()) stale = Tensor.Full([1000], 7, device: Device);
            using var scope = TensorScope.Begin();
            var fresh = Tensor.Full([1000], 3, device: Device);     // likely the same pooled buffer
            Assert.Throws<ObjectDisposedException>(() => stale.Sum());
            Assert.Equal(3000f, fresh.Sum().Item());
        }
    }

    [Fact]
    public void KeepMovesATensorOutOfItsScope()
    {
        Tensor kept, view;
        using (TensorScope.Begin())
        {
            kept = (Tensor.Ones([4], device: Device) * 5).Keep();
            view = kept[1..3];
        }
        Assert.Equal(new float[] { 5, 5, 5, 5 }, kept.ToArray<float>());
        Assert.Equal(new float[] { 5, 5 }, view.ToArray<float>());
        Assert.Same(Device, kept.Device);
    }

    [Fact]
    public void ATrainingStepInAScopeLeavesOnlyGradientsBehind()
    {
        var w = Tensor.Full([4, 3], 0.5, device: Device);
        w.RequiresGrad = true;
        var x = Tensor.Ones([2, 4], device: Device);
        for (int step = 0; step < 3; step++)
        {
            Tensor loss;
            using (TensorScope.Begin())
            {
                w.ZeroGrad();
                loss = x.MatMul(w).Tanh().Sum();
                loss.Backward();
            }
            Assert.False(loss.IsAlive);
            Assert.True(w.Grad!.IsAlive);
        }
        // ∂/∂w Σ tanh(x·w) = xᵀ(1 − tanh²(2)) with x·w = 2 everywhere.
        double expected = 2 * (1 - Math.Pow(Math.Tanh(2), 2));
        Assert.All(w.Grad!.ToArray<float>(), g => Assert.Equal(expected, g, 5));
    }

    [Fact]
    public void ModifyingASavedTensorInPlaceIsDetectedAtBackward()
    {
        var x = Tensor.Full([3], 0.5, device: Device);
        x.RequiresGrad = true;
        var y = x.Exp();                       // saves its output
        var loss = y.Sum();
        using (Tensor.NoGrad()) y.AddInPlace(Tensor.Ones([3], device: Device));
        var e = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("modified in place", e.Message);
    }
}
