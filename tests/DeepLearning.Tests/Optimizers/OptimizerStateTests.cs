using DeepLearning.Devices.Reference;
using DeepLearning.Optimizers;

namespace DeepLearning.Tests.Optimizers;

/// <summary>Per-parameter state: created lazily on the first step, kept across steps, exported and imported so that a
/// resumed optimizer continues bit-identically, and a steady training loop that does not grow memory.</summary>
public class OptimizerStateTests
{
    public static TheoryData<string> Configs() =>
        ["SgdMomentum", "SgdNesterov", "Adagrad", "RMSpropCenteredMomentum", "AdamAmsgrad", "AdamW", "Nadam", "Adamax", "Adadelta", "SgdGlobalClipNorm"];

    [Fact]
    public void SlotsAreCreatedLazilyOnceAndKeptAcrossSteps()
    {
        var problem = new QuadraticProblem();
        var adam = new Adam(0.1);
        Assert.False(adam.HasState(problem.W1));
        Assert.Null(adam.GetSlot(problem.W1, "momentum"));
        problem.ComputeGradients();
        adam.Step(problem.Parameters);
        var m = adam.GetSlot(problem.W1, "momentum")!;
        var v = adam.GetSlot(problem.W2, "velocity")!;
        Assert.Equal(problem.W1.Shape, m.Shape);
        Assert.Equal(problem.W2.Shape, v.Shape);
        Assert.Equal(DType.Float64, m.DType);
        for (int i = 0; i < 5; i++)
        {
            problem.ComputeGradients();
            adam.Step(problem.Parameters);
        }
        Assert.Same(m, adam.GetSlot(problem.W1, "momentum"));
        Assert.Same(v, adam.GetSlot(problem.W2, "velocity"));
        Assert.True(m.IsAlive);
        Assert.Throws<ArgumentException>(() => adam.GetSlot(problem.W1, "accumulator"));
    }

    [Fact]
    public void AdagradAccumulatorStartsAtItsInitialValue()
    {
        var p = Tensor.Zeros([2], DType.Float64);
        p.Grad = Tensor.FromArray(new[] { 1.0, 2.0 }, [2]);
        var adagrad = new Adagrad(0.1, initialAccumulatorValue: 0.25);
        adagrad.Step([p]);
        TestHelpers.AssertValues([1.25, 4.25], adagrad.GetSlot(p, "accumulator")!, 1e-15);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void ExportImportRoundTripContinuesBitIdentically(string config)
    {
        var original = new QuadraticProblem();
        var optimizer = OptimizerTrajectoryTests.Create(config);
        for (int i = 0; i < 3; i++)
        {
            original.ComputeGradients();
            optimizer.Step(original.Parameters);
        }
        var state = optimizer.ExportState(original.Parameters);
        Assert.Equal(3, state.Iterations);
        Assert.Equal(2 * optimizer.SlotNames.Count, state.Slots.Count);

        var resumed = new QuadraticProblem();
        using (Tensor.NoGrad())
        {
            resumed.W1.Assign(original.W1);
            resumed.W2.Assign(original.W2);
        }
        var restored = OptimizerTrajectoryTests.Create(config);
        restored.ImportState(state, resumed.Parameters);
        Assert.Equal(3, restored.Iterations);

        for (int i = 0; i < 3; i++)
        {
            original.ComputeGradients();
            optimizer.Step(original.Parameters);
            resumed.ComputeGradients();
            restored.Step(resumed.Parameters);
            Assert.Equal(original.Values(), resumed.Values());
        }
        foreach (var name in optimizer.SlotNames)
            Assert.Equal(optimizer.GetSlot(original.W2, name)!.ToArray<double>(), restored.GetSlot(resumed.W2, name)!.ToArray<double>());
    }

    [Fact]
    public void ExportedStateIsASnapshotWithNamedSlotsAndScalars()
    {
        var problem = new QuadraticProblem();
        var nadam = new Nadam(0.1);
        problem.ComputeGradients();
        nadam.Step(problem.Parameters);
        var state = nadam.ExportState(problem.Parameters);
        Assert.Equal(["0/momentum", "0/velocity", "1/momentum", "1/velocity"], state.Slots.Keys.Order());
        Assert.Equal(0.1, state.Scalars[Optimizer.LearningRateScalarName]);
        Assert.Equal(0.9 * (1 - 0.5 * 0.96), state.Scalars["u_product"], 1e-15);
        var before = state.Slots["1/velocity"].ToArray<double>();
        problem.ComputeGradients();
        nadam.Step(problem.Parameters);
        Assert.Equal(before, state.Slots["1/velocity"].ToArray<double>());
        Assert.NotEqual(before, nadam.GetSlot(problem.W2, "velocity")!.ToArray<double>());
    }

    [Fact]
    public void ImportRestoresTheConstantLearningRateAndClearsStateOfParametersWithoutEntries()
    {
        var p = Tensor.Zeros([2], DType.Float64);
        var q = Tensor.Zeros([3], DType.Float64);
        p.Grad = Tensor.Ones([2], DType.Float64);
        q.Grad = Tensor.Ones([3], DType.Float64);
        var source = new SGD(0.5, momentum: 0.9);
        source.Step([p]);
        source.LearningRate = 0.05; // as ReduceLROnPlateau would
        var state = source.ExportState([p, q]);
        Assert.Equal(2, state.Slots.Count + 1); // only p has state: "0/momentum"

        var target = new SGD(0.5, momentum: 0.9);
        target.Step([p, q]);
        Assert.True(target.HasState(q));
        target.ImportState(state, [p, q]);
        Assert.Equal(0.05, target.LearningRate);
        Assert.Equal(1, target.Iterations);
        Assert.False(target.HasState(q));
        TestHelpers.AssertValues([-0.5, -0.5], target.GetSlot(p, "momentum")!, 1e-15);
    }

    [Fact]
    public void ImportIntoAFreshOptimizerCreatesStateBeforeAnyStep()
    {
        var p = Tensor.Zeros([2], DType.Float64);
        var slots = new Dictionary<string, Tensor>
        {
            ["0/momentum"] = Tensor.FromArray(new[] { 1.0, 2.0 }, [2]),
            ["0/velocity"] = Tensor.FromArray(new[] { 3.0, 4.0 }, [2]),
        };
        var adam = new Adam();
        adam.ImportState(new OptimizerState(7, slots, new Dictionary<string, double>()), [p]);
        Assert.Equal(7, adam.Iterations);
        TestHelpers.AssertValues([3, 4], adam.GetSlot(p, "velocity")!, 0);
        Assert.Equal(0.001, adam.LearningRate); // no learning_rate scalar: unchanged
    }

    [Fact]
    public void ImportRejectsMismatchedStateWithInvalidDataException()
    {
        var p = Tensor.Zeros([2], DType.Float64);
        var empty = new Dictionary<string, double>();
        OptimizerState With(params (string Key, Tensor Value)[] slots) =>
            new(1, slots.ToDictionary(s => s.Key, s => s.Value), empty);
        var two = Tensor.Zeros([2], DType.Float64);
        var three = Tensor.Zeros([3], DType.Float64);
        var adam = new Adam();

        void Rejects(OptimizerState state, string fragment)
        {
            var e = Assert.Throws<InvalidDataException>(() => adam.ImportState(state, [p]));
            Assert.Contains("Adam", e.Message);
            Assert.Contains(fragment, e.Message);
            Assert.False(adam.HasState(p));
            Assert.Equal(0, adam.Iterations);
        }

        Rejects(With(("0/momentum", three), ("0/velocity", two)), "shape");
        Rejects(With(("0/momentum", two), ("0/accumulator", two)), "unknown slot");
        Rejects(With(("momentum", two)), "not of the form");
        Rejects(With(("x/momentum", two)), "not of the form");
        Rejects(With(("1/momentum", two), ("1/velocity", two)), "parameter 1");
        Rejects(With(("0/momentum", two)), "0/velocity");
        Rejects(new OptimizerState(-1, new Dictionary<string, Tensor>(), empty), "iteration");
        Rejects(new OptimizerState(1, new Dictionary<string, Tensor>(), new Dictionary<string, double> { ["beta"] = 1 }), "unknown scalar");
        Rejects(new OptimizerState(1, new Dictionary<string, Tensor>(), new Dictionary<string, double> { ["learning_rate"] = -1 }), "learning rate");
    }

    [Fact]
    public void SteadyStateLoopDoesNotGrowMemoryNorReadBackToTheHost()
    {
        // A private reference device: its pool and transfer counters see only this test.
        var device = new ReferenceDevice();
        var problem = new QuadraticProblem(DType.Float64, device);
        var optimizer = new Adam(0.01, amsgrad: true, globalClipNorm: 1);
        optimizer.AddParameters(problem.Parameters);
        void Steps(int n)
        {
            for (int i = 0; i < n; i++)
            {
                using var scope = TensorScope.Begin();
                problem.ComputeGradients();
                optimizer.Step();
            }
        }
        Steps(3);
        var slot = optimizer.GetSlot(problem.W1, "velocity_hat");
        long pooled = device.PooledBytes, downloads = device.Downloads, uploads = device.Uploads;
        Steps(50);
        Assert.Equal(pooled, device.PooledBytes);
        Assert.Equal(downloads, device.Downloads);
        Assert.Equal(uploads, device.Uploads);
        Assert.Same(slot, optimizer.GetSlot(problem.W1, "velocity_hat"));
    }

    [Fact]
    public void SteadyStateCpuStepAllocatesLittleManagedMemory()
    {
        var problem = new QuadraticProblem(DType.Float32);
        var optimizer = new Adam(0.01);
        optimizer.AddParameters(problem.Parameters);
        for (int i = 0; i < 5; i++)
        {
            problem.ComputeGradients();
            optimizer.Step();
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) optimizer.Step();
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        // Tensor objects of the temporaries only (their buffers come from the pool): a few KB for two parameters.
        Assert.True(perStep < 4096, $"Adam.Step allocated {perStep} bytes per step");
    }
}
