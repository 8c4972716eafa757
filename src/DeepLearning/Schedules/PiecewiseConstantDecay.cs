namespace DeepLearning.Schedules;

/// <summary>
/// Piecewise-constant rate (Keras 3's <c>PiecewiseConstantDecay(boundaries, values)</c>): values[0] while
/// t ≤ boundaries[0], values[i] while boundaries[i−1] &lt; t ≤ boundaries[i], and values[^1] once
/// t &gt; boundaries[^1].
/// </summary>
/// <example>Géron's piecewise schedule (0.01 for 5 epochs, 0.005 for 10, then 0.001), with n steps per epoch:
/// <code>new PiecewiseConstantDecay([5 * n, 15 * n], [0.01, 0.005, 0.001])</code></example>
public sealed class PiecewiseConstantDecay : LearningRateSchedule
{
    private readonly double[] _boundaries;
    private readonly double[] _values;

    /// <summary>Creates the schedule.</summary>
    /// <param name="boundaries">Strictly increasing, finite steps (may be empty: a constant).</param>
    /// <param name="values">One more value than boundaries, each finite and ≥ 0.</param>
    /// <exception cref="ArgumentException">The lengths do not match or the boundaries are not strictly increasing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite, or a boundary is not finite.</exception>
    public PiecewiseConstantDecay(IReadOnlyList<double> boundaries, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != boundaries.Count + 1)
            throw new ArgumentException($"PiecewiseConstantDecay: values must have one more element than boundaries; got {boundaries.Count} boundaries and {values.Count} values.", nameof(values));
        _boundaries = [.. boundaries];
        _values = [.. values];
        for (int i = 0; i < _boundaries.Length; i++)
        {
            ArgumentChecks.Finite(nameof(PiecewiseConstantDecay), $"boundaries[{i}]", _boundaries[i]);
            if (i > 0 && !(_boundaries[i] > _boundaries[i - 1]))
                throw new ArgumentException($"PiecewiseConstantDecay: boundaries must be strictly increasing; boundaries[{i - 1}] = {_boundaries[i - 1]}, boundaries[{i}] = {_boundaries[i]}.", nameof(boundaries));
        }
        for (int i = 0; i < _values.Length; i++)
            ArgumentChecks.NonNegative(nameof(PiecewiseConstantDecay), $"values[{i}]", _values[i]);
    }

    /// <summary>The boundaries (steps).</summary>
    public IReadOnlyList<double> Boundaries => _boundaries;

    /// <summary>The values, one per interval.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <inheritdoc />
    public override double Evaluate(long step)
    {
        CheckStep(step);
        int i = 0;
        while (i < _boundaries.Length && step > _boundaries[i]) i++;
        return _values[i];
    }
}
