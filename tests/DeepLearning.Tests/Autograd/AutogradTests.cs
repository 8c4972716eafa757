using DeepLearning.Autograd;

namespace DeepLearning.Tests.Autograd;

public class AutogradTests
{
    [Fact]
    public void GradientsAccumulateWhenATensorIsUsedTwice()
    {
        var x = TestHelpers.T(2f, 3f);
        x.RequiresGrad = true;
        var y = (x * x + x * 3).Sum();   // dy/dx = 2x + 3
        y.Backward();
        TestHelpers.AssertValues([7, 9], x.Grad!);
    }

    [Fact]
    public void BackwardAccumulatesAcrossCallsUntilZeroGrad()
    {
        var x = TestHelpers.T(1f, -2f);
        x.RequiresGrad = true;
        (x * 2).Sum().Backward();
        (x * 3).Sum().Backward();
        TestHelpers.AssertValues([5, 5], x.Grad!);
        x.ZeroGrad();
        TestHelpers.AssertValues([0, 0], x.Grad!);
    }

    [Fact]
    public void BroadcastGradientsAreSummedBackToTheInputShape()
    {
        var a = Tensor.Ones([3, 4]);
        var b = Tensor.Ones([4]);
        var c = Tensor.Ones([3, 1]);
        a.RequiresGrad = b.RequiresGrad = c.RequiresGrad = true;
        (a * b + c).Sum().Backward();
        Assert.Equal(new Shape(4), b.Grad!.Shape);
        TestHelpers.AssertValues([3, 3, 3, 3], b.Grad!);
        TestHelpers.AssertValues([4, 4, 4], c.Grad!);
    }

    [Fact]
    public void NoGradRecordsNothingAndIsPerThread()
    {
        var x = Tensor.Ones([2]);
        x.RequiresGrad = true;
        Tensor y;
        bool otherThreadRecords = false;
        using (Tensor.NoGrad())
        {
            y = x * 2;
            var t = new Thread(() => otherThreadRecords = (x * 2).RequiresGrad);
            t.Start();
            t.Join();
        }
        Assert.False(y.RequiresGrad);
        Assert.Null(y.GradFn);
        Assert.True(otherThreadRecords);
        Assert.True((x * 2).RequiresGrad);
    }

    [Fact]
    public void DetachCutsTheGraphButSharesData()
    {
        var x = TestHelpers.T(1f, 2f);
        x.RequiresGrad = true;
        var d = (x * 2).Detach();
        Assert.False(d.RequiresGrad);
        var z = (x * d).Sum();
        z.Backward();
        TestHelpers.AssertValues([2, 4], x.Grad!);
    }

    [Fact]
    public void SeededBackwardOnANonScalar()
    {
        var x = TestHelpers.T(1f, 2f, 3f);
        x.RequiresGrad = true;
        var y = x.Square();
        y.Backward(TestHelpers.T(1f, 0.5f, 0f));
        TestHelpers.AssertValues([2, 2, 0], x.Grad!);
    }

    [Fact]
    public void RetainGradKeepsAnIntermediateGradient()
    {
        var x = TestHelpers.T(1f, 2f);
        x.RequiresGrad = true;
        var h = (x * 3).RetainGrad();
        h.Square().Sum().Backward();
        TestHelpers.AssertValues([6, 12], h.Grad!);
        TestHelpers.AssertValues([18, 36], x.Grad!);
    }

    [Fact]
    public void GradientWithRespectToAnInputImage()
    {
        // Style transfer optimises the image: the gradient reaches a leaf input that is not a parameter.
        var image = Tensor.Zeros([1, 2, 2, 1]);
        image.RequiresGrad = true;
        var target = Tensor.Full([1, 2, 2, 1], 0.5);
        for (int i = 0; i < 200; i++)
        {
            var loss = (image - target).Square().Mean();
            image.ZeroGrad();
            loss.Backward();
            using (Tensor.NoGrad()) image.AddInPlace(image.Grad!, -1.0);
        }
        TestHelpers.AssertValues([0.5, 0.5, 0.5, 0.5], image, 1e-4);
    }

    [Fact]
    public void DeepGraphsDoNotOverflowTheStack()
    {
        var x = Tensor.Scalar(1, DType.Float64);
        x.RequiresGrad = true;
        var y = x;
        for (int i = 0; i < 100_000; i++) y = y * 1.0000001;
        y.Backward();
        Assert.Equal(Math.Pow(1.0000001, 100_000), x.Grad!.Item<double>(), 9);
    }

    [Fact]
    public void ASecondBackwardThroughAFreedGraphThrows()
    {
        var x = TestHelpers.T(1f, 2f);
        x.RequiresGrad = true;
        var y = (x * x).Sum();
        y.Backward();
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("retainGraph", e.Message);
    }

    [Fact]
    public void RetainGraphAllowsASecondBackward()
    {
        var x = TestHelpers.T(1f, 2f);
        x.RequiresGrad = true;
        var y = (x * x).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        TestHelpers.AssertValues([4, 8], x.Grad!);
    }

    [Fact]
    public void AnInPlaceWriteToASavedTensorIsDetected()
    {
        var x = TestHelpers.T(1f, 2f);
        x.RequiresGrad = true;
        var h = x * 2;            // not a leaf
        var y = (h * h).Sum();    // saves h
        using (Tensor.NoGrad()) h.Fill(7);
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("modified in place", e.Message);
    }

    [Fact]
    public void InPlaceWritesToALeafThatRequiresGradThrowWhileRecording()
    {
        var x = TestHelpers.T(1f, 2f);
        x.RequiresGrad = true;
        Assert.Throws<InvalidOperationException>(() => x.Fill(0));
        using (Tensor.NoGrad()) x.Fill(0);
        TestHelpers.AssertValues([0, 0], x);
    }

    [Fact]
    public void BackwardOnATensorWithoutGradientThrows()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TestHelpers.T(1f).Sum().Backward());
        Assert.Contains("does not require a gradient", e.Message);
        var x = TestHelpers.T(1f, 2f);
        x.RequiresGrad = true;
        var a = Assert.Throws<ArgumentException>(() => (x * 2).Backward());
        Assert.Contains("(2,)", a.Message);
    }

    [Fact]
    public void IntegerTensorsCannotRequireGrad()
    {
        var i = Tensor.FromArray(new[] { 1, 2 });
        Assert.Throws<InvalidOperationException>(() => i.RequiresGrad = true);
    }

    [Fact]
    public void CustomOpsUseTheSameMechanismAsTheLibrary()
    {
        var x = Tensor.FromArray(new[] { 1.0, -2.0, 0.5 });
        var report = GradCheck.Check(t => Cube.Apply(t[0]).Sum(), [x]);
        Assert.True(report.Passed, report.ToString());
        x.RequiresGrad = true;
        Cube.Apply(x).Sum().Backward();
        TestHelpers.AssertValues([3, 12, 0.75], x.Grad!);
        Assert.Equal("Cube", Cube.Apply(x).GradFn!.Name);
    }

    [Fact]
    public void CastPassesGradientsBetweenFloatingTypes()
    {
        var x = TestHelpers.T(1f, 2f);
        x.RequiresGrad = true;
        (x.Cast(DType.Float64) * 3.0).Sum().Backward();
        Assert.Equal(DType.Float32, x.Grad!.DType);
        TestHelpers.AssertValues([3, 3], x.Grad!);
    }

    [Fact]
    public void GradientsFlowAcrossDevices()
    {
        var x = TestHelpers.T(1f, 2f);
        x.RequiresGrad = true;
        (x.To(TestHelpers.Reference).Square().Sum()).Backward();
        Assert.Equal(DeepLearning.Devices.Device.Cpu, x.Grad!.Device);
        TestHelpers.AssertValues([2, 4], x.Grad!);
    }

    private sealed class Cube : Node
    {
        public override string Name => "Cube";

        public static Tensor Apply(Tensor x)
        {
            Tensor y;
            using (Tensor.NoGrad()) y = x * x * x;
            if (!ShouldRecord(x)) return y;
            var node = new Cube();
            node.Save(x);
            return node.Attach(y, x);
        }

        protected internal override void Backward(Tensor g) => PassGrad(0, g * GetSaved(0).Square() * 3.0);
    }
}
