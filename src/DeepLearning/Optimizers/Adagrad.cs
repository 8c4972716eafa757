using DeepLearning.Schedules;

namespace DeepLearning.Optimizers;

/// <summary>
/// Adagrad (Duchi, Hazan &amp; Singer 2011), as Keras 3 (keras/src/optimizers/adagrad.py): defaults lr 0.001,
/// initial accumulator 0.1, ε 1e-7.
/// </summary>
/// <remarks>
/// Slot "accumulator" s, starting at the initial accumulator value: s ← s + g²; θ ← θ − η·g/√(s + ε).
/// Keras puts ε inside the square root; cs231n's <c>x += -lr * dx / (np.sqrt(cache) + eps)</c> (course notes S2)
/// puts it outside, which differs only when s is tiny.
/// </remarks>
public sealed class Adagrad : Optimizer
{
    private static readonly string[] Slots = ["accumulator"];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η: a number or a schedule (default 0.001).</param>
    /// <param name="initialAccumulatorValue">s₀ ≥ 0 (default 0.1).</param>
    /// <param name="epsilon">ε &gt; 0 (default 1e-7).</param>
    /// <param name="weightDecay">Decoupled weight decay (see <see cref="Optimizer.WeightDecay"/>).</param>
    /// <param name="clipNorm">See <see cref="Optimizer.ClipNorm"/>.</param>
    /// <param name="clipValue">See <see cref="Optimizer.ClipValue"/>.</param>
    /// <param name="globalClipNorm">See <see cref="Optimizer.GlobalClipNorm"/>.</param>
    /// <param name="name">Name used in messages.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    /// <exception cref="ArgumentException">More than one clipping option is set.</exception>
    public Adagrad(LearningRateSchedule? learningRate = null, double initialAccumulatorValue = 0.1, double epsilon = 1e-7,
        double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null, string? name = null)
        : base(learningRate, 0.001, weightDecay, clipNorm, clipValue, globalClipNorm, name)
    {
        InitialAccumulatorValue = ArgumentChecks.NonNegative(Name, nameof(initialAccumulatorValue), initialAccumulatorValue);
        Epsilon = ArgumentChecks.Positive(Name, nameof(epsilon), epsilon);
    }

    /// <summary>s₀.</summary>
    public double InitialAccumulatorValue { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>["accumulator"].</summary>
    public override IReadOnlyList<string> SlotNames => Slots;

    /// <summary>The accumulator starts at <see cref="InitialAccumulatorValue"/>.</summary>
    protected override double SlotInitialValue(int slotIndex) => InitialAccumulatorValue;

    /// <summary>s ← s + g²; θ ← θ − η·g/√(s + ε).</summary>
    protected override void UpdateParameter(Tensor parameter, Tensor gradient, ReadOnlySpan<Tensor> slots, in UpdateContext context)
    {
        var s = slots[0];
        s.AddInPlace(gradient.Square());
        var update = gradient / (s + Epsilon).Sqrt();
        parameter.AddInPlace(update.MulInPlace(-context.LearningRate));
    }
}
