using DeepLearning.Schedules;

namespace DeepLearning.Tests.Schedules;

/// <summary>
/// Schedule values against references. The Keras schedules against this float64 transcription of Keras 3's
/// keras/src/optimizers/schedules/learning_rate_schedule.py (numpy 1.24, /usr/bin/python3):
/// <code>
/// import numpy as np
/// def exponential(lr0, decay_steps, decay_rate, staircase, step):
///     p = step / decay_steps
///     if staircase: p = np.floor(p)
///     return lr0 * np.power(decay_rate, p)
/// def inverse_time(lr0, decay_steps, decay_rate, staircase, step):
///     p = step / decay_steps
///     if staircase: p = np.floor(p)
///     return lr0 / (1 + decay_rate * p)
/// def polynomial(lr0, decay_steps, end_lr, power, cycle, step):
///     global_step_recomp = float(step); decay_steps_recomp = float(decay_steps)
///     if cycle:
///         multiplier = 1.0 if global_step_recomp == 0 else np.ceil(global_step_recomp / decay_steps)
///         decay_steps_recomp = decay_steps_recomp * multiplier
///     else:
///         global_step_recomp = min(global_step_recomp, decay_steps_recomp)
///     p = global_step_recomp / decay_steps_recomp
///     return (lr0 - end_lr) * np.power(1 - p, power) + end_lr
/// def cosine(lr0, decay_steps, alpha, warmup_target, warmup_steps, step):
///     def decay(step, decay_steps, decay_from_lr):
///         completed_fraction = step / decay_steps
///         cosine_decayed = 0.5 * (1.0 + np.cos(np.pi * completed_fraction))
///         decayed = (1 - alpha) * cosine_decayed + alpha
///         return decay_from_lr * decayed
///     global_step_recomp = float(step)
///     if warmup_target is None:
///         return decay(min(global_step_recomp, decay_steps), decay_steps, lr0)
///     global_step_recomp = min(global_step_recomp, decay_steps + warmup_steps)
///     if global_step_recomp &lt; warmup_steps:
///         return (warmup_target - lr0) * (global_step_recomp / warmup_steps) + lr0
///     return decay(global_step_recomp - warmup_steps, decay_steps, warmup_target)
/// def restarts(lr0, first_decay_steps, t_mul, m_mul, alpha, step):
///     completed_fraction = step / first_decay_steps
///     if t_mul == 1.0:
///         i_restart = np.floor(completed_fraction); completed_fraction -= i_restart
///     else:
///         i_restart = np.floor(np.log(1.0 - completed_fraction * (1.0 - t_mul)) / np.log(t_mul))
///         sum_r = (1.0 - t_mul ** i_restart) / (1.0 - t_mul)
///         completed_fraction = (completed_fraction - sum_r) / t_mul ** i_restart
///     m_fac = m_mul ** i_restart
///     cosine_decayed = 0.5 * m_fac * (1.0 + np.cos(np.pi * completed_fraction))
///     return lr0 * ((1 - alpha) * cosine_decayed + alpha)
/// # each test's (step, value) pairs are printed by e.g.
/// # print([(s, float(exponential(0.1, 10, 0.5, False, s))) for s in [0, 1, 5, 10, 15, 37]])
/// </code>
/// </summary>
public class ScheduleTests
{
    private static void Check(LearningRateSchedule schedule, params (long Step, double Value)[] expected)
    {
        foreach (var (step, value) in expected)
        {
            double actual = schedule.Evaluate(step);
            Assert.True(Math.Abs(actual - value) <= 1e-15 * Math.Max(1, Math.Abs(value)) + 1e-17,
                $"{schedule.GetType().Name} at step {step}: {actual:R}, expected {value:R}");
            Assert.Equal(actual, schedule.Evaluate(step)); // pure: same step, same value
        }
    }

    [Fact]
    public void ExponentialDecayMatchesKeras()
    {
        Check(new ExponentialDecay(0.1, 10, 0.5),
            (0, 0.1), (1, 0.09330329915368074), (5, 0.07071067811865477), (10, 0.05), (15, 0.03535533905932738), (37, 0.007694652583405726));
        Check(new ExponentialDecay(0.1, 10, 0.5, staircase: true), (0, 0.1), (9, 0.1), (10, 0.05), (15, 0.05), (37, 0.0125));
    }

    [Fact]
    public void GeronExponentialSchedule()
    {
        // SEEDS §4 item 16: lr0 * 0.1**(epoch / s) with lr0 = 0.01, s = 20 gives 0.001 at epoch 20 (hand),
        // 1e-4 at 40, and 0.01·√0.1 = 0.0031622776601683794 at 10.
        var schedule = new ExponentialDecay(0.01, 20, 0.1);
        Check(schedule, (0, 0.01), (10, 0.01 * Math.Sqrt(0.1)), (20, 0.001), (40, 1e-4));
    }

    [Fact]
    public void InverseTimeDecayMatchesKeras()
    {
        Check(new InverseTimeDecay(0.1, 5, 0.5),
            (0, 0.1), (1, 0.09090909090909091), (5, 0.06666666666666667), (12, 0.045454545454545456), (100, 0.009090909090909092));
        Check(new InverseTimeDecay(0.1, 5, 0.5, staircase: true),
            (0, 0.1), (4, 0.1), (5, 0.06666666666666667), (12, 0.05), (100, 0.009090909090909092));
    }

    [Fact]
    public void GeronPowerScheduling()
    {
        // SEEDS §4 item 16: SGD(learning_rate=0.01, decay=1e-4) is η = 0.01/(1 + 10⁻⁴·t) (hand): 0.005 at t = 10⁴.
        var power = InverseTimeDecay.PowerScheduling(0.01, 10_000);
        var keras = new InverseTimeDecay(0.01, 1, 1e-4);
        foreach (long t in new long[] { 0, 1, 500, 10_000, 123_456 })
            Assert.Equal(0.01 / (1 + 1e-4 * t), power.Evaluate(t), 1e-17);
        Check(power, (10_000, 0.005), (30_000, 0.0025));
        Check(keras, (10_000, 0.005), (30_000, 0.0025));
        // c = 2: η₀/(1 + t/s)² = 0.01/4 at t = s (hand).
        Check(InverseTimeDecay.PowerScheduling(0.01, 100, power: 2), (0, 0.01), (100, 0.0025), (300, 0.000625));
    }

    [Fact]
    public void PiecewiseConstantDecayUsesKerasBoundaries()
    {
        // Hand, from Keras's rule: values[0] while t ≤ b₀, values[1] while b₀ < t ≤ b₁, values[2] after.
        var schedule = new PiecewiseConstantDecay([100, 200], [1.0, 0.5, 0.1]);
        Check(schedule, (0, 1), (100, 1), (101, 0.5), (200, 0.5), (201, 0.1), (10_000, 0.1));
        Check(new PiecewiseConstantDecay([], [0.3]), (0, 0.3), (99, 0.3));
    }

    [Fact]
    public void PolynomialDecayMatchesKeras()
    {
        Check(new PolynomialDecay(0.1, 10, 0.01, power: 2), (0, 0.1), (3, 0.0541), (10, 0.01), (20, 0.01));
        Check(new PolynomialDecay(0.1, 10, 0.01, power: 2, cycle: true),
            (0, 0.1), (3, 0.0541), (10, 0.01), (13, 0.021025000000000002), (20, 0.01), (25, 0.012499999999999999));
        Assert.Equal(1e-4, new PolynomialDecay(0.1, 10).EndLearningRate);
    }

    [Fact]
    public void CosineDecayMatchesKeras()
    {
        Check(new CosineDecay(0.1, 100, alpha: 0.1),
            (0, 0.1), (25, 0.08681980515339466), (50, 0.05500000000000001), (100, 0.010000000000000002), (150, 0.010000000000000002));
        Check(new CosineDecay(0.0, 100, warmupTarget: 0.1, warmupSteps: 10),
            (0, 0.0), (5, 0.05), (10, 0.1), (35, 0.08535533905932739), (60, 0.05), (110, 0.0), (200, 0.0));
    }

    [Fact]
    public void CosineDecayRestartsMatchesKeras()
    {
        Check(new CosineDecayRestarts(0.1, 10, tMul: 2, mMul: 0.5, alpha: 0.1),
            (0, 0.1), (5, 0.05500000000000001), (9, 0.012202456766718087), (10, 0.05500000000000001), (20, 0.0325),
            (29, 0.010277012336609404), (30, 0.0325), (45, 0.02555518861410726), (70, 0.021250000000000005));
        Check(new CosineDecayRestarts(0.1, 10, tMul: 1, mMul: 0.8),
            (0, 0.1), (5, 0.05), (10, 0.08000000000000002), (15, 0.04000000000000001), (25, 0.03200000000000001));
    }

    [Fact]
    public void CosineDecayRestartsRestartsExactlyAtThePeriodBoundary()
    {
        // t_mul 1.5, s₀ 16: periods end at 16·(1 + 1.5 + 1.5² + 1.5³ + 1.5⁴) = 16·13.1875 = 211 (hand). There a new
        // period starts at full rate, 1.0; Keras's floor(log(1 + 0.5·13.1875)/log 1.5) rounds to 4 instead of 5 and
        // gives the previous period's end value, 0 (numpy: restarts(1.0, 16, 1.5, 1.0, 0.0, 211) == 0.0).
        var schedule = new CosineDecayRestarts(1.0, 16, tMul: 1.5);
        Assert.Equal(1.0, schedule.Evaluate(211), 1e-15);
        // Step 210 is the last of period 4 (steps 130 … 210, length 16·1.5⁴ = 81): ½(1 + cos(π·80/81)).
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI * 80 / 81)), schedule.Evaluate(210), 1e-12);
    }

    [Fact]
    public void OneCycleFollowsTheDesignShape()
    {
        // DESIGN.md §4, hand: T = 1000, η_max = 0.1: η(0) = η_max/10 = 0.01, η(T/4) = (0.01 + 0.1)/2 = 0.055,
        // η(T/2) = 0.1, η(0.7T) = 0.1 + (0.01 − 0.1)·200/400 = 0.055, η(0.9T) = 0.01,
        // η(0.95T) = 0.01 + (0.0001 − 0.01)/2 = 0.00505, η(T) = η_max/1000 = 1e-4, and 1e-4 after T.
        var schedule = new OneCycle(1000, 0.1);
        Check(schedule, (0, 0.01), (250, 0.055), (500, 0.1), (700, 0.055), (900, 0.01), (950, 0.00505), (1000, 1e-4), (5000, 1e-4));
        Assert.Equal(0.01, schedule.StartLearningRate);
        Assert.Equal(1e-4, schedule.FinalLearningRate, 1e-19);

    }

    [Theory]
    [InlineData(10, new[] { 0.01, 0.0325, 0.05500000000000001, 0.0775, 0.1, 0.0775, 0.055, 0.0325, 0.01, 0.005005 })]
    [InlineData(25, new[] { 0.01, 0.01818181818181818, 0.026363636363636367, 0.034545454545454546, 0.04272727272727273,
        0.05090909090909092, 0.0590909090909091, 0.06727272727272728, 0.07545454545454545, 0.08363636363636363,
        0.09181818181818183, 0.1, 0.09181818181818183, 0.08363636363636365, 0.07545454545454545, 0.06727272727272728,
        0.05909090909090909, 0.05090909090909091, 0.042727272727272725, 0.034545454545454546, 0.026363636363636367,
        0.018181818181818174, 0.01, 0.006670000000000001, 0.00334 })]
    public void OneCycleGeronMatchesHisNotebookAtEveryStep(int iterations, double[] expected)
    {
        // Reference: Géron's OneCycleScheduler transcribed in geron_onecycle.py (beside this file), max_lr = 0.1.
        var schedule = OneCycle.Geron(iterations, 0.1);
        for (int t = 0; t < iterations; t++) Assert.Equal(expected[t], schedule.Evaluate(t), 1e-14);
        Assert.Throws<ArgumentOutOfRangeException>(() => OneCycle.Geron(2, 0.1));
    }
}
