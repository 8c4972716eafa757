namespace DeepLearning;

/// <summary>Range checks of numeric arguments shared by the schedules, optimizers, layers and ops; the message names
/// the class or op (<c>who</c>), the argument and the value, e.g. "Adam: epsilon must be finite and &gt; 0; got 0.".</summary>
internal static class ArgumentChecks
{
    /// <summary>A finite value ≥ 0 (learning rates, ε, standard deviations, weight decay).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public static double NonNegative(string who, string name, double value)
    {
        if (!(value >= 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"{who}: {name} must be finite and ≥ 0; got {value}.");
        return value;
    }

    /// <summary>A finite value &gt; 0 (step counts, ε, clipping thresholds).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive, or infinite or NaN.</exception>
    public static double Positive(string who, string name, double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"{who}: {name} must be finite and > 0; got {value}.");
        return value;
    }

    /// <summary>A finite value (any sign).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is infinite or NaN.</exception>
    public static double Finite(string who, string name, double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"{who}: {name} must be finite; got {value}.");
        return value;
    }
}
