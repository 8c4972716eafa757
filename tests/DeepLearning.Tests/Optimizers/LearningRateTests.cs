using DeepLearning.Optimizers;
using DeepLearning.Schedules;

namespace DeepLearning.Tests.Optimizers;

/// <summary>The learning rate as a number or a schedule of the step, its override, and decoupled weight decay.</summary>
public class LearningRateTests
{
    [Fact]
    public void ScheduleIsEvaluatedAtTheIterationCountBeforeEachStep()
    {
        var schedule = new ExponentialDecay(0.1, 1, 0.5);
        var p = Tensor.Zeros([1], DType.Float64);
        var sgd = new SGD(schedule);
        Assert.Same(schedule, sgd.Schedule);
        for (int step = 0; step < 4; step++)
        {
            Assert.Equal(0.1 * Math.Pow(0.5, step), sgd.CurrentLearningRate, 1e-17);
            p.Grad = Tensor.Ones([1], DType.Float64);
            sgd.Step([p]);
        }
        // θ = −(0.1 + 0.05 + 0.025 + 0.0125) with g = 1.
        Assert.Equal(-0.1875, p.Item<double>(), 1e-15);
    }

    [Fact]
    public void ConstantRateCanBeSetButAScheduleCannot()
    {
        var adam = new Adam(1e-3);
        Assert.Null(adam.Schedule);
        adam.LearningRate = 5e-4;
        Assert.Equal(5e-4, adam.CurrentLearningRate);

        var scheduled = new Adam(new CosineDecay(1e-3, 100));
        var e = Assert.Throws<InvalidOperationException>(() => scheduled.LearningRate = 1e-4);
        Assert.Contains("Adam", e.Message);
        Assert.Contains("CosineDecay", e.Message);
        scheduled.Schedule = null; // freezes the current value
        Assert.Equal(1e-3, scheduled.LearningRate);
        scheduled.LearningRate = 1e-4;
        scheduled.Schedule = 0.02; // a number converts to a constant
        Assert.Null(scheduled.Schedule);
        Assert.Equal(0.02, scheduled.LearningRate);
    }

    [Fact]
    public void WeightDecayIsDecoupledAndUsesTheStepLearningRate()
    {
        // Zero gradient: SGD's update is 0, so only θ ← θ − η·wd·θ = θ(1 − 0.1·0.5) = 0.95θ acts.
        var kernel = Tensor.Full([2], 2.0, DType.Float64);
        var bias = Tensor.Full([2], 2.0, DType.Float64);
        kernel.Name = "dense/kernel";
        bias.Name = "dense/bias";
        kernel.Grad = Tensor.Zeros([2], DType.Float64);
        bias.Grad = Tensor.Zeros([2], DType.Float64);
        var sgd = new SGD(0.1, weightDecay: 0.5);
        sgd.ExcludeFromWeightDecay(names: ["bias"]);
        sgd.Step([kernel, bias]);
        TestHelpers.AssertValues([1.9, 1.9], kernel, 1e-15);
        TestHelpers.AssertValues([2, 2], bias, 0);
        Assert.Throws<InvalidOperationException>(() => sgd.ExcludeFromWeightDecay([kernel]));

        var other = Tensor.Full([1], 2.0, DType.Float64);
        other.Grad = Tensor.Zeros([1], DType.Float64);
        var adamW = new AdamW(0.1, weightDecay: 0.5);
        adamW.ExcludeFromWeightDecay([other]);
        adamW.Step([other]);
        TestHelpers.AssertValues([2], other, 0);
    }

    [Fact]
    public void SgdWeightDecayIsTheL2RegularisedStepOfTheNotes()
    {
        // SEEDS §2.7 O11 (S2): W ← W(1 − 2ηλ) − η·g. Hand: η = 0.1, λ = 0.05, W = [1, −2], g = [0.5, 0.5]:
        // W·0.99 − 0.05 = [0.94, −2.03].
        var w = Tensor.FromArray(new[] { 1.0, -2.0 }, [2]);
        w.Grad = Tensor.FromArray(new[] { 0.5, 0.5 }, [2]);
        new SGD(0.1, weightDecay: 2 * 0.05).Step([w]);
        TestHelpers.AssertValues([0.94, -2.03], w, 1e-15);
    }
}
