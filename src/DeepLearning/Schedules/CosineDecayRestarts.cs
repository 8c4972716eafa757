namespace DeepLearning.Schedules;

/// <summary>
/// Cosine decay with warm restarts, SGDR (Loshchilov &amp; Hutter 2017; Keras 3's
/// <c>CosineDecayRestarts(initial_learning_rate, first_decay_steps, t_mul=2, m_mul=1, alpha=0)</c>).
/// </summary>
/// <remarks>
/// <para>Period i (i = 0, 1, …) lasts s₀·t_mulⁱ steps and starts at η₀·m_mulⁱ. With f = t/s₀ the period index is
/// i = ⌊f⌋ when t_mul = 1, else i = ⌊ln(1 − f(1 − t_mul))/ln t_mul⌋, and the fraction of the period done is
/// c = (f − (1 − t_mulⁱ)/(1 − t_mul))/t_mulⁱ (c = f − i when t_mul = 1). Then
/// η(t) = η₀·((1 − α)·½·m_mulⁱ·(1 + cos πc) + α).</para>
/// <para>As Keras, α is a fraction of η₀ (not of the period's start). Unlike Keras, i is corrected by one when the
/// logarithm rounds across a restart boundary, so the restart happens exactly at step s₀(1 + t_mul + … + t_mulⁱ⁻¹).</para>
/// </remarks>
public sealed class CosineDecayRestarts : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">η₀, finite and ≥ 0.</param>
    /// <param name="firstDecaySteps">s₀ &gt; 0, length of the first period.</param>
    /// <param name="tMul">t_mul &gt; 0: each period is t_mul times longer than the previous one.</param>
    /// <param name="mMul">m_mul ≥ 0: each period starts at m_mul times the previous start.</param>
    /// <param name="alpha">α ≥ 0: the minimum rate as a fraction of η₀.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public CosineDecayRestarts(double initialLearningRate, double firstDecaySteps, double tMul = 2, double mMul = 1, double alpha = 0)
    {
        InitialLearningRate = ArgumentChecks.NonNegative(nameof(CosineDecayRestarts), nameof(initialLearningRate), initialLearningRate);
        FirstDecaySteps = ArgumentChecks.Positive(nameof(CosineDecayRestarts), nameof(firstDecaySteps), firstDecaySteps);
        TMul = ArgumentChecks.Positive(nameof(CosineDecayRestarts), nameof(tMul), tMul);
        MMul = ArgumentChecks.NonNegative(nameof(CosineDecayRestarts), nameof(mMul), mMul);
        Alpha = ArgumentChecks.NonNegative(nameof(CosineDecayRestarts), nameof(alpha), alpha);
    }

    /// <summary>η₀.</summary>
    public double InitialLearningRate { get; }

    /// <summary>s₀.</summary>
    public double FirstDecaySteps { get; }

    /// <summary>t_mul.</summary>
    public double TMul { get; }

    /// <summary>m_mul.</summary>
    public double MMul { get; }

    /// <summary>α.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public override double Evaluate(long step)
    {
        CheckStep(step);
        double f = step / FirstDecaySteps;
        double i, c;
        if (TMul == 1)
        {
            i = Math.Floor(f);
            c = f - i;
        }
        else
        {
            i = Math.Floor(Math.Log(1 - f * (1 - TMul)) / Math.Log(TMul));
            // Elapsed periods' total length, in units of s₀: (1 − t_mulⁱ)/(1 − t_mul).
            if (PeriodsLength(i + 1) <= f) i++;
            else if (i > 0 && PeriodsLength(i) > f) i--;
            c = (f - PeriodsLength(i)) / Math.Pow(TMul, i);
        }
        double cosine = 0.5 * Math.Pow(MMul, i) * (1 + Math.Cos(Math.PI * c));
        return InitialLearningRate * ((1 - Alpha) * cosine + Alpha);
    }

    private double PeriodsLength(double periods) => (1 - Math.Pow(TMul, periods)) / (1 - TMul);
}
