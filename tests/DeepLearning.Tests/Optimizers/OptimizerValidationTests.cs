using DeepLearning.Optimizers;
using DeepLearning.Schedules;

namespace DeepLearning.Tests.Optimizers;

/// <summary>Bad hyperparameters and bad calls raise documented exceptions that name the optimizer and the value.</summary>
public class OptimizerValidationTests
{
    private static void Rejects(Func<object> create, string optimizer, string value)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Contains(optimizer, e.Message);
        Assert.Contains(value, e.Message);
    }

    [Fact]
    public void LearningRateMustBeFiniteAndNonNegative()
    {
        Rejects(() => new SGD(-0.1), "SGD", "-0.1");
        Rejects(() => new Adam(double.NaN), "Adam", "NaN");
        Rejects(() => new RMSprop(double.PositiveInfinity), "RMSprop", "Infinity");
        Rejects(() => new Adagrad(-1), "Adagrad", "-1");
        Rejects(() => new AdamW(-1e-3), "AdamW", "-0.001");
        Rejects(() => new Nadam(-2), "Nadam", "-2");
        Rejects(() => new Adamax(-2), "Adamax", "-2");
        Rejects(() => new Adadelta(-2), "Adadelta", "-2");
        _ = new SGD(0.0); // zero is allowed (frozen training)
    }

    [Fact]
    public void MomentumAndDecayRatesMustBeInUnitInterval()
    {
        Rejects(() => new SGD(momentum: 1.0), "SGD", "momentum");
        Rejects(() => new SGD(momentum: -0.1), "SGD", "-0.1");
        Rejects(() => new RMSprop(momentum: 1.5), "RMSprop", "1.5");
        Rejects(() => new RMSprop(rho: 1), "RMSprop", "rho");
        Rejects(() => new Adam(beta1: 1), "Adam", "beta1");
        Rejects(() => new Adam(beta2: -0.5), "Adam", "beta2");
        Rejects(() => new Nadam(beta1: double.NaN), "Nadam", "NaN");
        Rejects(() => new Adamax(beta2: 1), "Adamax", "beta2");
        Rejects(() => new Adadelta(rho: 1), "Adadelta", "rho");
    }

    [Fact]
    public void EpsilonWeightDecayAndAccumulatorAreChecked()
    {
        Rejects(() => new Adam(epsilon: 0), "Adam", "epsilon");
        Rejects(() => new RMSprop(epsilon: -1e-7), "RMSprop", "epsilon");
        Rejects(() => new Adagrad(initialAccumulatorValue: -0.1), "Adagrad", "initialAccumulatorValue");
        Rejects(() => new SGD(weightDecay: -0.01), "SGD", "WeightDecay");
        Rejects(() => new AdamW(weightDecay: double.NaN), "AdamW", "NaN");
        var adam = new Adam();
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.LearningRate = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.WeightDecay = -1);
        Assert.Equal(0.001, adam.LearningRate);
    }

    private sealed class BrokenSchedule : LearningRateSchedule
    {
        public override double Evaluate(long step) => step < 1 ? 0.1 : -1;
    }

    [Fact]
    public void ScheduleValueIsCheckedWhenEvaluatedAndNothingChanges()
    {
        var p = Tensor.Ones([2], DType.Float64);
        p.Grad = Tensor.Ones([2], DType.Float64);
        var sgd = new SGD(new BrokenSchedule());
        sgd.Step([p]);
        var e = Assert.Throws<InvalidOperationException>(() => sgd.Step([p]));
        Assert.Contains("SGD", e.Message);
        Assert.Contains("BrokenSchedule", e.Message);
        Assert.Contains("-1", e.Message);
        Assert.Equal(1, sgd.Iterations);
        TestHelpers.AssertValues([0.9, 0.9], p, 1e-15);
    }

    [Fact]
    public void BadParameterListsAreRejectedBeforeAnyUpdate()
    {
        var p = Tensor.Ones([2], DType.Float64);
        p.Grad = Tensor.Ones([2], DType.Float64);
        var adam = new Adam(0.1, weightDecay: 0.5);
        var e = Assert.Throws<ArgumentException>(() => adam.Step([p, p]));
        Assert.Contains("twice", e.Message);
        Assert.Equal([1.0, 1.0], p.ToArray<double>());
        Assert.Equal(0, adam.Iterations);

        var labels = Tensor.Zeros([2], DType.Int32);
        Assert.Throws<ArgumentException>(() => adam.Step([labels]));
        Assert.Throws<ArgumentException>(() => adam.Step([p, null!]));
        Assert.Throws<InvalidOperationException>(() => adam.Step());

        adam.Step([p]); // still usable afterwards
        Assert.Equal(1, adam.Iterations);
    }

    [Fact]
    public void AddParametersRejectsDuplicatesNonLeavesAndIntegers()
    {
        var w = Tensor.Ones([2]);
        w.RequiresGrad = true;
        var sgd = new SGD();
        Assert.Throws<ArgumentException>(() => sgd.AddParameters([w, w]));
        Assert.Empty(sgd.Parameters);
        sgd.AddParameters([w]);
        Assert.Throws<ArgumentException>(() => sgd.AddParameters([w]));
        Assert.Throws<ArgumentException>(() => sgd.AddParameters([w * 2]));
        Assert.Throws<ArgumentException>(() => sgd.AddParameters([Tensor.Zeros([1], DType.Int32)]));
        Assert.Single(sgd.Parameters);
    }
}
