using DeepLearning.Optimizers;
using DeepLearning.Schedules;

namespace DeepLearning.Tests.Schedules;

/// <summary>Bad schedule arguments raise <see cref="ArgumentException"/>s naming the schedule and the value.</summary>
public class ScheduleValidationTests
{
    private static void Rejects<TException>(Func<object> create, string schedule, string value) where TException : ArgumentException
    {
        var e = Assert.Throws<TException>(create);
        Assert.Contains(schedule, e.Message);
        Assert.Contains(value, e.Message);
    }

    [Fact]
    public void ArgumentsAreChecked()
    {
        Rejects<ArgumentOutOfRangeException>(() => new ExponentialDecay(0.1, 0, 0.5), "ExponentialDecay", "decaySteps");
        Rejects<ArgumentOutOfRangeException>(() => new ExponentialDecay(-0.1, 10, 0.5), "ExponentialDecay", "-0.1");
        Rejects<ArgumentOutOfRangeException>(() => new InverseTimeDecay(0.1, -5, 0.5), "InverseTimeDecay", "-5");
        Rejects<ArgumentOutOfRangeException>(() => new InverseTimeDecay(double.NaN, 5, 0.5), "InverseTimeDecay", "NaN");
        Rejects<ArgumentOutOfRangeException>(() => new PolynomialDecay(0.1, 0), "PolynomialDecay", "decaySteps");
        Rejects<ArgumentOutOfRangeException>(() => new CosineDecay(0.1, 100, alpha: -1), "CosineDecay", "alpha");
        Rejects<ArgumentOutOfRangeException>(() => new CosineDecay(0.1, 100, warmupTarget: double.PositiveInfinity), "CosineDecay", "warmupTarget");
        Rejects<ArgumentOutOfRangeException>(() => new CosineDecayRestarts(0.1, 10, tMul: 0), "CosineDecayRestarts", "tMul");
        Rejects<ArgumentException>(() => new PiecewiseConstantDecay([100, 200], [1.0, 0.5]), "PiecewiseConstantDecay", "one more");
        Rejects<ArgumentException>(() => new PiecewiseConstantDecay([200, 100], [1.0, 0.5, 0.1]), "PiecewiseConstantDecay", "increasing");
        Rejects<ArgumentOutOfRangeException>(() => new PiecewiseConstantDecay([100], [1.0, -0.5]), "PiecewiseConstantDecay", "values[1]");
        Rejects<ArgumentOutOfRangeException>(() => new OneCycle(0, 0.1), "OneCycle", "totalSteps");
        Rejects<ArgumentOutOfRangeException>(() => new OneCycle(100, 0.1, peakFraction: 0.95), "OneCycle", "0.95");
        Rejects<ArgumentOutOfRangeException>(() => new OneCycle(100, -0.1), "OneCycle", "-0.1");
    }

    [Fact]
    public void NegativeStepIsRejected()
    {
        Rejects<ArgumentOutOfRangeException>(() => new ExponentialDecay(0.1, 10, 0.5).Evaluate(-1), "ExponentialDecay", "-1");
        Rejects<ArgumentOutOfRangeException>(() => new OneCycle(10, 0.1).Evaluate(-3), "OneCycle", "-3");
        LearningRateSchedule constant = 0.1;
        Assert.Equal(0.1, constant.Evaluate(12));
        Assert.Throws<ArgumentOutOfRangeException>(() => constant.Evaluate(-1));
    }

    [Fact]
    public void ANegativeConstantIsRejectedByTheOptimizer()
    {
        LearningRateSchedule constant = -0.5;
        Rejects<ArgumentOutOfRangeException>(() => new SGD(constant), "SGD", "-0.5");
    }
}
