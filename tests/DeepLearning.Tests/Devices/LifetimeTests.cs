namespace DeepLearning.Tests.Devices;

/// <summary>Scope mechanics and the allocation budget of a step; the device-level lifetime tests (released buffers,
/// lease stamps, Keep) are in the conformance suite.</summary>
public class LifetimeTests
{
    [Fact]
    public void KeepInANestedScopeMovesToTheEnclosingScope()
    {
        Tensor t;
        using (TensorScope.Begin())
        {
            using (TensorScope.Begin()) t = Tensor.Ones([2]).Keep();
            Assert.True(t.IsAlive);
        }
        Assert.False(t.IsAlive);
    }

    [Fact]
    public void PersistentRegionsInsideAScopeSurviveIt()
    {
        Tensor weight;
        using (TensorScope.Begin())
        using (TensorScope.Persistent())
            weight = Tensor.Ones([3]);
        Assert.True(weight.IsAlive);
    }

    [Fact]
    public void TensorsOutsideAnyScopeBelongToTheGarbageCollector()
    {
        var t = Tensor.Ones([3]);
        GC.Collect();
        Assert.True(t.IsAlive);
        Assert.False(TensorScope.IsActive);
    }

    [Fact]
    public void ScopesMustEndInReverseOrder()
    {
        var outer = TensorScope.Begin();
        var inner = TensorScope.Begin();
        Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        inner.Dispose();
        outer.Dispose();
        outer.Dispose(); // a second dispose is a no-op
    }

    [Fact]
    public void LeafGradientsArePersistentAcrossSteps()
    {
        var w = Tensor.Ones([3]);
        w.RequiresGrad = true;
        for (int step = 0; step < 3; step++)
        {
            using var scope = TensorScope.Begin();
            w.ZeroGrad();
            (w * 2).Sum().Backward();
        }
        TestHelpers.AssertValues([2, 2, 2], w.Grad!);
    }

    [Fact]
    public void AStepOfASmallMlpAllocatesAlmostNothingAfterWarmUp()
    {
        Generator.Seed(3);
        var x = Tensor.RandomUniform([32, 64]);
        var labels = Tensor.RandomInt([32, 1], 0, 10);
        Tensor Param(Shape s)
        {
            var p = Tensor.RandomNormal(s, 0, 0.1);
            p.RequiresGrad = true;
            return p;
        }
        Tensor w1 = Param([64, 32]), b1 = Param([32]), w2 = Param([32, 10]), b2 = Param([10]);
        Tensor[] ps = [w1, b1, w2, b2];
        void Step()
        {
            using var scope = TensorScope.Begin();
            var logits = (x.MatMul(w1) + b1).Relu().MatMul(w2) + b2;
            var loss = -logits.LogSoftmax().TakeAlongAxis(labels, 1).Mean();
            foreach (var p in ps) p.ZeroGrad();
            loss.Backward();
        }
        for (int i = 0; i < 20; i++) Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        const int steps = 50;
        for (int i = 0; i < steps; i++) Step();
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / steps;
        Assert.True(perStep < 16 * 1024, $"a forward + backward step allocated {perStep} bytes of managed memory");
    }
}
